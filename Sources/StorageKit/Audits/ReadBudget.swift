import Foundation
import QueueKit
import Synchronization

/// The bytes per second a worker's audits may read, all of them together: every chunk an
/// audit reads books its bytes on one shared timeline, and the thread that read it sleeps
/// until its booking falls due. So four audits at once share the rate (each gets about a
/// quarter), and the limit holds for the reads themselves, not just for how many audits run.
public final class ReadBudget: Sendable {
    public let bytesPerSecond: Double
    /// The end of the last booking.
    private let booked = Mutex<ContinuousClock.Instant?>(nil)
    /// How far reads may run ahead of the rate: enough to smooth chunk-sized steps, too
    /// little to matter over a minute.
    static let slack: Duration = .milliseconds(250)

    /// Nil for no limit (0).
    public init?(bytesPerSecond: Double) {
        guard bytesPerSecond > 0 else { return nil }
        self.bytesPerSecond = bytesPerSecond
    }

    /// Books `bytes` just read and waits until they fall due; a cancelled transfer stops
    /// waiting (its next check ends it).
    func take(_ bytes: Int, control: TransferControl) {
        let now = ContinuousClock.now
        let due = booked.withLock { last -> ContinuousClock.Instant in
            let start = max(last ?? now, now - Self.slack)
            let end = start + .seconds(Double(bytes) / bytesPerSecond)
            last = end
            return end - Self.slack
        }
        while !control.isCancelled {
            let left = due - ContinuousClock.now
            guard left > .zero else { return }
            Thread.sleep(forTimeInterval: min(0.1, left.inSeconds))
        }
    }
}
