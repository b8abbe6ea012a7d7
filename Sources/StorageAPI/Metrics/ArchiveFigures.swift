import Foundation
import Logging
import PostgresNIO
import QueueKit
import StorageKit

/// The archive as the database has it: the queue, the AIPs, the locations, the copies
/// and the audits, with the locations' free space. `/metrics` and the dashboard's overview
/// show the same reading, a few aggregate queries made at most every 5 s (`Cached`).
struct ArchiveFigures: Sendable {
    var queue: QueueFigures
    var storage: StorageFigures
    /// Free bytes by location directory (looked at off the connection: `FreeSpace`).
    var free: [String: Int64]

    static func reader(pool: ConnectionPool, queue: JobQueue, every: Duration, logger: Logger) -> Cached<ArchiveFigures> {
        let space = FreeSpace()
        return Cached(freshness: .seconds(5)) {
            let (q, s) = try await pool.onConnection { db in
                (try await queue.figures(on: db), try await StorageFigures.read(every: every, on: db, logger: logger))
            }
            return ArchiveFigures(queue: q, storage: s, free: await space.free(of: s.locations.map(\.path)))
        }
    }
}
