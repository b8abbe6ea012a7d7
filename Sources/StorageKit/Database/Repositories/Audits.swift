import Foundation
import Logging
import PostgresNIO
import QueueKit

/// What audits record and what `audit status` and the scheduler read.
public enum Audits {
    /// How the audits stand: `ss-cli audit status`.
    public struct Standing: Sendable, Codable, Equatable {
        public struct Day: Sendable, Codable, Equatable {
            public var day: String
            public var bytes: Int64
            public var copies: Int64
        }

        /// The AIPs an audit checks (stored or damaged).
        public var aips: Int
        public var damaged: Int
        /// The oldest audit (or store) of any of them (RFC 3339).
        public var oldestAudit: String?
        /// Audited longer ago than `every`, and their copies, primaries counted.
        public var aipsOverdue: Int
        public var copiesOverdue: Int
        /// Seconds.
        public var every: Double
        /// The bytes read by audits on each of the last seven days (UTC) that had any.
        public var reads: [Day]
        /// `oldestAudit` as a date (not in the document).
        public var oldestAuditAt: Date? = nil

        enum CodingKeys: String, CodingKey {
            case aips, damaged, every, reads
            case oldestAudit = "oldest_audit", aipsOverdue = "aips_overdue", copiesOverdue = "copies_overdue"
        }
    }

    public static func standing(every: Duration, now: Date = Date(), on db: some PostgresExecutor, logger: Logger) async throws -> Standing {
        let seconds = Double(every.components.seconds)
        let row = try await db.decode(AuditsSQL.standing(cutoff: now.addingTimeInterval(-seconds)), as: (Date?, Int, Int64, Int, Int).self,
                                      logger: logger).first
        let reads = try await db.decode(AuditsSQL.reads(days: 7), as: (String, Int64, Int64).self, logger: logger)
        let oldest = (row?.0).flatMap { $0 }
        return Standing(aips: row?.4 ?? 0, damaged: row?.3 ?? 0, oldestAudit: oldest.map(RFC3339.string), aipsOverdue: row?.1 ?? 0, copiesOverdue: Int(row?.2 ?? 0),
                        every: seconds, reads: reads.map { Standing.Day(day: $0.0, bytes: $0.1, copies: $0.2) }, oldestAuditAt: oldest)
    }

    /// The AIPs `aip audit --all` (or `--location`) audits, oldest audit first.
    public static func auditable(location: UUID?, on db: some PostgresExecutor, logger: Logger) async throws -> [UUID] {
        try await db.decode(AuditsSQL.auditable(location: location), as: UUID.self, logger: logger)
    }

    /// Up to `limit` AIPs last audited at `cutoff` or before, and not tried since `retried`, oldest first.
    static func due(cutoff: Date, retried: Date, limit: Int, on db: some PostgresExecutor, logger: Logger) async throws -> [UUID] {
        try await db.decode(AuditsSQL.due(cutoff: cutoff, retried: retried, limit: limit), as: UUID.self, logger: logger)
    }

    /// What one pass over every AIP reads (`AuditsSQL.totalBytes`).
    static func totalBytes(on db: some PostgresExecutor, logger: Logger) async throws -> Int64 {
        try await db.decode(AuditsSQL.totalBytes, as: Int64.self, logger: logger).first ?? 0
    }
}
