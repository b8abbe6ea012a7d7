import Foundation
import Logging
import PostgresNIO
import Synchronization

/// What a running handler can see and say: which job and attempt it is, its progress
/// (written to the job row with the next heartbeat), whether it should stop, and the
/// database, so that it can end its job in the same transaction as its own changes.
public final class JobContext: Sendable {
    public let job: ClaimedJob
    public let logger: Logger
    /// The worker's pool, for the handler's own reads and writes.
    public let db: any PostgresExecutor
    private let schema: QueueSchema
    private let backoff: Backoff
    private let progressValue = Mutex<(done: Int64, total: Int64)?>(nil)

    init(job: ClaimedJob, logger: Logger, db: any PostgresExecutor, schema: QueueSchema, backoff: Backoff) {
        self.job = job
        self.logger = logger
        self.db = db
        self.schema = schema
        self.backoff = backoff
    }

    /// The queue of the worker's schema, for a handler that enqueues follow-up jobs in the
    /// transaction that ends its own (`commit`'s body).
    public var queue: JobQueue { JobQueue(schema: schema, logger: logger) }

    /// Records progress in bytes (or any unit the kind documents).
    public func reportProgress(done: Int64, total: Int64) {
        progressValue.withLock { $0 = (done, total) }
    }

    var progress: (done: Int64, total: Int64)? { progressValue.withLock { $0 } }

    /// A checkpoint: throws `CancellationError` when the job was cancelled, the worker is
    /// shutting down past its grace period, or the job's lease was lost.
    public func checkCancellation() throws {
        try Task.checkCancellation()
    }

    public var isCancelled: Bool { Task.isCancelled }

    /// Runs `body` and writes this attempt's ending (`outcome`) in one transaction, so a
    /// domain change (an AIP now stored at its new place) and the job's completion commit
    /// together or not at all. The ending is guarded like every other: when the row is no
    /// longer this attempt's (lease lost, rescued), everything rolls back and a retryable
    /// `lease_lost` failure is thrown. Return the result from `run`.
    public func commit(
        _ outcome: JobOutcome = .succeeded(nil), _ body: @Sendable (PostgresConnection) async throws -> Void
    ) async throws -> JobOutcome {
        guard case .record(let completion) = AttemptResolution.resolve(
            job: job, outcome: .success(outcome), stopReason: nil, backoff: backoff) else {
            return outcome
        }
        let statement = JobsSQL.Finish(
            ids: [completion.id], attempts: [Int32(completion.attempt)], states: [completion.state.rawValue],
            results: [completion.resultJSON], errors: [completion.errorJSON], delays: [completion.retryDelay],
            doneChannel: schema.doneChannel, workerChannel: schema.workerChannel)
        let logger = self.logger
        try await db.onConnection { connection in
            try await connection.transaction(logger: logger) { tx in
                try await body(tx)
                let written = try await tx.all(statement, logger: logger).first?.0 ?? 0
                guard written == 1 else {
                    throw JobFailure.retryable("lease_lost", "the job's row is no longer this attempt's; nothing was committed")
                }
            }
        }
        return .committed(completion.state)
    }

    /// Runs `body` in a transaction that first locks this attempt's job row and checks it
    /// is still this attempt's: a step that must not be taken by a worker that lost its
    /// lease (pointing an AIP at a new place before removing the old one) commits only
    /// while the job is ours. Throws a retryable `lease_lost` otherwise.
    public func transaction(_ body: @Sendable (PostgresConnection) async throws -> Void) async throws {
        let logger = self.logger
        try await db.onConnection { connection in
            try await connection.transaction(logger: logger) { tx in
                try await requireAttempt(in: tx)
                try await body(tx)
            }
        }
    }

    /// Locks this attempt's job row inside `tx` and throws a retryable `lease_lost` unless
    /// it is still this attempt's; the lock holds until `tx` ends. Taken before a step on
    /// the disk inside a transaction that ends the attempt (an undo in `commit`'s body), so
    /// that a worker that lost its lease cannot take it while another attempt runs.
    public func requireAttempt(in tx: PostgresConnection) async throws {
        guard try await !tx.rows(JobsSQL.lockAttempt(job.id, attempt: job.attempt), logger: logger).isEmpty else {
            throw JobFailure.retryable("lease_lost", "the job's row is no longer this attempt's; nothing was committed")
        }
    }
}
