import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Returns jobs whose lease expired (their worker died or lost the database) to
/// `retryable`, or `failed` when their attempts are spent. Every worker runs one; the SQL
/// locks rows with SKIP LOCKED, so rescuers never fight.
public struct Rescuer: Service {
    public struct Configuration: Sendable {
        public var interval: Duration = .seconds(5)
        public var batch: Int = 1000
        public init() {}
    }

    let db: any PostgresExecutor
    let schema: QueueSchema
    let configuration: Configuration
    let logger: Logger

    public init(db: any PostgresExecutor, schema: QueueSchema, configuration: Configuration = .init(), logger: Logger) {
        self.db = db
        self.schema = schema
        self.configuration = configuration
        self.logger = logger
    }

    /// One pass; returns the rescued jobs and their new states. Tests call this directly.
    @discardableResult
    public func runOnce() async throws -> [(UUID, JobState)] {
        let rescued = try await db.decode(JobsSQL.rescue(limit: configuration.batch, schema: schema), as: (UUID, String, Int).self, logger: logger)
            .map { id, state, _ in (id, JobState(rawValue: state) ?? .failed) }
        for (id, state) in rescued {
            logger.warning("rescued job \(id.uuidString.lowercased()) whose worker stopped heartbeating: now \(state.rawValue)")
        }
        return rescued
    }

    public func run() async throws {
        await Periodic.run(every: configuration.interval, jitter: 0.8...1.2, firstPassAtOnce: true, "rescuer", logger: logger) {
            try await runOnce()
        }
    }
}
