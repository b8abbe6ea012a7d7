import Foundation
import QueueKit

/// `[audit]`: how often every copy must be verified, and the bytes per second a worker's
/// audits may read.
public struct AuditSettings: Sendable, Equatable {
    public var every: Duration = .seconds(90 * 86_400)
    /// Bytes per second; 0 for no limit.
    public var bandwidth: Double = 0

    public init(every: Duration = .seconds(90 * 86_400), bandwidth: Double = 0) {
        self.every = every
        self.bandwidth = bandwidth
    }

    /// From `--audit-every`/`--audit-bandwidth`, else `SS_AUDIT_*`, else `[audit]`.
    public static func resolve(every: String?, bandwidth: String?, environment: Environment) throws -> AuditSettings {
        var settings = AuditSettings()
        if let text = Settings.value("audit.every", flag: every, environment: environment) {
            settings.every = try duration(text, name: "audit.every")
        }
        if let text = Settings.value("audit.bandwidth", flag: bandwidth, environment: environment) {
            settings.bandwidth = try bytesPerSecond(text, name: "audit.bandwidth")
        }
        return settings
    }

    /// `90d`, `12h`, `30m`, `45s`, `2w`; a bare number is days.
    public static func duration(_ text: String, name: String) throws -> Duration {
        let units: [(String, Double)] = [("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1), ("", 86_400)]
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        for (suffix, seconds) in units where t.hasSuffix(suffix) {
            // A minute to a century: a Duration beyond that would trap.
            if let n = Double(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), (60...3_155_760_000).contains(n * seconds) {
                return .seconds(n * seconds)
            }
        }
        throw QueueError(.invalidInput, "\(name) must be a duration from a minute to a century, such as 90d, 12h or 30m, not '\(text)'")
    }

    /// `100MiB` (or `100M`, as rsync reads it), `1.5GB` (10⁹), `500KiB`, a bare number
    /// of bytes, each with `/s` or not; `0` for no limit.
    public static func bytesPerSecond(_ text: String, name: String) throws -> Double {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("/s") { t.removeLast(2) }
        let units: [(String, Double)] = [
            ("KiB", 0x1p10), ("MiB", 0x1p20), ("GiB", 0x1p30), ("TiB", 0x1p40),
            ("KB", 1e3), ("MB", 1e6), ("GB", 1e9), ("TB", 1e12),
            ("K", 0x1p10), ("M", 0x1p20), ("G", 0x1p30), ("T", 0x1p40), ("B", 1), ("", 1),
        ]
        for (suffix, factor) in units where t.uppercased().hasSuffix(suffix.uppercased()) {
            // At least 1 KiB/s (the time a chunk's booking takes must stay a Duration), or 0.
            if let n = Double(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), n == 0 || (1024...1e15).contains(n * factor) {
                return n * factor
            }
        }
        throw QueueError(.invalidInput, "\(name) must be bytes per second from 1KiB to 1PB, such as 100MiB or 1GB, or 0 (no limit), not '\(text)'")
    }
}
