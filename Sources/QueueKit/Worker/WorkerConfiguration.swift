import Foundation

/// How a worker claims and runs jobs. `validated()` rejects nonsense before anything runs.
public struct WorkerConfiguration: Sendable {
    /// Queues to take jobs from; empty means every queue.
    public var queues: [String] = []
    /// Jobs run at once by this worker.
    public var concurrency: Int = ProcessInfo.processInfo.activeProcessorCount
    /// How long a claimed job stays ours without a heartbeat.
    public var leaseSeconds: Double = 60
    /// The fallback poll when no NOTIFY arrives (scheduled jobs, a lost notification).
    public var pollInterval: Duration = .seconds(1)
    /// On SIGTERM, how long running jobs may take to finish before they are released.
    public var shutdownGrace: Duration = .seconds(30)
    /// `host:pid`, recorded on each job it runs.
    public var name: String = WorkerConfiguration.defaultName
    /// Most jobs claimed in one statement.
    public var maxClaimBatch: Int = 1000
    /// Each write of job endings first waits this long: a test's stand-in for a database
    /// that writes slowly (the back-pressure tests). Zero in production.
    public var completionDelay: Duration = .zero

    public init() {}

    public static var defaultName: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Leases are extended (and progress written) this often: a third of the lease, at
    /// most every two seconds so that progress bars move.
    public var heartbeatInterval: Duration {
        .milliseconds(Int(min(leaseSeconds / 3, 2) * 1000))
    }

    public func validated() throws(QueueError) -> WorkerConfiguration {
        guard concurrency >= 1, concurrency <= 10_000 else {
            throw QueueError(.invalidInput, "--concurrency must be between 1 and 10000, not \(concurrency)")
        }
        guard leaseSeconds >= 1 else {
            throw QueueError(.invalidInput, "--lease-seconds must be at least 1, not \(leaseSeconds)")
        }
        guard pollInterval >= .milliseconds(10) else {
            throw QueueError(.invalidInput, "--poll-interval must be at least 0.01 seconds")
        }
        guard shutdownGrace >= .zero else {
            throw QueueError(.invalidInput, "--shutdown-grace must not be negative")
        }
        return self
    }
}
