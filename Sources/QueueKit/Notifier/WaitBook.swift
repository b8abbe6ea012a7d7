import Foundation

/// Who waits for which job's end, as a value with no locks, tasks or database in it, so
/// that every order of events is a table test (`WaitBookTests`). Its owner keeps it under
/// a lock, does what each step returns (resume these waiters, wake the looker), and
/// asks the database when a look is wanted.
///
/// The NOTIFY that jobs ended does not say which: a waiter for one job is woken by a
/// look (one query for every job waited on) that found its job ended; a waiter for any
/// ending (a batch) is woken by every notification and looks for itself.
public struct WaitBook<Waiter> {
    private struct Entry {
        var job: UUID?
        var waiter: Waiter
    }

    /// Counts notifications, so that a waiter for any ending that arrives after one it
    /// has not seen returns at once.
    public private(set) var generation: UInt64 = 0
    /// Set when the jobs waited for must be looked at (a notification, a new waiter).
    public private(set) var lookWanted = false
    private var entries: [UUID: Entry] = [:]
    private var looker: Waiter?

    public init() {}

    public var count: Int { entries.count }

    /// Jobs ended (a notification, or listening again after a gap): the waiters for any
    /// ending, to resume, and the parked looker, to wake.
    public mutating func jobsEnded() -> (woken: [Waiter], looker: Waiter?) {
        generation &+= 1
        let anyEnding = entries.filter { $0.value.job == nil }
        for id in anyEnding.keys { entries[id] = nil }
        return (anyEnding.values.map(\.waiter), wantLook())
    }

    /// Parks `waiter` (known by `id`) for `job`'s end, or for any ending after
    /// `generation` `seen`. Returns whether to resume it at once (an ending it has not
    /// seen came first), and the looker to wake: the job may have ended before its
    /// waiter was here to hear of it.
    public mutating func park(_ id: UUID, job: UUID?, seen: UInt64, _ waiter: Waiter) -> (resumeNow: Bool, looker: Waiter?) {
        if job == nil && generation != seen { return (true, nil) }
        entries[id] = Entry(job: job, waiter: waiter)
        return (false, job == nil ? nil : wantLook())
    }

    /// The waiter leaves (timeout, cancellation): the waiter to resume, if still parked.
    public mutating func leave(_ id: UUID) -> Waiter? {
        entries.removeValue(forKey: id)?.waiter
    }

    /// The looker parks until a look is wanted; false when one is wanted already.
    public mutating func parkLooker(_ waiter: Waiter) -> Bool {
        if lookWanted { return false }
        looker = waiter
        return true
    }

    /// The looker stops waiting (its timeout): it, to resume, if still parked.
    public mutating func unparkLooker() -> Waiter? {
        defer { looker = nil }
        return looker
    }

    /// The look begins: the jobs to ask about. Endings heard from now on want another.
    public mutating func startLook() -> Set<UUID> {
        lookWanted = false
        return Set(entries.values.compactMap(\.job))
    }

    /// The look found these jobs ended: their waiters, to resume.
    public mutating func looked(ended: Set<UUID>) -> [Waiter] {
        guard !ended.isEmpty else { return [] }
        let done = entries.filter { $0.value.job.map(ended.contains) == true }
        for id in done.keys { entries[id] = nil }
        return done.values.map(\.waiter)
    }

    private mutating func wantLook() -> Waiter? {
        lookWanted = true
        return unparkLooker()
    }
}
