import Foundation
import Logging
import PostgresNIO
import QueueKit
import ServiceLifecycle

/// Enqueues `aip.audit` jobs so that every copy is verified within `every` while the
/// worker's audits read no more than `bandwidth`. An AIP is due `lead` before its audit
/// runs out, `lead` being how long a pass over every copy takes at the bandwidth: then
/// even if every other AIP falls due at once and is read first, this one's audit still
/// ends in time (whenever a pass fits into `every` at all). The oldest are enqueued first,
/// at most `batch` outstanding, at a low priority so that stores and moves go first. Every
/// worker runs one; a transaction-scoped advisory lock lets only one enqueue at a time.
public struct AuditScheduler: Service {
    public struct Configuration: Sendable {
        public var settings: AuditSettings
        public var interval: Duration = .seconds(60)
        /// The most audits outstanding (queued by a scheduler, not yet ended).
        public var batch = 1000
        public var priority = -10
        public var queue = "default"
        /// Attempts of a scheduled audit (fewer than a store's: the next pass tries again).
        public var maxAttempts = 5
        /// How long an AIP given an audit waits before it is given another (its audit
        /// failed without a verdict, say).
        public var retryAfter: Duration = .seconds(86_400)

        public init(settings: AuditSettings) {
            self.settings = settings
        }
    }

    let db: ConnectionPool
    let queue: JobQueue
    let configuration: Configuration
    let logger: Logger

    public init(db: ConnectionPool, queue: JobQueue, configuration: Configuration, logger: Logger) {
        self.db = db
        self.queue = queue
        self.configuration = configuration
        self.logger = logger
    }

    /// One pass at `now`: the AIPs whose audits it enqueued, or nil when another
    /// scheduler holds the lock. Tests call this directly.
    @discardableResult
    public func runOnce(now: Date = Date()) async throws -> [UUID]? {
        let c = configuration, queue = queue, logger = logger
        return try await db.onConnection { connection in
            try await connection.transaction(logger: logger) { tx -> [UUID]? in
                guard try await tx.decode(AuditsSQL.trySchedulerLock, as: Bool.self, logger: logger).first == true else { return nil }
                // The pass's bytes (a scan of every AIP) only matter with a bandwidth.
                let total = c.settings.bandwidth > 0 ? try await Audits.totalBytes(on: tx, logger: logger) : 0
                let lead = c.settings.bandwidth > 0 ? Double(total) / c.settings.bandwidth : 0
                let every = Double(c.settings.every.components.seconds), interval = Double(c.interval.components.seconds)
                // Due if it would be late at the next pass.
                let cutoff = now.addingTimeInterval(-every + lead + interval)
                let retried = now.addingTimeInterval(-Double(c.retryAfter.components.seconds))
                let due = try await Audits.due(cutoff: cutoff, retried: retried, limit: c.batch, on: tx, logger: logger)
                guard !due.isEmpty else { return [] }
                let busy = Set(try await queue.unfinishedJobs(forPackages: due, on: tx).filter { $0.kind == AuditHandler.kind }.map(\.package))
                let picks = due.filter { !busy.contains($0) }
                let encoder = JSONEncoder()
                let jobs = try picks.map { uuid in
                    let args = String(decoding: try encoder.encode(AuditHandler.Arguments(package: uuid, actor: "ss-worker audit scheduler")), as: UTF8.self)
                    return NewJob(kind: AuditHandler.kind, argsJSON: args, queue: c.queue, priority: c.priority, maxAttempts: c.maxAttempts, packageUUID: uuid)
                }
                if !jobs.isEmpty {
                    _ = try await queue.enqueue(jobs, on: tx)
                    try await tx.run(AuditsSQL.tried(picks, at: now), logger: logger)
                }
                if !picks.isEmpty { logger.info("audit scheduler: enqueued \(picks.count) audits") }
                return picks
            }
        }
    }

    public func run() async throws {
        await Periodic.run(every: configuration.interval, jitter: 0.8...1.2, firstPassAtOnce: false, "audit scheduler", logger: logger) {
            try await runOnce()
        }
    }
}
