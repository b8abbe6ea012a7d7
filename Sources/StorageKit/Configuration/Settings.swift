import Foundation
import QueueKit

/// One setting as resolved: its value and where it came from (a flag, an `SS_*`
/// variable, the configuration file, or the default).
public struct ResolvedSetting: Sendable, Equatable {
    public var name: String
    public var value: String
    public var source: String
}

/// Every setting ss has, resolved the one way they all are: flag, then `SS_*` variable,
/// then configuration file, then default. `config show` prints them; the worker reads its
/// options through `value(_:flag:environment:)`.
public enum Settings {
    /// The worker's settings: configuration key, variable, default.
    public static let workerKeys: [(key: String, variable: String, fallback: String)] = [
        ("worker.queues", "SS_WORKER_QUEUES", "(all)"),
        ("worker.concurrency", "SS_WORKER_CONCURRENCY", "\(ProcessInfo.processInfo.activeProcessorCount)"),
        ("worker.lease_seconds", "SS_WORKER_LEASE_SECONDS", "60"),
        ("worker.poll_interval", "SS_WORKER_POLL_INTERVAL", "1"),
        ("worker.shutdown_grace", "SS_WORKER_SHUTDOWN_GRACE", "30"),
        ("worker.keep_succeeded_days", "SS_WORKER_KEEP_SUCCEEDED_DAYS", "14"),
        ("worker.keep_failed_days", "SS_WORKER_KEEP_FAILED_DAYS", "90"),
        ("worker.metrics_listen", "SS_WORKER_METRICS_LISTEN", "(none)"),
    ]

    /// `ss-cli serve`'s settings: configuration key, variable, default.
    public static let serveKeys: [(key: String, variable: String, fallback: String)] = [
        ("serve.listen", "SS_SERVE_LISTEN", "127.0.0.1:8000"),
        ("serve.max_body_bytes", "SS_SERVE_MAX_BODY_BYTES", "\(16 << 20)"),
        ("serve.max_connections", "SS_SERVE_MAX_CONNECTIONS", "2000"),
        ("serve.idle_timeout", "SS_SERVE_IDLE_TIMEOUT", "30"),
        ("serve.request_timeout", "SS_SERVE_REQUEST_TIMEOUT", "300"),
        ("serve.metrics_listen", "SS_SERVE_METRICS_LISTEN", "(none: /metrics on the API port, with a read key)"),
    ]

    /// The worker's audit settings (`[audit]`): configuration key, variable, default.
    public static let auditKeys: [(key: String, variable: String, fallback: String)] = [
        ("audit.every", "SS_AUDIT_EVERY", "90d"),
        ("audit.bandwidth", "SS_AUDIT_BANDWIDTH", "0 (no limit)"),
    ]

    /// Settings of where ss keeps AIPs, for every command and the worker.
    public static let storageKeys: [(key: String, variable: String, fallback: String)] = [
        ("location_roots", "SS_LOCATION_ROOTS", "(none: only ss-cli on the host adds locations)"),
        ("file_mode", "SS_FILE_MODE", "0640"),
        ("dir_mode", "SS_DIR_MODE", "0750"),
    ]

    /// A worker, audit or server setting: the flag's value if given (`--concurrency` …), else
    /// the variable, else the configuration file; nil means the default.
    public static func value(_ key: String, flag: String?, environment: Environment) -> String? {
        flag ?? (workerKeys + auditKeys + serveKeys).first { $0.key == key }.flatMap { environment[$0.variable] }
    }

    /// Everything, with passwords masked. `databaseFlag` is `--database-url`, if given.
    public static func all(databaseFlag: String?, environment: Environment) -> [ResolvedSetting] {
        var out: [ResolvedSetting] = []
        let database: DatabaseSettings?, problem: String
        do {
            database = try DatabaseResolver.resolve(flag: databaseFlag, environment: environment)
            problem = ""
        } catch {
            (database, problem) = (nil, error.message)
        }
        out.append(ResolvedSetting(name: "database_url", value: database?.display ?? "(invalid: \(DatabaseSettings.mask(databaseFlag ?? environment["SS_DATABASE_URL"] ?? "")): \(problem))",
                                   source: database?.source ?? (databaseFlag == nil ? "SS_DATABASE_URL" : "--database-url")))
        if let database {
            out.append(ResolvedSetting(name: "database_tls", value: database.encryption, source: database.source))
            out.append(ResolvedSetting(name: "database_password", value: database.passwordSource.map { "(set, from \($0))" } ?? "(none)",
                                       source: database.source))
        }
        out.append(resolved("home", "SS_HOME", environment, fallback: environment.home))
        out.append(resolved("pg_bin", "SS_PG_BIN", environment,
                            fallback: (try? EmbeddedCluster(environment: environment).binaries()) ?? "(not installed)"))
        out.append(resolved("log_level", "SS_LOG_LEVEL", environment, fallback: "info"))
        for w in storageKeys + workerKeys + auditKeys + serveKeys { out.append(resolved(w.key, w.variable, environment, fallback: w.fallback)) }
        out.append(ResolvedSetting(name: "config_file", value: environment.config?.path ?? "(none)",
                                   source: environment.variables["SS_CONFIG"].map { _ in "SS_CONFIG" } ?? "default"))
        return out
    }

    private static func resolved(_ name: String, _ variable: String, _ environment: Environment, fallback: String) -> ResolvedSetting {
        ResolvedSetting(name: name, value: environment[variable] ?? fallback, source: environment.source(of: variable) ?? "default")
    }
}
