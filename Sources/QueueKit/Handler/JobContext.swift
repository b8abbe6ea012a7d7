import Foundation
import Logging
import Synchronization

/// What a running handler can see and say: which job and attempt it is, its progress
/// (written to the job row with the next heartbeat), and whether it should stop.
public final class JobContext: Sendable {
    public let job: ClaimedJob
    public let logger: Logger
    private let progressValue = Mutex<(done: Int64, total: Int64)?>(nil)

    init(job: ClaimedJob, logger: Logger) {
        self.job = job
        self.logger = logger
    }

    /// Records progress in bytes (or any unit the kind documents).
    public func reportProgress(done: Int64, total: Int64) {
        progressValue.withLock { $0 = (done, total) }
    }

    var progress: (done: Int64, total: Int64)? { progressValue.withLock { $0 } }

    /// A checkpoint: throws `CancellationError` when the job was cancelled, the worker is
    /// shutting down past its grace period, or the job's lease was lost.
    public func checkCancellation() throws {
        try Task.checkCancellation()
    }

    public var isCancelled: Bool { Task.isCancelled }
}
