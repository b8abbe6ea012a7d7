import CoreMetrics

/// What the data path records through swift-metrics: bytes copied into place (stores,
/// moves, replications, repairs) and bytes read to verify a stored copy (fixity, audits).
/// Kept only where the process bootstrapped a backend (`ss-worker --metrics-listen`).
enum DataPathMetrics {
    static func copied(_ bytes: Int64) {
        Counter(label: "ss_bytes_copied_total").increment(by: bytes)
    }

    static func verified(_ bytes: Int64) {
        Counter(label: "ss_bytes_verified_total").increment(by: bytes)
    }
}
