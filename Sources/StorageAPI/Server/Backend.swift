import Foundation
import Logging
import PostgresNIO
import QueueKit
import StorageKit

/// What the routes share: the database, the queue, the job watch and the server's limits.
struct Backend: Sendable {
    let pool: ConnectionPool
    let settings: DatabaseSettings
    let watch: JobWatch
    let body: BodyReader
    /// Reads the lines of a batch the way `ss-cli batch submit` does (the CLI owns that grammar).
    let parseBatch: @Sendable (String) throws -> [(line: Int, operation: AIPOperation)]
    let logger: Logger

    var queue: JobQueue { JobQueue(schema: settings.schema, logger: logger) }

    /// Submissions made through the API name the key's user in the AIP's history.
    func requests(_ context: APIContext) -> AIPRequests {
        AIPRequests(queue: queue, actor: "\(context.user) (api)")
    }

    /// Runs `body` on a pooled connection; a database out of reach is a 503 that says so.
    func database<R>(_ body: (PostgresConnection) async throws -> R) async throws -> R {
        do {
            return try await pool.onConnection(body)
        } catch {
            throw Database.translate(error, settings)
        }
    }

    /// The job once it has ended, or as it is when `timeout` passes first.
    func job(_ id: UUID, waitingUpTo timeout: Duration?) async throws -> JobRecord {
        let read: @Sendable () async throws -> JobRecord = { try await self.database { db in try await self.queue.get(id, on: db) } }
        guard let timeout, timeout > .zero else { return try await read() }
        if let finished = try await watch.until(timeout: timeout, { () async throws -> JobRecord? in
            let job = try await read()
            return job.state.isTerminal ? job : nil
        }) {
            return finished
        }
        return try await read()
    }

    /// The job once it has ended, however long that takes (a v2 request that holds its
    /// connection open the way Archivematica expects).
    func finished(_ id: UUID) async throws -> JobRecord {
        guard let job = try await watch.until(timeout: nil, { () async throws -> JobRecord? in
            let job = try await self.database { db in try await self.queue.get(id, on: db) }
            return job.state.isTerminal ? job : nil
        }) else {
            throw APIError(.serviceUnavailable, "the server is shutting down; job \(id.uuidString.lowercased()) goes on")
        }
        return job
    }
}
