import Foundation
import Logging
import PostgresNIO
import QueueKit

/// The integer ids of the v2 `async/` resource, each naming one job. Clients of the
/// Archivematica Storage Service parse these ids as integers; the job behind one is as
/// durable as any other, so a poll after a restart still finds it.
public enum AsyncTasks {
    /// The id of `job`, made on first use.
    public static func id(for job: UUID, on db: some PostgresExecutor, logger: Logger) async throws -> Int64 {
        if let id = try await db.decode(APISQL.asyncID(for: job), as: Int64.self, logger: logger).first { return id }
        // Another request made it in a transaction ours cannot see yet: read it again.
        guard let id = try await db.decode(APISQL.asyncID(for: job), as: Int64.self, logger: logger).first else {
            throw QueueError(.conflict, "no async id could be made for job \(job.uuidString.lowercased()); try again")
        }
        return id
    }

    /// The job behind `id` and when the id was made; `notFound` if there is none.
    public static func job(_ id: Int64, on db: some PostgresExecutor, logger: Logger) async throws -> UUID {
        guard let (job, _) = try await db.decode(APISQL.asyncJob(id), as: (UUID, Date).self, logger: logger).first else {
            throw QueueError(.notFound, "no async task \(id)")
        }
        return job
    }
}
