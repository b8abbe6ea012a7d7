import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Deletes finished jobs after their retention (14 days succeeded, 90 days failed or
/// cancelled by default), in slices, so the table does not grow without bound; then the
/// batches left without jobs.
public struct Pruner: Service {
    public struct Configuration: Sendable {
        public var succeededRetention: Duration = .seconds(14 * 86_400)
        public var failedRetention: Duration = .seconds(90 * 86_400)
        public var interval: Duration = .seconds(3600)
        public var slice: Int = 10_000
        public init() {}
    }

    let db: any PostgresExecutor
    let configuration: Configuration
    let logger: Logger

    public init(db: any PostgresExecutor, configuration: Configuration = .init(), logger: Logger) {
        self.db = db
        self.configuration = configuration
        self.logger = logger
    }

    /// Deletes everything past retention; returns how many jobs went.
    @discardableResult
    public func runOnce() async throws -> Int {
        var total = 0
        while true {
            let deleted = try await db.decode(JobsSQL.prune(
                succeededSeconds: configuration.succeededRetention.inSeconds,
                otherSeconds: configuration.failedRetention.inSeconds, limit: configuration.slice), as: Int.self, logger: logger).first ?? 0
            total += deleted
            if deleted < configuration.slice { break }
        }
        if total > 0 { logger.info("pruned \(total) finished jobs past retention") }
        // A batch (and its idempotency key) goes once its jobs have.
        let longest = max(configuration.succeededRetention.inSeconds, configuration.failedRetention.inSeconds)
        _ = try await db.run(BatchesSQL.prune(olderThanSeconds: longest), logger: logger)
        return total
    }

    public func run() async throws {
        await Periodic.run(every: configuration.interval, jitter: 0.1...1.0, firstPassAtOnce: false, "pruner", logger: logger) {
            try await runOnce()
        }
    }
}
