import Foundation
import Logging
import PostgresNIO
import QueueKit
import ServiceLifecycle
import StorageKit
import Synchronization

/// Wakes the requests that wait for jobs to end (`?wait=`, a v2 store, a fixity check).
/// One connection LISTENs for the queue's "jobs ended" notification, so a thousand long
/// polls hold one connection, not a thousand. The notification does not say which jobs
/// ended, so a request waiting for one job is not woken by it: the watch asks the database
/// once, for every job waited on, which of them ended, and wakes only their requests
/// (a thousand waiting cost one query per ending, not a thousand). A request waiting for
/// anything else (a batch) is woken by every ending and looks for itself. A look every
/// few seconds covers a lost notification or connection.
final class JobWatch: Service, Sendable {
    private typealias Book = WaitBook<CheckedContinuation<Void, Never>>
    private let settings: DatabaseSettings
    private let pool: ConnectionPool
    private let logger: Logger
    private let book = Mutex(Book())
    /// How often the jobs waited for are looked at when no notification came.
    static let fallback = Duration.seconds(3)

    init(settings: DatabaseSettings, pool: ConnectionPool, logger: Logger) {
        self.settings = settings
        self.pool = pool
        self.logger = logger
    }

    /// Listens, and looks at the jobs waited for, until shutdown.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.listen() }
                group.addTask { await self.look() }
            }
        }
    }

    /// Calls `done` until it returns a value: again when `job` has ended (or, without a
    /// job, whenever any job ends), and at least every `fallback`. Returns nil when
    /// `timeout` passes first, or when the server shuts down (a waiting request must not
    /// hold up a graceful shutdown for as long as its job runs).
    func until<T: Sendable>(job: UUID? = nil, timeout: Duration?, _ done: @escaping @Sendable () async throws -> T?) async throws -> T? {
        do {
            return try await cancelWhenGracefulShutdown { try await self.poll(job: job, timeout: timeout, done) }
        } catch is CancellationError {
            return nil
        }
    }

    private func poll<T: Sendable>(job: UUID?, timeout: Duration?, _ done: () async throws -> T?) async throws -> T? {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            let seen = book.withLock { $0.generation }
            if let value = try await done() { return value }
            // A job's waiter is looked after by `look`, fallback included.
            var wait = job == nil ? Self.fallback : Backend.longestWait
            if let deadline {
                let left = deadline - ContinuousClock.now
                if left <= .zero { return nil }
                wait = min(wait, left)
            }
            if Task.isCancelled { return nil }
            await changed(after: seen, job: job, timeout: wait)
        }
    }

    // MARK: - Listening

    /// LISTENs on a connection of its own (not one of the pool's), until cancelled.
    private func listen() async {
        let settings = settings, logger = logger
        let notifier = Notifier(channel: settings.schema.doneChannel, logger: logger) { body in
            try await Database.withConnection(settings, logger: logger, checkSchema: false) { try await body($0) }
        }
        // Listening again after a gap counts as an ending: anything may have ended meanwhile.
        await notifier.run { _ in self.jobsEnded() }
    }

    /// Wakes the waiters that look for themselves, and has the jobs waited for looked at.
    private func jobsEnded() {
        let (woken, looker) = book.withLock { $0.jobsEnded() }
        woken.forEach { $0.resume() }
        looker?.resume()
    }

    // MARK: - Looking at the jobs waited for

    /// One query for every job waited on, after each notification or new waiter (those
    /// that come while it runs are taken together in the next) and every `fallback`.
    private func look() async {
        while !Task.isCancelled {
            await lookWanted(timeout: Self.fallback)
            let jobs = book.withLock { $0.startLook() }
            guard !jobs.isEmpty else { continue }
            do {
                let queue = JobQueue(schema: settings.schema, logger: logger)
                // On the pool itself, under its statement timeout: a hung query here would
                // leave every job's waiters to their deadlines.
                let ended = try await queue.finished(among: Array(jobs), on: pool)
                wake(Set(ended.keys))
            } catch {
                if Task.isCancelled { break }
                logger.warning("job watch could not look at the jobs waited for: \(error); again in \(Self.fallback)")
            }
        }
    }

    private func wake(_ ended: Set<UUID>) {
        book.withLock { $0.looked(ended: ended) }.forEach { $0.resume() }
    }

    /// Returns when a look is wanted, or after `timeout`.
    private func lookWanted(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                        let parked = !Task.isCancelled && self.book.withLock { $0.parkLooker(c) }
                        if !parked { c.resume() }
                    }
                } onCancel: {
                    self.book.withLock { $0.unparkLooker() }?.resume()
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    // MARK: - Waiting

    /// Returns once `job` has ended (seen by `look`), or without a job once any job has
    /// ended since `generation` was read; or after `timeout`.
    private func changed(after generation: UInt64, job: UUID?, timeout: Duration) async {
        let id = UUID()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                        if Task.isCancelled { return c.resume() }
                        let (now, looker) = self.book.withLock { $0.park(id, job: job, seen: generation, c) }
                        if now { c.resume() }
                        looker?.resume()
                    }
                } onCancel: {
                    self.book.withLock { $0.leave(id) }?.resume()
                }
            }
            await group.next()
            group.cancelAll()
        }
    }
}
