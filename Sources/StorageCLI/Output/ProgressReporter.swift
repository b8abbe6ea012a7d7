import Foundation
import QueueKit
import Synchronization

/// `--progress`: a redrawn bar with rate and ETA on a terminal; a plain line at most
/// every few seconds otherwise (logs and cron mail stay readable).
final class ProgressReporter: Sendable {
    private struct State {
        var started = ContinuousClock.now
        var lastPlain: ContinuousClock.Instant?
        var drew = false
    }

    private let state = Mutex(State())
    /// A redrawn bar only when both streams are a terminal and NO_COLOR is unset.
    private let tty = Terminal.stderrIsTTY && Terminal.stdoutIsTTY && Terminal.colourAllowed

    func update(_ p: JobQueue.WaitProgress) {
        let line = describe(p)
        state.withLock { s in
            if tty {
                Terminal.rawMessage("\r\u{1B}[2K" + line)
                s.drew = true
            } else if s.lastPlain.map({ ContinuousClock.now - $0 >= .seconds(5) }) ?? true || p.finished == p.jobs {
                Terminal.message(line)
                s.lastPlain = .now
            }
        }
    }

    func finish() {
        state.withLock { s in if s.drew { Terminal.rawMessage("\n") } }
    }

    private func describe(_ p: JobQueue.WaitProgress) -> String {
        let elapsed = state.withLock { ContinuousClock.now - $0.started }
        let seconds = max(0.001, elapsed.inSeconds)
        let jobs = "\(p.finished)/\(p.jobs) jobs"
        guard p.bytesTotal > 0 else { return jobs + String(format: " finished, %.1f s", seconds) }
        let fraction = min(1, Double(p.bytesDone) / Double(p.bytesTotal))
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let rate = Double(p.bytesDone) / seconds
        let eta = rate > 0 ? Double(p.bytesTotal - p.bytesDone) / rate : 0
        return "[\(bar)] \(String(format: "%3.0f", fraction * 100))%  \(JobText.progress(done: p.bytesDone, total: p.bytesTotal))  "
            + "\(ByteCount.text(Int64(rate)))/s  ETA \(String(format: "%.0f", eta)) s  \(jobs)"
    }
}
