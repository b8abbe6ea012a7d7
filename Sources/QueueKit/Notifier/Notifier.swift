import Logging
import PostgresNIO

/// The queue's one way of hearing NOTIFY: a LISTEN on one channel for as long as `run`
/// runs, on a connection of its own, again after a lost one (with back-off). The worker
/// (`ready`, `cancel`), `job wait` and `ss-cli serve`'s long polls (jobs ended) all hear
/// through it. Each (re)connect is told as `.listening`: anything may have been sent
/// while nobody listened, so a listener looks again then.
public struct Notifier: Sendable {
    public enum Event: Sendable, Equatable {
        /// Listening (again): what was sent before may have been missed.
        case listening
        case notification(payload: String)
    }

    /// Runs a body on the connection to LISTEN on, for as long as the body runs.
    public typealias Connection = @Sendable (_ body: (PostgresConnection) async throws -> Void) async throws -> Void

    private let channel: String
    private let connection: Connection
    private let logger: Logger

    /// Listens on a connection of `db` (a pool lends one for as long as it listens).
    public init(channel: String, on db: some PostgresExecutor, logger: Logger) {
        self.init(channel: channel, logger: logger) { body in try await db.onConnection(body) }
    }

    public init(channel: String, logger: Logger, connection: @escaping Connection) {
        self.channel = channel
        self.connection = connection
        self.logger = logger
    }

    /// Hands every event to `handle` until the task is cancelled.
    public func run(_ handle: @escaping @Sendable (Event) -> Void) async {
        var failures = 0
        while !Task.isCancelled {
            do {
                try await connection { c in
                    try await c.listen(on: channel) { notifications in
                        failures = 0
                        handle(.listening)
                        for try await note in notifications { handle(.notification(payload: note.payload)) }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                failures += 1
                if failures == 1 || failures % 30 == 0 {
                    logger.warning("lost the connection that listens on \(channel); listening again: \(String(reflecting: error))")
                }
            }
            try? await Task.sleep(for: Self.backOff(failures))
        }
    }

    /// 100 ms doubling to 5 s.
    static func backOff(_ failures: Int) -> Duration {
        .milliseconds(min(5000, 100 << min(max(failures, 0), 6)))
    }
}
