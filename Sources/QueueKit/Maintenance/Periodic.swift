import Logging
import ServiceLifecycle

/// The loop of every maintenance service: a pass, then a pause of `interval` times a
/// random factor from `jitter` (so workers started together do not act together), until
/// graceful shutdown. A failed pass is logged and tried again at the next turn.
public enum Periodic {
    public static func run(every interval: Duration, jitter: ClosedRange<Double>, firstPassAtOnce: Bool,
                    _ what: String, logger: Logger, _ pass: () async throws -> Void) async {
        var first = true
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            if !first || !firstPassAtOnce {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval * Double.random(in: jitter)) }
                if Task.isShuttingDownGracefully || Task.isCancelled { break }
            }
            first = false
            do { try await pass() } catch { logger.debug("\(what) pass failed: \(error)") }
        }
    }
}
