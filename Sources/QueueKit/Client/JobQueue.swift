import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The client side of the queue: enqueue, inspect, cancel and retry jobs.
///
/// Every operation takes the executor to run on, so a caller can enqueue inside its own
/// transaction (pass the transaction's connection) or on a pool.
public struct JobQueue: Sendable {
    public let schema: QueueSchema
    public let logger: Logger

    public init(schema: QueueSchema = .default, logger: Logger = Logger(label: "ss.queue")) {
        self.schema = schema
        self.logger = logger
    }

    /// Enqueues all `jobs` in one statement and returns their ids in order. A job whose
    /// idempotency key is already taken is not inserted: the existing job's id is returned.
    @discardableResult
    public func enqueue(_ jobs: [NewJob], on db: some PostgresExecutor) async throws -> [UUID] {
        guard !jobs.isEmpty else { return [] }
        var checked = ""
        for job in jobs { try Self.checkQueueName(job.queue, after: &checked) }
        if JobsSQL.Copy.applies(to: jobs) {
            try await copy(count: jobs.count, on: db) { jobs[$0] }
            return jobs.map(\.id)
        }
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let columns = JobsSQL.NewJobColumns(
            ids: jobs.map(\.id), kinds: jobs.map(\.kind), queues: jobs.map(\.queue),
            priorities: jobs.map { Int32(clamping: $0.priority) }, args: jobs.map(\.argsJSON),
            maxAttempts: jobs.map { Int32(clamping: $0.maxAttempts) },
            runAts: jobs.map { $0.runAt.map(iso.string(from:)) ?? "" },
            keys: jobs.map { $0.idempotencyKey ?? "" },
            batches: jobs.map { $0.batchID?.uuidString ?? "" },
            packages: jobs.map { $0.packageUUID?.uuidString ?? "" },
            submitters: jobs.map(\.submittedBy), digests: jobs.map { $0.idempotencyDigest ?? "" })
        guard jobs.contains(where: { $0.idempotencyKey != nil }) else {
            _ = try await db.all(JobsSQL.Insert(columns: columns), logger: logger)
            return jobs.map(\.id)
        }
        let inserted = Set(try await db.all(JobsSQL.InsertKeyed(columns: columns), logger: logger))
        let missing = jobs.filter { !inserted.contains($0.id) && $0.idempotencyKey != nil }
        guard !missing.isEmpty else { return jobs.map(\.id) }
        var existing: [String: UUID] = [:]
        let query = JobsSQL.idsForKeys(missing.map(\.submittedBy), missing.map { $0.idempotencyKey ?? "" })
        for (submitter, key, id, _) in try await db.decode(query, as: (String, String, UUID, String?).self, logger: logger) {
            existing[submitter + "\u{0}" + key] = id
        }
        return jobs.map { job in
            inserted.contains(job.id) ? job.id : (job.idempotencyKey.flatMap { existing[job.submittedBy + "\u{0}" + $0] } ?? job.id)
        }
    }

    /// Enqueues `count` jobs in one COPY, each made by `make` only when the COPY reaches
    /// it, and returns their ids in order: the database takes the first rows while the
    /// rest are being made (a million-job `ping` that made them all first left it idle for
    /// half a second), and they never sit in memory as `NewJob`s. For the jobs COPY takes:
    /// one with an idempotency key or a start time fails the whole enqueue, and nothing
    /// is inserted.
    @discardableResult
    public func enqueue(count: Int, on db: some PostgresExecutor, making make: (Int) -> NewJob) async throws -> [UUID] {
        guard count > 0 else { return [] }
        func copyable(_ i: Int) throws -> NewJob {
            let job = make(i)
            guard JobsSQL.Copy.takes(job) else {
                throw QueueError(.invalidInput, "job \(i) of a streamed enqueue has an idempotency key or a start time: enqueue it as an array")
            }
            return job
        }
        guard count >= JobsSQL.Copy.threshold else { return try await enqueue((0..<count).map(copyable), on: db) }
        var ids: [UUID] = []
        ids.reserveCapacity(count)
        var checked = ""
        try await copy(count: count, on: db) { i in
            let job = try copyable(i)
            try Self.checkQueueName(job.queue, after: &checked)
            ids.append(job.id)
            return job
        }
        return ids
    }

    /// Streams the rows in slices of 4,096, each job taken from `job` as its slice is
    /// written, so that a big enqueue never sits in memory twice. An error from `job`
    /// fails the COPY: nothing is inserted.
    private func copy(count: Int, on db: some PostgresExecutor, job: (Int) throws -> NewJob) async throws {
        try await db.onConnection { c in
            try await c.copyFrom(table: "jobs", columns: JobsSQL.Copy.columns, logger: logger) { writer in
                var buffer = ByteBuffer()
                for slice in stride(from: 0, to: count, by: 4096) {
                    buffer.clear()
                    for i in slice..<min(slice + 4096, count) { JobsSQL.Copy.append(try job(i), to: &buffer) }
                    try await writer.write(buffer)
                }
            }
        }
    }

