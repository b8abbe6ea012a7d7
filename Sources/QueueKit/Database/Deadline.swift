import Synchronization

/// Runs `operation` but gives up after `timeout`, without waiting for it: a query written
/// to a connection that died at that instant may never be answered, and a worker loop
/// must not hang on it. The abandoned task is cancelled and left to end on its own.
enum Deadline {
    struct Exceeded: Error, CustomStringConvertible {
        let timeout: Duration
        var description: String { "the database did not answer within \(timeout)" }
    }

    static func run<R: Sendable>(
        _ timeout: Duration, _ operation: @escaping @Sendable () async throws -> R
    ) async throws -> R {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<R, any Error>) in
            let once = Once(continuation)
            let work = Task {
                do { once.settle(.success(try await operation())) } catch { once.settle(.failure(error)) }
            }
            Task {
                try? await Task.sleep(for: timeout)
                if once.settle(.failure(Exceeded(timeout: timeout))) { work.cancel() }
            }
        }
    }

    /// Resumes a continuation exactly once, whoever comes first.
    private final class Once<R: Sendable>: Sendable {
        private let continuation: CheckedContinuation<R, any Error>
        private let done = Mutex(false)

        init(_ continuation: CheckedContinuation<R, any Error>) { self.continuation = continuation }

        @discardableResult
        func settle(_ result: Result<R, any Error>) -> Bool {
            let first = done.withLock { done -> Bool in
                defer { done = true }
                return !done
            }
            if first { continuation.resume(with: result) }
            return first
        }
    }
}
