import Foundation

/// `system.noop`: does nothing, for health checks (`ss-cli ping`) and benchmarks.
/// Optional arguments make it useful to test the queue itself from outside a worker
/// process: sleep (cancellably), report progress, or fail.
public struct NoopHandler: JobHandler {
    public struct Arguments: Decodable, Sendable {
        /// Sleeps this long, in checkpoints of at most 50 ms.
        public var sleepMs: Int?
        /// `retryable` or `permanent`: fail this way instead of succeeding.
        public var fail: String?

        enum CodingKeys: String, CodingKey {
            case sleepMs = "sleep_ms"
            case fail
        }
    }

    public static let kind = "system.noop"

    public init() {}

    public func run(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome {
        if let ms = arguments.sleepMs, ms > 0 {
            let end = ContinuousClock.now + .milliseconds(ms)
            while ContinuousClock.now < end {
                try await Task.sleep(for: min(.milliseconds(50), end - ContinuousClock.now))
                try context.checkCancellation()
                let total = Int64(ms)
                context.reportProgress(done: total - Int64((end - ContinuousClock.now) / .milliseconds(1)), total: total)
            }
        }
        switch arguments.fail {
        case "retryable": return .retry(.retryable("noop_failure", "asked to fail (retryable)"))
        case "permanent": return .failed(.permanent("noop_failure", "asked to fail (permanent)"))
        default: return .succeeded(nil)
        }
    }
}
