import Foundation
import Synchronization

/// The jobs this worker is running, and why one was stopped, if it was.
final class RunningJobs: Sendable {
    /// Why a running job's task was cancelled; decides what its end is recorded as.
    enum StopReason: Sendable {
        /// `ss-cli job cancel`: record `cancelled`.
        case cancelRequested
        /// Graceful shutdown past the grace period: release back to `queued`.
        case shutdown
        /// The row is no longer ours (rescued elsewhere): record nothing.
        case leaseLost
    }

    struct Entry {
        var job: ClaimedJob
        var context: JobContext
        var task: Task<Void, Never>?
        var stopReason: StopReason?
        /// When its lease was last set: the claim's or the last heartbeat's that got
        /// through, as sent (the server set the lease no earlier).
        var extended: ContinuousClock.Instant
    }

    private let entries = Mutex<[UUID: Entry]>([:])

    var count: Int { entries.withLock { $0.count } }

    var isEmpty: Bool { count == 0 }

    func add(_ job: ClaimedJob, context: JobContext, claimedAt: ContinuousClock.Instant) {
        entries.withLock { $0[job.id] = Entry(job: job, context: context, extended: claimedAt) }
    }

    /// A heartbeat sent at `at` got through for `ids`.
    func extended(_ ids: [UUID], at: ContinuousClock.Instant) {
        entries.withLock { e in for id in ids { e[id]?.extended = at } }
    }

    func attach(_ task: Task<Void, Never>, to id: UUID) {
        let orphan = entries.withLock { e -> Bool in
            guard e[id] != nil else { return false }
            e[id]?.task = task
            return e[id]?.stopReason != nil
        }
        if orphan { task.cancel() }
    }

    /// Why the job was stopped, if it was (nil: it ended on its own, or is still running).
    func stopReason(_ id: UUID) -> StopReason? {
        entries.withLock { $0[id]?.stopReason ?? nil }
    }

    func remove(_ id: UUID) {
        entries.withLock { _ = $0.removeValue(forKey: id) }
    }

    /// Cancels one job's task; the first reason given wins.
    func stop(_ id: UUID, reason: StopReason) {
        let task = entries.withLock { e -> Task<Void, Never>? in
            guard e[id] != nil else { return nil }
            if e[id]?.stopReason == nil { e[id]?.stopReason = reason }
            return e[id]?.task
        }
        task?.cancel()
    }

    func stopAll(reason: StopReason) {
        for id in entries.withLock({ Array($0.keys) }) { stop(id, reason: reason) }
    }

    /// What the heartbeat writes: id, attempt, progress (-1 when not reported), and when
    /// the job's lease was last set.
    func snapshot() -> [Beat] {
        entries.withLock { e in
            e.values.map { entry in
                let p = entry.context.progress
                return Beat(id: entry.job.id, attempt: entry.job.attempt, done: p?.done ?? -1, total: p?.total ?? -1,
                            extended: entry.extended, stopped: entry.stopReason != nil)
            }
        }
    }

    struct Beat {
        var id: UUID, attempt: Int, done: Int64, total: Int64
        var extended: ContinuousClock.Instant
        /// Stopped already: its task is ending, and no clock need stop it again.
        var stopped = false
    }

    func jobs() -> [ClaimedJob] { entries.withLock { $0.values.map(\.job) } }
}
