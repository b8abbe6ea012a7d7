import Foundation
import Logging
import PostgresNIO
import QueueKit
import ServiceLifecycle
import StorageKit
import Synchronization

/// Wakes the requests that wait for jobs to end (`?wait=`, a v2 store, a fixity check).
/// One connection LISTENs for the queue's "a job ended" notification and wakes them all,
/// so a thousand long polls hold one connection, not a thousand; each waiter then reads
/// its own job (one short query on the pool). A poll every few seconds covers a lost
/// notification or connection.
final class JobWatch: Service, Sendable {
    private struct State {
        var generation: UInt64 = 0
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    }

    private let settings: DatabaseSettings
    private let logger: Logger
    private let state = Mutex(State())
    /// How often a waiter looks again when no notification came.
    static let fallback = Duration.seconds(3)

    init(settings: DatabaseSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// Listens until shutdown, reconnecting after a lost connection.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let connection = try await PostgresConnection.connect(configuration: self.settings.connectionConfiguration, id: 0, logger: self.logger)
                    do {
                        try await connection.listen(on: self.settings.schema.doneChannel) { notifications in
                            self.wakeAll()  // anything may have ended while we were not listening
                            for try await _ in notifications { self.wakeAll() }
                        }
                    } catch {
                        try? await connection.close()
                        throw error
                    }
                    try? await connection.close()
                } catch {
                    if Task.isCancelled { break }
                    self.logger.warning("job watch lost its connection: \(error); listening again in 1 s")
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Calls `done` until it returns a value: again whenever a job ends, and at least every
    /// `fallback`. Returns nil when `timeout` passes first, or when the server shuts down (a
    /// waiting request must not hold up a graceful shutdown for as long as its job runs).
    func until<T: Sendable>(timeout: Duration?, _ done: @escaping @Sendable () async throws -> T?) async throws -> T? {
        do {
            return try await cancelWhenGracefulShutdown { try await self.poll(timeout: timeout, done) }
        } catch is CancellationError {
            return nil
        }
    }

    private func poll<T: Sendable>(timeout: Duration?, _ done: () async throws -> T?) async throws -> T? {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            let seen = state.withLock { $0.generation }
            if let value = try await done() { return value }
            var wait = Self.fallback
            if let deadline {
                let left = deadline - ContinuousClock.now
                if left <= .zero { return nil }
                wait = min(wait, left)
            }
            if Task.isCancelled { return nil }
            await changed(after: seen, timeout: wait)
        }
    }

    private func wakeAll() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.generation &+= 1
            defer { s.waiters = [:] }
            return Array(s.waiters.values)
        }
        waiters.forEach { $0.resume() }
    }

    /// Returns once a job has ended since `generation` was read, or after `timeout`.
    private func changed(after generation: UInt64, timeout: Duration) async {
        let id = UUID()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                        let now = self.state.withLock { s -> Bool in
                            if s.generation != generation || Task.isCancelled { return true }
                            s.waiters[id] = c
                            return false
                        }
                        if now { c.resume() }
                    }
                } onCancel: {
                    self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
                }
            }
            await group.next()
            group.cancelAll()
        }
    }
}
