import Crypto
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
/// checks nothing, if it is the same request; the key sent with another request is
/// `idempotencyConflict`. Keys are unique per submitter.
public struct AIPRequests: Sendable {
    public let queue: JobQueue
    /// Who the AIPs' history names.
    public let actor: String
    /// The API user submitting, who may steer these jobs later; empty for an operator.
    public let submitter: String
    /// Whether a delete may be submitted directly (an operator, an `admin` key, an
    /// approved deletion request), rather than only asked for through a request. Every
    /// way in (one operation, a batch line) goes through this one check.
    public let mayDelete: Bool

    public init(queue: JobQueue, actor: String, submitter: String = "", mayDelete: Bool = true) {
        self.queue = queue
        self.actor = actor
        self.submitter = submitter
        self.mayDelete = mayDelete
    }

    /// The same submitter, allowed to delete: the delete of a deletion request that
    /// another key approved.
    var approved: AIPRequests { AIPRequests(queue: queue, actor: actor, submitter: submitter, mayDelete: true) }

    private var logger: Logger { queue.logger }

    /// One operation; its checks fail with their own codes (66 for a missing AIP, …).
    public func submit(_ operation: AIPOperation, options: SubmitOptions = SubmitOptions(), on db: PostgresConnection) async throws -> UUID {
        if let key = options.idempotencyKey, let existing = try await queue.job(forIdempotencyKey: key, submittedBy: submitter, on: db) {
            return try replay(existing, key: key, digest: Self.digest([operation], options))
        }
        do {
            return try await db.transaction(logger: logger) { tx in try await submit(operation, options: options, within: tx) }
        } catch let taken as KeyTaken {
            guard let key = options.idempotencyKey, let existing = try await queue.job(forIdempotencyKey: key, submittedBy: submitter, on: db) else {
                return taken.job
            }
            return try replay(existing, key: key, digest: Self.digest([operation], options))
        }
    }

    /// What a key used before answers: its first job or batch, unless both the key and
    /// this request are bound to a digest and the digests differ (a key used before
    /// requests were bound, or an operator's batch key, binds nothing).
    private func replay(_ existing: (id: UUID, digest: String?), key: String, digest: String?) throws -> UUID {
        guard let bound = existing.digest, let digest, bound != digest else { return existing.id }
        throw StorageError(.idempotencyConflict, "the idempotency key '\(key)' was used for another request (\(existing.id.uuidString.lowercased())); use a new key for a new request",
                           .init(field: "Idempotency-Key"))
    }

