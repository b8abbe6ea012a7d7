import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Writes the endings of attempts in batches: whatever accumulated while the previous
/// write was in flight goes in the next statement, so an idle worker writes at once and a
/// busy one writes hundreds of jobs per round trip. A failed write is kept and retried
/// with back-off (the SQL guards make a repeated write harmless).
///
/// An ending not yet committed still holds its job's slot (`unwritten`, which the claimer
/// counts) and its lease (`unwrittenJobs`, which the heartbeat extends): when writes fall
/// behind, claiming waits instead of piling up endings whose leases run out under them.
final class Completer: Sendable {
    private struct Pending {
        var finishes: [Completion] = []
        var releases: [(UUID, Int)] = []
        /// The endings of the write in progress.
        var writing: [(UUID, Int)] = []
        var stopping = false
    }

    private let db: any PostgresExecutor
    private let schema: QueueSchema
    private let logger: Logger
    private let pending = Mutex(Pending())
    private let signal = WakeSignal()
    private let delay: Duration
    /// Called after each committed write: slots are free again.
    private let written: @Sendable () -> Void
    static let batchLimit = 1000

    init(db: any PostgresExecutor, schema: QueueSchema, logger: Logger, delay: Duration = .zero,
         written: @escaping @Sendable () -> Void = {}) {
        self.db = db
        self.schema = schema
        self.logger = logger
        self.delay = delay
        self.written = written
    }

    /// Endings not yet committed: pending, and being written.
    var unwritten: Int { pending.withLock { $0.finishes.count + $0.releases.count + $0.writing.count } }

    /// The jobs (id, attempt) whose endings are not yet committed: still `running` in the
    /// database, so their leases must be kept.
    func unwrittenJobs() -> [(id: UUID, attempt: Int)] {
        pending.withLock { p in p.finishes.map { ($0.id, $0.attempt) } + p.releases.map { ($0.0, $0.1) } + p.writing.map { ($0.0, $0.1) } }
    }

    func finish(_ completion: Completion) {
        pending.withLock { $0.finishes.append(completion) }
        signal.signal()
    }

    func release(_ id: UUID, attempt: Int) {
        pending.withLock { $0.releases.append((id, attempt)) }
        signal.signal()
    }

    /// Asks `run` to return once everything pending is written (or `giveUpAfter` passes).
    func stop() {
        pending.withLock { $0.stopping = true }
        signal.signal()
    }

    func run(giveUpAfter: Duration = .seconds(15)) async {
        var failures = 0
        var stopAt: ContinuousClock.Instant?
        while true {
            let (finishes, releases, stopping) = pending.withLock { p in
                let f = Array(p.finishes.prefix(Self.batchLimit))
                p.finishes.removeFirst(f.count)
                let r = Array(p.releases.prefix(Self.batchLimit))
                p.releases.removeFirst(r.count)
                p.writing = f.map { ($0.id, $0.attempt) } + r
                return (f, r, p.stopping)
            }
            if stopping, stopAt == nil { stopAt = .now + giveUpAfter }
            if finishes.isEmpty, releases.isEmpty {
                if stopping { return }
                _ = await signal.wait(timeout: .seconds(60))
                continue
            }
            do {
                if delay > .zero { try await Task.sleep(for: delay) }
                if !finishes.isEmpty { try await write(finishes) }
                if !releases.isEmpty { try await writeReleases(releases) }
                pending.withLock { $0.writing = [] }
                written()
                failures = 0
            } catch {
                pending.withLock { p in
                    p.finishes.insert(contentsOf: finishes, at: 0)
                    p.releases.insert(contentsOf: releases, at: 0)
                    p.writing = []
                }
                failures += 1
                if let stopAt, ContinuousClock.now > stopAt {
                    let left = pending.withLock { $0.finishes.count + $0.releases.count }
                    logger.error("giving up writing \(left) job endings: \(String(reflecting: error)); their leases will expire and they will run again")
                    return
                }
                logger.warning("cannot write job endings (attempt \(failures)), retrying: \(String(reflecting: error))")
                try? await Task.sleep(for: .milliseconds(min(5000, 50 << min(failures, 7))))
            }
        }
    }

    private func write(_ batch: [Completion]) async throws {
        _ = try await db.all(JobsSQL.Finish(
            ids: batch.map(\.id), attempts: batch.map { Int32($0.attempt) }, states: batch.map(\.state.rawValue),
            results: batch.map(\.resultJSON), errors: batch.map(\.errorJSON), delays: batch.map(\.retryDelay),
            doneChannel: schema.doneChannel, workerChannel: schema.workerChannel), logger: logger)
    }

    private func writeReleases(_ batch: [(UUID, Int)]) async throws {
        let rows = try await db.all(JobsSQL.Release(
            ids: batch.map(\.0), attempts: batch.map { Int32($0.1) }, workerChannel: schema.workerChannel), logger: logger)
        logger.info("released \(rows.first?.0 ?? 0) unfinished jobs back to the queue")
    }
}
