import ArgumentParser
import Foundation
import CoreMetrics
import Logging
import PostgresNIO
import Prometheus
import QueueKit
import ServiceLifecycle
import StorageAPI
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
            workers (expired leases), prunes finished jobs past their retention, and vacuums
            the jobs table when a drain has left 20,000 dead rows in it (and a fiftieth of its
            live ones).

            Every worker also schedules audits (aip.audit, see `ss-cli aip audit`) so that
            every copy of every AIP is verified within --audit-every: an AIP is enqueued,
            oldest audit first, once it would otherwise be late given how long a pass over
            every copy takes at --audit-bandwidth; only one worker enqueues at a time (an
            advisory lock), at most 1,000 audits are outstanding, and they run at priority
            -10, after stores and moves. --audit-bandwidth limits the bytes per second all of
            this worker's audits read together (their repairs too); 0 is no limit.

            --metrics-listen serves this worker's own figures at GET /metrics (Prometheus text
            format, no key: bind it where only the Prometheus server reaches): each job's
            duration by kind and outcome (ss_job_duration_seconds), the bytes it copied and
            verified, the jobs it runs and its last heartbeat; see docs/metrics.md.

            Every option can also be set by its SS_WORKER_* variable or in the [worker] table of
            the configuration file (flag first, then variable, then file, then default); see
            `ss-cli config show`.

            ENVIRONMENT
              SS_DATABASE_URL  PostgreSQL URL, when --database-url is not given
              SS_HOME          where the embedded database lives
              SS_LOG_LEVEL     trace, debug, info (default), notice, warning, error
              SS_CONFIG        the configuration file to read
              SS_LOCATION_ROOTS  colon-separated directories every location must be
                               inside; the worker re-checks each location (roots, and
                               the system directories refused always) before it touches
                               it, and fails the job for good otherwise
              SS_FILE_MODE, SS_DIR_MODE
                               modes of the files (0640, never more than the source's)
                               and directories (0750) it writes
              SS_WORKER_QUEUES, SS_WORKER_CONCURRENCY, SS_WORKER_LEASE_SECONDS,
              SS_WORKER_POLL_INTERVAL, SS_WORKER_SHUTDOWN_GRACE,
              SS_WORKER_KEEP_SUCCEEDED_DAYS, SS_WORKER_KEEP_FAILED_DAYS,
              SS_AUDIT_EVERY, SS_AUDIT_BANDWIDTH, SS_WORKER_METRICS_LISTEN
                               the options above ([audit] every and bandwidth in
                               the configuration file)

            FILES
              $SS_CONFIG, else $XDG_CONFIG_HOME/ss/config.toml (~/.config/ss/config.toml),
              else /etc/ss/config.toml: the configuration file (TOML), for example
                database_url = "postgres://ss@db.example.org/ss"
                [worker]
                concurrency = 4
                queues = ["default", "bulk"]
                [audit]
                every = "90d"
                bandwidth = "100MiB"
              contrib/systemd/ss-worker@.service: a unit to run workers under systemd

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
    @Option(help: "Seconds a claimed job stays ours without a heartbeat (default 60).") var leaseSeconds: Double?
    @Option(help: "Seconds between polls when no notification arrives (default 1).") var pollInterval: Double?
    @Option(help: "Seconds running jobs may take to finish on shutdown before they are released (default 30).")
    var shutdownGrace: Double?
    @Option(help: "Days to keep succeeded jobs (default 14).") var keepSucceededDays: Double?
    @Option(help: "Days to keep failed and cancelled jobs (default 90).") var keepFailedDays: Double?
    @Option(help: ArgumentHelp("Verify every copy at least this often: 90d, 12h, 30m (default 90d).", valueName: "duration"))
    var auditEvery: String?
    @Option(help: ArgumentHelp("Bytes per second this worker's audits may read: 100MiB, 1GB, 0 for no limit (default 0).", valueName: "rate"))
    var auditBandwidth: String?
    @Option(help: ArgumentHelp("Serve this worker's figures at GET /metrics here (no key).", valueName: "host:port"))
    var metricsListen: String?
    @OptionGroup var global: GlobalOptions

    public init() {}

    /// Each option: the flag, else its SS_WORKER_* variable, else the configuration file, else the default.
    func configuration(_ env: Environment) throws -> (WorkerConfiguration, Pruner.Configuration) {
        func number(_ key: String, _ flag: Double?, _ fallback: Double) throws -> Double {
            guard let text = Settings.value(key, flag: flag.map { "\($0)" }, environment: env) else { return fallback }
            guard let value = Double(text), value >= 0 else { throw ValidationError("\(key) must be a non-negative number, not '\(text)'") }
            return value
        }
        var config = WorkerConfiguration()
        if let list = Settings.value("worker.queues", flag: queues, environment: env) {
            config.queues = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let text = Settings.value("worker.concurrency", flag: concurrency.map { "\($0)" }, environment: env) {
            guard let n = Int(text) else { throw ValidationError("worker.concurrency must be a whole number, not '\(text)'") }
            config.concurrency = n
        }
        config.leaseSeconds = try number("worker.lease_seconds", leaseSeconds, 60)
        config.pollInterval = .milliseconds(Int(try number("worker.poll_interval", pollInterval, 1) * 1000))
        config.shutdownGrace = .milliseconds(Int(try number("worker.shutdown_grace", shutdownGrace, 30) * 1000))
        var pruning = Pruner.Configuration()
        pruning.succeededRetention = .seconds(try number("worker.keep_succeeded_days", keepSucceededDays, 14) * 86_400)
        pruning.failedRetention = .seconds(try number("worker.keep_failed_days", keepFailedDays, 90) * 86_400)
        return (config, pruning)
    }

    public func run() async throws {
        try await CommandRunner.run {
            let env = try Environment.load()
            let (config, pruning) = try configuration(env)
            let audits = try AuditSettings.resolve(every: auditEvery, bandwidth: auditBandwidth, environment: env)
            let metrics = try Serve.metricsAddress("worker.metrics_listen", flag: metricsListen, env)
            try FileModes.configure(env)
            let logger = Self.makeLogger(env)
            let settings = try global.settings()
            // Fail fast (69) when the database is unreachable or behind; reconnect later.
            try await Database.withConnection(settings, logger: logger) { _ in }
            var poolLogger = logger
            poolLogger.logLevel = max(logger.logLevel, .warning)
            let pool = settings.pool(maximumConnections: 8, logger: poolLogger)
            let worker = try QueueWorker(db: pool, schema: settings.schema, handlers: StorageJobs.handlers(policy: LocationPolicy(env), auditBudget: ReadBudget(bytesPerSecond: audits.bandwidth)),
                                         configuration: config, logger: logger)
            let rescuer = Rescuer(db: pool, schema: settings.schema, logger: logger)
            let pruner = Pruner(db: pool, configuration: pruning, logger: logger)
            let vacuumer = Vacuumer(db: pool, logger: logger)
            let scheduler = AuditScheduler(db: pool, queue: JobQueue(schema: settings.schema, logger: logger),
                                           configuration: .init(settings: audits), logger: logger)
            logger.info("database \(settings.display)")
            var services: [any Service] = [worker, rescuer, pruner, vacuumer, scheduler]
            if let metrics { services.append(Self.metricsEndpoint(metrics, logger: logger)) }
            let group = ServiceGroup(configuration: .init(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
            await pool.close()
        }
    }

    /// swift-metrics bootstrapped with a Prometheus registry, served at `listen`. Job
    /// durations get buckets from 10 ms to 4 h: an AIP's store or audit takes minutes.
    static func metricsEndpoint(_ listen: (host: String, port: Int), logger: Logger) -> some Service {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["ss_job_duration_seconds"] = [0.01, 0.1, 1, 10, 60, 300, 900, 3600, 14400].map { Duration.seconds($0) }
        MetricsSystem.bootstrap(factory)
        return MetricsEndpoint.service(host: listen.host, port: listen.port, logger: logger) { registry.emitToString() }
    }

    /// Log lines on stderr at `SS_LOG_LEVEL` (default info).
    static func makeLogger(_ env: Environment, label: String = "ss-worker") -> Logger {
        let level = env["SS_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
