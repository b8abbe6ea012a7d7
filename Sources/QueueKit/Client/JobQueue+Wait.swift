import Foundation
import Logging
import PostgresNIO

extension JobQueue {
    /// How far a set of jobs has come, for `job wait --progress`.
    public struct WaitProgress: Sendable {
        public var jobs: Int
        public var finished: Int
        public var bytesDone: Int64
        public var bytesTotal: Int64
    }

    /// Waits until every job in `ids` has finished and returns their final states.
    /// Woken by NOTIFY when jobs finish, with a one-second poll as the fallback.
    /// Throws `notFound` for an unknown id and `timedOut` when `timeout` passes first.
    public func wait(
        for ids: [UUID], timeout: Duration?, on connection: PostgresConnection,
        progress: (@Sendable (WaitProgress) -> Void)? = nil
    ) async throws -> [UUID: JobState] {
        let unique = Array(Set(ids))
        let known = Set(try await connection.decode(JobsSQL.existing(among: unique), as: UUID.self, logger: logger))
        let missing = unique.filter { !known.contains($0) }
        guard missing.isEmpty else {
            throw QueueError(.notFound, "no job \(missing.map { $0.uuidString.lowercased() }.joined(separator: ", "))")
        }
        var pending = Set(unique)
        var states: [UUID: JobState] = [:]
        try await waitUntil(timeout: timeout, on: connection, unfinished: { "\(pending.count) of \(unique.count) jobs still unfinished" }) {
            for (id, state) in try await finished(among: Array(pending), on: connection) {
                pending.remove(id)
                states[id] = state
            }
            if let progress {
                progress(try await self.progress(of: unique, finished: unique.count - pending.count, on: connection))
            }
            return pending.isEmpty
        }
        return states
    }

    /// Which of `ids` have finished, and how: one query however many are asked about.
    public func finished(among ids: [UUID], on db: some PostgresExecutor) async throws -> [UUID: JobState] {
        var states: [UUID: JobState] = [:]
        for (id, state) in try await db.decode(JobsSQL.finished(among: ids), as: (UUID, String).self, logger: logger) {
            states[id] = JobState(rawValue: state)
        }
        return states
    }

    /// Calls `done` until it says so: again whenever jobs finish (NOTIFY on the done
    /// channel) and at least each second. Throws `timedOut`, saying what is `unfinished`.
    func waitUntil(
        timeout: Duration?, on connection: PostgresConnection, unfinished: () -> String, _ done: () async throws -> Bool
    ) async throws {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        let signal = WakeSignal()
        let listener = Task { await Notifier(channel: schema.doneChannel, on: connection, logger: logger).run { _ in signal.signal() } }
        defer { listener.cancel() }
        while true {
            if try await done() { return }
            var wait = Duration.seconds(1)
            if let deadline {
                let left = deadline - ContinuousClock.now
                if left <= .zero { throw QueueError(.timedOut, "timed out: \(unfinished())") }
                wait = min(wait, left)
            }
            _ = await signal.wait(timeout: wait)
        }
    }

    private func progress(of ids: [UUID], finished: Int, on connection: PostgresConnection) async throws -> WaitProgress {
        var result = WaitProgress(jobs: ids.count, finished: finished, bytesDone: 0, bytesTotal: 0)
        for (_, done, total) in try await connection.decode(JobsSQL.progress(among: ids), as: (Int, Int64, Int64).self, logger: logger) {
            result.bytesDone = done
            result.bytesTotal = total
        }
        return result
    }
}