    /// The request an idempotency key is bound to: the operations and how they are queued.
    static func digest(_ operations: [AIPOperation], _ options: SubmitOptions) -> String {
        var hash = SHA256()
        hash.update(data: Data("\(options.queue)\u{1}\(options.priority)\u{1}\(options.maxAttempts)".utf8))
        for operation in operations { hash.update(data: Data("\u{1}\(operation)".utf8)) }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// One operation inside the caller's open transaction, so that it commits (or not)
    /// with the caller's own changes.
    public func submit(_ operation: AIPOperation, options: SubmitOptions = SubmitOptions(), within tx: PostgresConnection) async throws -> UUID {
        let uuid = operation.packageUUID()
        var plan = try await SubmissionPlan.load([(operation, uuid)], actor: actor, submitter: submitter, mayDelete: mayDelete, options: options,
                                                 digest: Self.digest([operation], options), on: tx, logger: logger)
        let id = try plan.add(operation, uuid: uuid)
        let enqueued = try await write(plan, on: tx)
        // Another submission with the same key won the race: undo ours, answer with its job.
        if enqueued.first != id, let existing = enqueued.first { throw KeyTaken(job: existing) }
        return id
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
    ///
    /// An API user's key is bound to the batch's lines. An operator's is not: a nightly
    /// cron re-run lists the AIPs still to move, other lines than the first run's, and
    /// must be answered with the first run's batch (docs/cron.md).
    ///
    /// `reading`, a second connection, takes the reads of the AIPs off the one that writes,
    /// so that the database reads the next slice on one core while it takes this one's
    /// rows on the other (`ss-cli batch submit` of 100,000 lines: 1.7-2.3 s in the bench runs,
    /// 2.0-2.8 s before; `PARTS=batch bench/run`).
    /// It sees what was committed, as the transaction's own reads would at READ COMMITTED:
    /// each AIP is read once, before this batch writes anything about it, and stores are
    /// read after their store lock is taken.
    public func submitBatch(_ lines: [(line: Int, operation: AIPOperation)], options: SubmitOptions = SubmitOptions(),
                            on db: PostgresConnection, reading: (any PostgresExecutor)? = nil) async throws -> Batch {
        let digest = submitter.isEmpty ? nil : Self.digest(lines.map(\.operation), options)
        if let key = options.idempotencyKey, let existing = try await queue.batch(forIdempotencyKey: key, submittedBy: submitter, on: db) {
            let id = try replay(existing, key: key, digest: digest)
            return Batch(id: id, jobs: try await queue.batchJobIDs(id, on: db), created: false)
        }
        let operations = lines.map { ($0.operation, $0.operation.packageUUID()) }
        return try await db.transaction(logger: logger) { tx in
            let recorded = try await queue.createBatch(UUID.timeOrdered(), idempotencyKey: options.idempotencyKey, digest: digest,
                                                       submittedBy: submitter, jobs: lines.count, on: tx)
            guard recorded.created else {
                let id = try replay((recorded.id, recorded.digest), key: options.idempotencyKey ?? "", digest: digest)
                return Batch(id: id, jobs: try await queue.batchJobIDs(id, on: tx), created: false)
            }
            var plan = try await SubmissionPlan.start(operations, actor: actor, submitter: submitter, mayDelete: mayDelete, options: options,
                                                      digest: nil, on: tx, logger: logger)
            let slices = stride(from: 0, to: operations.count, by: Self.slice).map { $0..<min($0 + Self.slice, operations.count) }
            // Each slice reads only the AIPs no earlier slice named, so every read comes
            // before anything this batch writes about them. Then the slices overlap: while
            // the database reads the next slice's AIPs and takes this one's rows, the next
            // is checked. A bad line later on still rolls back everything, slices already
            // sent included.
            var named = Set<UUID>()
            let firstNamed = slices.map { slice in operations[slice].map(\.1).filter { named.insert($0).inserted } }
            var ids: [UUID] = []
            ids.reserveCapacity(lines.count)
            let reads: any PostgresExecutor = reading ?? tx
            func read(_ k: Int) -> Task<SubmissionPlan.Known, any Error>? {
                k < slices.count ? Task { [logger] in try await SubmissionPlan.read(firstNamed[k], on: reads, logger: logger) } : nil
            }
            var nextRead = read(0)
            var writing: Task<Void, any Error>?
            do {
                for (k, slice) in slices.enumerated() {
                    let known = try await nextRead?.value
                    nextRead = read(k + 1)
                    if let known { plan.learn(known) }
                    for i in slice {
                        do {
                            ids.append(try plan.add(operations[i].0, uuid: operations[i].1, batch: recorded.id))
                        } catch let error as QueueError {
                            throw QueueError(.invalidInput, "line \(lines[i].line): \(error.message); nothing was submitted")
                        } catch let error as StorageError {
                            throw StorageError(error.code, "line \(lines[i].line): \(error.message); nothing was submitted", error.context)
                        }
                    }
                    let (pending, jobs) = plan.drain()
                    writing = Task { [writing] in
                        try await writing?.value
                        _ = try await write(pending, jobs, on: tx)
                    }
                }
                try await writing?.value
            } catch {
                // The transaction is rolled back after the last statement sent returns.
                _ = try? await nextRead?.value
                _ = try? await writing?.value
                throw error
            }
            return Batch(id: recorded.id, jobs: ids, created: true)
        }
    }

    /// Lines checked and sent per statement in a batch.
    public static let slice = 10_000

    /// Writes the pending AIPs and enqueues the jobs; returns the jobs' ids (for a key
    /// already taken, the job that holds it).
    private func write(_ plan: SubmissionPlan, on tx: PostgresConnection) async throws -> [UUID] {
        try await write(plan.pending, plan.jobs, on: tx)
    }

    private func write(_ p: [SubmissionPlan.Pending], _ jobs: [NewJob], on tx: PostgresConnection) async throws -> [UUID] {
        if !p.isEmpty {
            let written = Set(try await tx.decode(PackagesSQL.upsertPending(
                uuids: p.map(\.uuid), names: p.map(\.name), locations: p.map(\.location), paths: p.map(\.path), types: p.map(\.type.rawValue)),
                as: UUID.self, logger: logger))
            if let taken = p.first(where: { !written.contains($0.uuid) }) {
                throw QueueError(.conflict, "AIP \(taken.uuid.uuidString.lowercased()) is being stored by another submission")
            }
        }
        return try await queue.enqueue(jobs, on: tx)
    }

    // MARK: One operation each, by name

    public func store(path: String, from: String, to: String, uuid: UUID? = nil, removeSource: Bool = false, type: PackageType = .aip,
                      options: SubmitOptions = SubmitOptions(), on db: PostgresConnection) async throws -> UUID {
        try await submit(.store(path: path, from: from, to: to, uuid: uuid, removeSource: removeSource, type: type), options: options, on: db)
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
