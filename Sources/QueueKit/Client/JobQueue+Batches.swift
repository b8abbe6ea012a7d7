import Foundation
import Logging
import PostgresNIO

extension JobQueue {
    /// Where a batch stands: jobs per state, bytes done and to do, and the first errors.
    public struct BatchStatus: Sendable, Encodable {
        public struct Failure: Sendable, Encodable {
            public var job: UUID
            public var state: String
            public var code: String
            public var message: String

            public func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(job.uuidString.lowercased(), forKey: .job)
                try c.encode(state, forKey: .state)
                try c.encode(code, forKey: .code)
                try c.encode(message, forKey: .message)
            }

            enum CodingKeys: String, CodingKey { case job, state, code, message }
        }

        public var id: UUID
        public var jobs: Int
        public var states: [String: Int]
        public var bytesDone: Int64
        public var bytesTotal: Int64
        public var errors: [Failure]

        /// Every job ended (succeeded, failed or cancelled).
        public var isFinished: Bool { finished == jobs }
        public var finished: Int { ["succeeded", "failed", "cancelled"].reduce(0) { $0 + (states[$1] ?? 0) } }
        public var allSucceeded: Bool { states["succeeded", default: 0] == jobs }

        enum CodingKeys: String, CodingKey {
            case id, jobs, states, errors
            case bytesDone = "bytes_done", bytesTotal = "bytes_total"
        }

        /// UUIDs in lower case, as in every other document.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id.uuidString.lowercased(), forKey: .id)
            try c.encode(jobs, forKey: .jobs)
            try c.encode(states, forKey: .states)
            try c.encode(bytesDone, forKey: .bytesDone)
            try c.encode(bytesTotal, forKey: .bytesTotal)
            try c.encode(errors, forKey: .errors)
        }
    }

    /// Records a batch of `jobs` jobs. With a key already used, nothing is recorded and
    /// the existing batch's id comes back with `created == false`.
    /// `submitter` and `digest` as in `NewJob`.
    public func createBatch(_ id: UUID, idempotencyKey: String?, digest: String? = nil, submittedBy submitter: String = "", jobs: Int,
                            on db: some PostgresExecutor) async throws -> (id: UUID, created: Bool, digest: String?) {
        let insert = BatchesSQL.insert(id, key: idempotencyKey, digest: digest, submitter: submitter, jobs: jobs)
        if try await !db.rows(insert, logger: logger).isEmpty {
            return (id, true, digest)
        }
        guard let key = idempotencyKey, let existing = try await batch(forIdempotencyKey: key, submittedBy: submitter, on: db) else {
            throw QueueError(.conflict, "batch \(id.uuidString.lowercased()) could not be recorded")
        }
        return (existing.id, false, existing.digest)
    }

    /// The batch that holds `submitter`'s idempotency key, and the digest it is bound to.
    public func batch(forIdempotencyKey key: String, submittedBy submitter: String = "",
                      on db: some PostgresExecutor) async throws -> (id: UUID, digest: String?)? {
        try await db.decode(BatchesSQL.byKey(key, submitter: submitter), as: (UUID, String?).self, logger: logger).first.map { ($0.0, $0.1) }
    }

    /// The API user who submitted the batch (nil for an operator); `notFound` for none.
    public func batchSubmitter(_ id: UUID, on db: some PostgresExecutor) async throws -> String? {
        guard let who = try await db.decode(BatchesSQL.submitter(id), as: String.self, logger: logger).first else {
            throw QueueError(.notFound, "no batch \(id.uuidString.lowercased())")
        }
        return who.nonEmpty
    }

    /// A batch as a list of them shows it: when and by whom, and its jobs per state.
    public struct BatchSummary: Sendable {
        public var id: UUID
        public var createdAt: Date
        public var submitter: String
        public var states: [String: Int]
        public var jobs: Int { states.values.reduce(0, +) }
    }

    /// The newest `limit` batches, newest first.
    public func recentBatches(limit: Int, on db: some PostgresExecutor) async throws -> [BatchSummary] {
        var out: [BatchSummary] = []
        for (id, at, who, state, count) in try await db.decode(BatchesSQL.recent(limit: limit), as: (UUID, Date, String, String?, Int).self, logger: logger) {
            if out.last?.id != id { out.append(BatchSummary(id: id, createdAt: at, submitter: who, states: [:])) }
            if let state { out[out.count - 1].states[state] = count }
        }
        return out
    }

    /// `notFound` for a batch nobody submitted.
    public func batchStatus(_ id: UUID, errorLimit: Int = 5, on db: some PostgresExecutor) async throws -> BatchStatus {
        try await requireBatch(id, on: db)
        var status = BatchStatus(id: id, jobs: 0, states: [:], bytesDone: 0, bytesTotal: 0, errors: [])
        for (state, count, done, total) in try await db.decode(BatchesSQL.counts(id), as: (String, Int, Int64, Int64).self, logger: logger) {
            status.states[state] = count
            status.jobs += count
            status.bytesDone += done
            status.bytesTotal += total
        }
        status.errors = try await db.decode(BatchesSQL.firstErrors(id, limit: errorLimit), as: (UUID, String, String, String).self, logger: logger)
            .map { BatchStatus.Failure(job: $0.0, state: $0.1, code: $0.2, message: $0.3) }
        return status
    }

    public func batchJobIDs(_ id: UUID, on db: some PostgresExecutor) async throws -> [UUID] {
        try await requireBatch(id, on: db)
        return try await db.decode(BatchesSQL.jobIDs(id), as: UUID.self, logger: logger)
    }

    /// Cancels every unfinished job of the batch; returns how many were cancelled at once
    /// and how many running ones were asked to stop.
    public func cancelBatch(_ id: UUID, on db: some PostgresExecutor) async throws -> (cancelled: Int, stopping: Int) {
        try await requireBatch(id, on: db)
        let row = try await db.decode(JobsSQL.cancel(.batch(id), schema: schema),
                                      as: (Int, Int, Int, Int).self, logger: logger).first
        return (row?.0 ?? 0, row?.1 ?? 0)
    }

    /// Waits until every job of the batch has ended; woken by NOTIFY, polling each second.
    public func waitForBatch(
        _ id: UUID, timeout: Duration?, on connection: PostgresConnection,
        progress: (@Sendable (WaitProgress) -> Void)? = nil
    ) async throws -> BatchStatus {
        try await requireBatch(id, on: connection)
        var last: BatchStatus?
        try await waitUntil(timeout: timeout, on: connection, unfinished: {
            last.map { "\($0.jobs - $0.finished) of \($0.jobs) jobs still unfinished" } ?? "unfinished"
        }) {
            let status = try await self.batchStatus(id, on: connection)
            last = status
            progress?(WaitProgress(jobs: status.jobs, finished: status.finished, bytesDone: status.bytesDone, bytesTotal: status.bytesTotal))
            return status.isFinished
        }
        return last!
    }

    private func requireBatch(_ id: UUID, on db: some PostgresExecutor) async throws {
        guard try await db.decode(BatchesSQL.exists(id), as: Bool.self, logger: logger).first == true else {
            throw QueueError(.notFound, "no batch \(id.uuidString.lowercased())")
        }
    }
}
