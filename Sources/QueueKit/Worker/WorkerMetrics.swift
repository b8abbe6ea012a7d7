import CoreMetrics
import Foundation

/// What a worker records through swift-metrics: each job's duration by kind and outcome,
/// the jobs it runs, and its last heartbeat. Nothing is kept unless the process
/// bootstrapped a metrics backend (`ss-worker --metrics-listen`).
enum WorkerMetrics {
    static func ended(_ kind: String, _ outcome: String, after duration: Duration) {
        Timer(label: "ss_job_duration_seconds", dimensions: [("kind", kind), ("outcome", outcome)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(duration / .nanoseconds(1) > Double(Int64.max) ? Int64.max : Int64(duration / .nanoseconds(1)))
    }

    static func running(_ count: Int) {
        Gauge(label: "ss_worker_running_jobs").record(count)
    }

    /// A heartbeat reached the database (or there was nothing to heartbeat).
    static func heartbeat() {
        Gauge(label: "ss_worker_heartbeat_timestamp_seconds").record(Date().timeIntervalSince1970)
    }

    /// The outcome label of an attempt's resolution.
    static func outcome(_ resolution: AttemptResolution) -> String {
        switch resolution {
        case .record(let completion): completion.state.rawValue
        case .committed(let state): state.rawValue
        case .release: "released"
        case .discard: "lease_lost"
        }
    }
}
