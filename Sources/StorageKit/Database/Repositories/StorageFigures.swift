import Foundation
import Logging
import PostgresNIO
import QueueKit

/// What `/metrics` shows of AIPs, locations, copies and audits.
public struct StorageFigures: Sendable {
    public var aips: [(status: String, location: String, count: Int64)]
    /// Bytes held, and the location's directory (its free space is looked at apart, off
    /// the database connection: `FreeSpace`).
    public var locations: [(name: String, bytes: Int64, path: String)]
    public var copies: [(state: String, location: String, count: Int64)]
    public var fixityFailures: Int64
    public var auditBytesRead: Int64
    public var copiesOverdue: Int
    /// Seconds since the oldest audit (or store) of an AIP; nil with none.
    public var oldestAuditAge: Double?

    public static func read(every: Duration, on db: some PostgresExecutor, logger: Logger) async throws -> StorageFigures {
        let standing = try await Audits.standing(every: every, on: db, logger: logger)
        let locations = try await db.decode(FiguresSQL.locations, as: (String, String, Int64).self, logger: logger)
        return StorageFigures(
            aips: try await db.decode(FiguresSQL.aips, as: (String, String, Int64).self, logger: logger).map { ($0.0, $0.1, $0.2) },
            locations: locations.map { ($0.0, $0.2, $0.1) },
            copies: try await db.decode(FiguresSQL.copies, as: (String, String, Int64).self, logger: logger).map { ($0.0, $0.1, $0.2) },
            fixityFailures: try await db.decode(FiguresSQL.fixityFailures, as: Int64.self, logger: logger).first ?? 0,
            auditBytesRead: try await db.decode(FiguresSQL.auditBytes, as: Int64.self, logger: logger).first ?? 0,
            copiesOverdue: standing.copiesOverdue,
            oldestAuditAge: standing.oldestAuditAt.map { Date().timeIntervalSince($0) })
    }
}
