import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Vacuums the jobs table when a drain has left many dead rows, instead of waiting for
/// autovacuum (which looks once a minute). A claimed job leaves a dead entry at the head
/// of `jobs_claimable`, and every later claim steps over all of them: in a drain of a
/// million the claim's scan grew from 275 to 5,890 pages until autovacuum came, and the
/// drain slowed with it; a `VACUUM` of the table takes about a second here and brings
/// the scan back to a few pages. Every worker runs one, and the table is vacuumed at
/// most once an interval whoever runs it: each vacuum reads every index whole (a tenth of
/// a deep drain's database time with two workers), and with each of ten workers
/// vacuuming when it looked, the table would be vacuumed without pause. `SKIP_LOCKED` leaves the table to whichever vacuum
/// (another worker's, autovacuum) holds it already.
public struct Vacuumer: Service {
    public struct Configuration: Sendable {
        /// How often each worker looks, and the least time between two vacuums of the
        /// table: about what two workers looking every five seconds gave, and no more
        /// often with ten.
        public var interval: Duration = .seconds(3)
        /// Dead rows (as PostgreSQL's statistics count them) that make a vacuum worth it.
        public var threshold: Int = 20_000
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

    /// Vacuums when the dead rows have reached the threshold, and a fiftieth of the live
    /// ones (autovacuum's own scale factor for this table): a vacuum reads every index
    /// whole, so on a table of a hundred million it waits for two million dead rows
    /// instead of running without pause; and when no vacuum of the table (any worker's,
    /// autovacuum's) has ended within the interval. True when it vacuumed.
    @discardableResult
    public func runOnce() async throws -> Bool {
        guard let (dead, live, sinceLast) = try await db.decode(JobsSQL.deadRows, as: (Int, Int, Double).self, logger: logger).first,
              dead >= max(configuration.threshold, live / 50),
              sinceLast >= configuration.interval.inSeconds else { return false }
        let start = ContinuousClock.now
        // On a connection of its own, outside the pool's statement timeout: a vacuum of a
        // big table takes minutes, and the timeout would drop its connection every time.
        try await db.onConnection { c in try await c.run(JobsSQL.vacuum, logger: logger) }
        logger.debug("vacuumed the jobs table (\(dead) dead rows) in \(ContinuousClock.now - start)")
        return true
    }

    public func run() async throws {
        await Periodic.run(every: configuration.interval, jitter: 0.8...1.2, firstPassAtOnce: false, "vacuum", logger: logger) {
            try await runOnce()
        }
    }
}
