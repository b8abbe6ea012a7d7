import Foundation
import Logging
import PostgresNIO
import QueueKit

/// How a submission is queued (shared by every AIP operation).
public struct SubmitOptions: Sendable {
    public var priority = 0
    public var queue = "default"
    public var idempotencyKey: String?
    public var maxAttempts = 25

    public init(priority: Int = 0, queue: String = "default", idempotencyKey: String? = nil) {
        self.priority = priority
        self.queue = queue
        self.idempotencyKey = idempotencyKey
    }
}

/// Submitting AIP operations, one or a batch: every check that can be made before
/// anything is enqueued is made (`SubmissionPlan`; the CLI and the HTTP API share it),
/// then the jobs are enqueued in one transaction with the rows of the AIPs they store.
/// A resubmission with an idempotency key already used returns what that key made and
/// checks nothing.
public struct AIPRequests: Sendable {
    public let queue: JobQueue
    public let actor: String

    public init(queue: JobQueue, actor: String) {
        self.queue = queue
        self.actor = actor
    }

    private var logger: Logger { queue.logger }

    /// One operation; its checks fail with their own codes (66 for a missing AIP, …).
    public func submit(_ operation: AIPOperation, options: SubmitOptions = SubmitOptions(), on db: PostgresConnection) async throws -> UUID {
        if let key = options.idempotencyKey, let existing = try await queue.jobID(forIdempotencyKey: key, on: db) { return existing }
        let uuid = operation.packageUUID()
        do {
            return try await db.transaction(logger: logger) { tx in
                var plan = try await SubmissionPlan.load([(operation, uuid)], actor: actor, options: options, on: tx, logger: logger)
                let id = try plan.add(operation, uuid: uuid)
                let enqueued = try await write(plan, on: tx)
                // Another submission with the same key won the race: undo ours, answer with its job.
                if enqueued.first != id, let existing = enqueued.first { throw KeyTaken(job: existing) }
                return id
            }
        } catch let taken as KeyTaken {
            return taken.job
        }
    }

    private struct KeyTaken: Error {
        var job: UUID
    }

    /// What a batch submission made: its id, its jobs in line order, and whether it is new
    /// (false: its idempotency key had been used, and this is that batch).
    public struct Batch: Sendable {
        public var id: UUID
        public var jobs: [UUID]
        public var created: Bool
    }

    /// Many operations as one batch: all are checked first, and one that fails stops the
    /// whole batch (`invalidInput`, naming its line) with nothing enqueued.
    public func submitBatch(_ lines: [(line: Int, operation: AIPOperation)], options: SubmitOptions = SubmitOptions(),
                            on db: PostgresConnection) async throws -> Batch {
        if let key = options.idempotencyKey, let existing = try await queue.batchID(forIdempotencyKey: key, on: db) {
            return Batch(id: existing, jobs: try await queue.batchJobIDs(existing, on: db), created: false)
        }
        let operations = lines.map { ($0.operation, $0.operation.packageUUID()) }
        return try await db.transaction(logger: logger) { tx in
            let recorded = try await queue.createBatch(UUID.timeOrdered(), idempotencyKey: options.idempotencyKey, jobs: lines.count, on: tx)
            guard recorded.created else {
                return Batch(id: recorded.id, jobs: try await queue.batchJobIDs(recorded.id, on: tx), created: false)
            }
            var plan = try await SubmissionPlan.load(operations, actor: actor, options: options, on: tx, logger: logger)
            var ids: [UUID] = []
            ids.reserveCapacity(lines.count)
            for (i, (operation, uuid)) in operations.enumerated() {
                do {
                    ids.append(try plan.add(operation, uuid: uuid, batch: recorded.id))
                } catch let error as QueueError {
                    throw QueueError(.invalidInput, "line \(lines[i].line): \(error.message); nothing was submitted")
                }
            }
            _ = try await write(plan, on: tx)
            return Batch(id: recorded.id, jobs: ids, created: true)
        }
    }

    /// Writes the pending AIPs and enqueues the jobs; returns the jobs' ids (for a key
    /// already taken, the job that holds it).
    private func write(_ plan: SubmissionPlan, on tx: PostgresConnection) async throws -> [UUID] {
        let p = plan.pending
        if !p.isEmpty {
            let written = Set(try await tx.decode(PackagesSQL.upsertPending(
                uuids: p.map(\.uuid), names: p.map(\.name), locations: p.map(\.location), paths: p.map(\.path)),
                as: UUID.self, logger: logger))
            if let taken = p.first(where: { !written.contains($0.uuid) }) {
                throw QueueError(.conflict, "AIP \(taken.uuid.uuidString.lowercased()) is being stored by another submission")
            }
        }
        return try await queue.enqueue(plan.jobs, on: tx)
    }

    // MARK: One operation each, by name

    public func store(path: String, from: String, to: String, uuid: UUID? = nil, removeSource: Bool = false,
                      options: SubmitOptions = SubmitOptions(), on db: PostgresConnection) async throws -> UUID {
        try await submit(.store(path: path, from: from, to: to, uuid: uuid, removeSource: removeSource), options: options, on: db)
    }

    public func move(_ uuid: UUID, to: String, options: SubmitOptions = SubmitOptions(), on db: PostgresConnection) async throws -> UUID {
        try await submit(.move(uuid, to: to), options: options, on: db)
    }

    public func delete(_ uuid: UUID, reason: String, options: SubmitOptions = SubmitOptions(), on db: PostgresConnection) async throws -> UUID {
        try await submit(.delete(uuid, reason: reason), options: options, on: db)
    }

    public func fixity(_ uuid: UUID, options: SubmitOptions = SubmitOptions(), on db: PostgresConnection) async throws -> UUID {
        try await submit(.fixity(uuid), options: options, on: db)
    }
}
