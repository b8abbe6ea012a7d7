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
    /// Where the API may add locations.
    let locations: LocationPolicy
    /// Long reads in requests (files out of compressed AIPs, transfer METS), bounded.
    let archiveReads = ArchiveReads()
    /// Reads the lines of a batch the way `ss-cli batch submit` does (the CLI owns that grammar).
    let parseBatch: @Sendable (String) throws -> [(line: Int, operation: AIPOperation)]
    /// The archive's figures, read from the database at most every few seconds.
    let figures: Cached<ArchiveFigures>
    /// `/metrics`, from `figures`.
    let metrics: MetricsPage
    let logger: Logger

    var queue: JobQueue { JobQueue(schema: settings.schema, logger: logger) }

    /// Submissions made through the API name the key's user in the AIP's history.
    func requests(_ context: APIContext) -> AIPRequests {
        AIPRequests(queue: queue, actor: "\(context.user) (api)", submitter: context.user, mayDelete: context.scopes.allow(.admin))
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
        guard let timeout, timeout > .zero else { return try await read(id) }
        if let ended = try await ended(id, timeout: timeout) { return ended }
        return try await read(id)
    }

    /// The longest a v2 request waits for its job: Archivematica's own client gives up
    /// after a day (`storage_service_client_timeout`).
    static let longestWait = Duration.seconds(86_400)

    /// The job once it has ended (a v2 request that holds its connection open the way
    /// Archivematica expects), up to `longestWait` or a shutdown, after which the job goes
    /// on and the answer says where to follow it.
    func finished(_ id: UUID) async throws -> JobRecord {
        guard let job = try await ended(id, timeout: Self.longestWait) else {
            let job = id.uuidString.lowercased()
            throw APIError(.serviceUnavailable, "stopped waiting for job \(job) (the server is shutting down, or a day passed); it goes on: follow it at /api/v3/jobs/\(job)")
        }
        return job
    }

    private func read(_ id: UUID) async throws -> JobRecord {
        try await database { db in try await queue.get(id, on: db) }
    }

    /// The job once it has ended; nil when `timeout` passes first or the server shuts down.
    private func ended(_ id: UUID, timeout: Duration) async throws -> JobRecord? {
        try await watch.until(job: id, timeout: timeout) { () async throws -> JobRecord? in
            let job = try await self.read(id)
            return job.state.isTerminal ? job : nil
        }
    }
}
