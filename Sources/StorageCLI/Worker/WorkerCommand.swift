import ArgumentParser
import Foundation
import Logging
import PostgresNIO
import QueueKit
import ServiceLifecycle
import StorageKit

/// `ss-worker`: the daemon that claims and runs jobs.
public struct WorkerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ss-worker",
        abstract: "Run ss jobs: claim them from PostgreSQL and run them until stopped.",
        discussion: """
            Start any number of workers, on any hosts that share the database and the storage.
            Each logs one line per job start and end. On SIGTERM or SIGINT a worker stops
            claiming, lets running jobs finish within --shutdown-grace, then releases the rest
            back to the queue (without spending an attempt) and exits 0. When PostgreSQL
            restarts it reconnects with back-off. Every worker also rescues jobs of dead
            workers (expired leases) and prunes finished jobs past their retention.

            ENVIRONMENT
              SS_DATABASE_URL  PostgreSQL URL, when --database-url is not given
              SS_HOME          where the embedded database lives
              SS_LOG_LEVEL     trace, debug, info (default), notice, warning, error

            \(ExitCodes.discussion)

            EXAMPLES
              ss-worker --concurrency 4
              ss-worker --queues default,bulk --lease-seconds 120 --shutdown-grace 300
            """,
        version: "0.1.0"
    )

    @Option(help: ArgumentHelp("Comma-separated queues to take jobs from (default: all).", valueName: "names"))
    var queues: String?
    @Option(help: "Jobs run at once (default: the number of cores).") var concurrency: Int?
    @Option(help: "Seconds a claimed job stays ours without a heartbeat.") var leaseSeconds: Double = 60
    @Option(help: "Seconds between polls when no notification arrives.") var pollInterval: Double = 1
    @Option(help: "Seconds running jobs may take to finish on shutdown before they are released.")
    var shutdownGrace: Double = 30
    @Option(help: "Days to keep succeeded jobs.") var keepSucceededDays: Double = 14
    @Option(help: "Days to keep failed and cancelled jobs.") var keepFailedDays: Double = 90
    @OptionGroup var global: GlobalOptions

    public init() {}

    public func run() async throws {
        var config = WorkerConfiguration()
        config.queues = queues.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
        if let concurrency { config.concurrency = concurrency }
        config.leaseSeconds = leaseSeconds
        config.pollInterval = .milliseconds(Int(pollInterval * 1000))
        config.shutdownGrace = .milliseconds(Int(shutdownGrace * 1000))
        var pruning = Pruner.Configuration()
        pruning.succeededRetention = .seconds(keepSucceededDays * 86_400)
        pruning.failedRetention = .seconds(keepFailedDays * 86_400)

        try await CommandRunner.run {
            let logger = Self.makeLogger()
            let settings = try global.settings()
            // Fail fast (69) when the database is unreachable or behind; reconnect later.
            try await Database.withConnection(settings, logger: logger) { _ in }
            var poolLogger = logger
            poolLogger.logLevel = max(logger.logLevel, .warning)
            let pool = settings.pool(maximumConnections: 8, logger: poolLogger)
            let worker = try QueueWorker(db: pool, schema: settings.schema, handlers: StorageJobs.handlers,
                                         configuration: config, logger: logger)
            let rescuer = Rescuer(db: pool, schema: settings.schema, logger: logger)
            let pruner = Pruner(db: pool, configuration: pruning, logger: logger)
            logger.info("database \(settings.display)")
            let group = ServiceGroup(configuration: .init(
                services: [worker, rescuer, pruner],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
            await pool.close()
        }
    }

    static func makeLogger() -> Logger {
        let level = ProcessInfo.processInfo.environment["SS_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "ss-worker")
        logger.logLevel = level
        return logger
    }
}
