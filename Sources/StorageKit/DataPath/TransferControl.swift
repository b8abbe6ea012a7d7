import Dispatch
import Synchronization

/// Shared between a job's task and the threads that move its bytes: a cancellation flag
/// the copy loops check between chunks, a byte counter the heartbeat reports, and the
/// read budget (an audit's) that every chunk counted waits for.
public final class TransferControl: Sendable {
    private let cancelled = Atomic(false)
    private let done = Atomic<Int64>(0)
    private let expected = Atomic<Int64>(0)
    private let budget: ReadBudget?

    public init(budget: ReadBudget? = nil) {
        self.budget = budget
    }

    /// Bytes the work will process in all, set by the work itself once it has read what
    /// it is about to copy or hash (so nothing walks a bag twice to learn its size).
    public var total: Int64 { expected.load(ordering: .relaxed) }
    func expect(_ bytes: Int64) { expected.store(bytes, ordering: .relaxed) }

    public func cancel() { cancelled.store(true, ordering: .relaxed) }
    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
    public func add(_ bytes: Int) {
        done.add(Int64(bytes), ordering: .relaxed)
        budget?.take(bytes, control: self)
    }
    public var bytesDone: Int64 { done.load(ordering: .relaxed) }

    func check() throws {
        if isCancelled { throw CancellationError() }
    }
}

/// Runs blocking file work on a thread of its own, so the cooperative pool (two threads
/// on two cores) stays free for heartbeats; task cancellation reaches the work through
/// `control`.
public enum BlockingIO {
    public static func run<R: Sendable>(
        _ control: TransferControl, _ work: @escaping @Sendable () throws -> R
    ) async throws -> R {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(with: Result { try work() })
                }
            }
        } onCancel: {
            control.cancel()
        }
    }

    /// Calls `body` for each index with `width` threads at once; the first error stops the rest.
    static func forEach(count: Int, width: Int, control: TransferControl, _ body: @Sendable (Int) throws -> Void) throws {
        let next = Atomic(0)
        let firstError = Mutex<(any Error)?>(nil)
        DispatchQueue.concurrentPerform(iterations: max(1, min(width, count))) { _ in
            while true {
                if firstError.withLock({ $0 != nil }) { return }
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < count else { return }
                do {
                    try control.check()
                    try body(i)
                } catch {
                    firstError.withLock { if $0 == nil { $0 = error } }
                    return
                }
            }
        }
        if let error = firstError.withLock({ $0 }) { throw error }
    }
}
