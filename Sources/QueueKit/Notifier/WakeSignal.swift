import Synchronization

/// A level-triggered wake-up for one waiting task: a `signal()` that arrives while nobody
/// waits is remembered, so no wake-up is lost between checking for work and waiting.
public final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Bool, Never>?
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    public func signal() {
        let waiter = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            if let w = s.waiter {
                s.waiter = nil
                return w
            }
            s.pending = true
            return nil
        }
        waiter?.resume(returning: true)
    }

    /// Waits for a signal or `timeout`; true when signalled. Returns at once (false) when
    /// the task is cancelled.
    public func wait(timeout: Duration) async -> Bool {
        let generation: UInt64? = state.withLock { s in
            if s.pending {
                s.pending = false
                return nil
            }
            s.generation &+= 1
            return s.generation
        }
        guard let generation else { return true }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            self?.expire(generation)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Bool, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.pending || s.generation != generation || Task.isCancelled {
                        s.pending = false
                        return true
                    }
                    s.waiter = c
                    return false
                }
                if resumeNow { c.resume(returning: true) }
            }
        } onCancel: {
            expire(generation)
        }
    }

    private func expire(_ generation: UInt64) {
        let waiter = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            guard s.generation == generation else { return nil }
            s.generation &+= 1
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(returning: false)
    }
}