    /// Throws unless `queue` is a queue name; `checked`, the last name that passed, spares
    /// a run of jobs to one queue the same check.
    private static func checkQueueName(_ queue: String, after checked: inout String) throws {
        guard queue != checked else { return }
        guard isQueueName(queue) else {
            throw QueueError(.invalidInput, "invalid queue name '\(queue.prefix(80))': give 1 to 64 letters, digits, '_', '.' or '-'")
        }
        checked = queue
    }

    /// 1 to 64 ASCII letters, digits, `_`, `.` or `-`: a queue is named by operators, and
    /// its name is a label of `/metrics` and a word of `ss-worker --queues`.
    public static func isQueueName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2E || c == 0x2D
        }
    }

    public func enqueue(_ job: NewJob, on db: some PostgresExecutor) async throws -> UUID {
        try await enqueue([job], on: db)[0]
    }

    /// The job that already holds `submitter`'s idempotency key, if any, and the digest
    /// of the request the key is bound to.
    public func job(forIdempotencyKey key: String, submittedBy submitter: String = "",
                    on db: some PostgresExecutor) async throws -> (id: UUID, digest: String?)? {
        try await db.decode(JobsSQL.idsForKeys([submitter], [key]), as: (String, String, UUID, String?).self, logger: logger)
            .first.map { ($0.2, $0.3) }
    }

    /// The job, or a `notFound` error naming it.
    public func get(_ id: UUID, on db: some PostgresExecutor) async throws -> JobRecord {
        if let row = try await db.rows(JobsSQL.get(id), logger: logger).first { return try JobRow.decode(row) }
        throw QueueError(.notFound, "no job \(id.uuidString.lowercased())")
    }

    /// Newest first, in a transaction of its own that keeps the page in index order
    /// (`JobsSQL.inIndexOrder`).
    public func list(_ filter: JobFilter, on db: some PostgresExecutor) async throws -> [JobRecord] {
        try await db.onConnection { c in
            try await c.transaction(logger: logger) { tx in
                try await tx.run(JobsSQL.inIndexOrder, logger: logger)
                return try await tx.rows(JobsSQL.list(filter), logger: logger).map(JobRow.decode)
            }
        }
    }

    /// The jobs not yet ended of each of these AIPs (`package`), oldest first: what
    /// stands in the way of another operation on them.
    public func unfinishedJobs(forPackages uuids: [UUID], on db: some PostgresExecutor) async throws -> [(package: UUID, id: UUID, kind: String)] {
        try await db.decode(JobsSQL.unfinished(forPackages: uuids), as: (UUID, UUID, String).self, logger: logger).map { ($0.0, $0.1, $0.2) }
    }

    /// What `cancel` did: a waiting job is cancelled at once; a running one is asked to stop.
    public enum CancelResult: Sendable, Equatable {
        case cancelled
        case requested
        case alreadyCancelled
    }

    /// Cancels a waiting job at once; asks the worker of a running one to stop it (NOTIFY),
    /// which its handler sees as task cancellation at its next checkpoint.
    public func cancel(_ id: UUID, on connection: PostgresConnection) async throws -> CancelResult {
        try await connection.transaction(logger: logger) { tx in
            let state = try await lockedState(id, on: tx)
            switch state {
            case .queued, .scheduled, .retryable, .running:
                let counts = try await tx.decode(JobsSQL.cancel(.job(id), schema: schema), as: (Int64, Int64, Int64, Int64).self, logger: logger)
                return counts.first?.0 == 1 ? .cancelled : .requested
            case .cancelled:
                return .alreadyCancelled
            case .succeeded, .failed:
                throw QueueError(.conflict, "job \(id.uuidString.lowercased()) has already \(state.rawValue); there is nothing to cancel")
            }
        }
    }

    /// Puts a failed or cancelled job back in the queue with a fresh attempt budget; its
    /// earlier errors stay in `errors`.
    public func retry(_ id: UUID, on connection: PostgresConnection) async throws {
        try await connection.transaction(logger: logger) { tx in
            let state = try await lockedState(id, on: tx)
            guard state == .failed || state == .cancelled else {
                throw QueueError(.conflict, "job \(id.uuidString.lowercased()) is \(state.rawValue); only failed or cancelled jobs can be retried")
            }
            try await tx.run(JobsSQL.retry(id, workerChannel: schema.workerChannel), logger: logger)
        }
    }

    private func lockedState(_ id: UUID, on tx: PostgresConnection) async throws -> JobState {
        if let (state, _) = try await tx.decode(JobsSQL.lockState(id), as: (String, String).self, logger: logger).first,
           let s = JobState(rawValue: state) {
            return s
        }
        throw QueueError(.notFound, "no job \(id.uuidString.lowercased())")
    }
}
