import Foundation
import QueueKit
import TOMLKit

/// ss's configuration file (TOML), the last place a setting is looked for before its
/// default: `$SS_CONFIG`, else `$XDG_CONFIG_HOME/ss/config.toml` (`~/.config/…`), else
/// `/etc/ss/config.toml`. Every key stands in for one `SS_*` variable:
///
/// ```toml
/// database_url = "postgres://ss:secret@db.example.org/ss"   # SS_DATABASE_URL
/// home = "/var/lib/ss"                                      # SS_HOME
/// pg_bin = "/usr/lib/postgresql/15/bin"                     # SS_PG_BIN
/// log_level = "info"                                        # SS_LOG_LEVEL
/// location_roots = ["/srv/aips", "/srv/transfers"]          # SS_LOCATION_ROOTS (a:b)
/// file_mode = "0640"                                        # SS_FILE_MODE
/// dir_mode = "0750"                                         # SS_DIR_MODE
/// [worker]
/// queues = ["default", "bulk"]                              # SS_WORKER_QUEUES
/// concurrency = 4                                           # SS_WORKER_CONCURRENCY
/// lease_seconds = 60                                        # SS_WORKER_LEASE_SECONDS
/// poll_interval = 1                                         # SS_WORKER_POLL_INTERVAL
/// shutdown_grace = 30                                       # SS_WORKER_SHUTDOWN_GRACE
/// keep_succeeded_days = 14                                  # SS_WORKER_KEEP_SUCCEEDED_DAYS
/// keep_failed_days = 90                                     # SS_WORKER_KEEP_FAILED_DAYS
/// metrics_listen = "127.0.0.1:9101"                         # SS_WORKER_METRICS_LISTEN
/// [audit]
/// every = "90d"                                             # SS_AUDIT_EVERY
/// bandwidth = "100MiB"                                      # SS_AUDIT_BANDWIDTH
/// [serve]
/// listen = "127.0.0.1:8000"                                 # SS_SERVE_LISTEN
/// max_body_bytes = 16777216                                 # SS_SERVE_MAX_BODY_BYTES
/// max_connections = 2000                                    # SS_SERVE_MAX_CONNECTIONS
/// idle_timeout = 30                                         # SS_SERVE_IDLE_TIMEOUT
/// request_timeout = 300                                     # SS_SERVE_REQUEST_TIMEOUT
/// metrics_listen = "127.0.0.1:9100"                          # SS_SERVE_METRICS_LISTEN
/// ```
public struct ConfigFile: Sendable, Equatable {
    public let path: String
    /// Values by the variable they stand in for (`SS_HOME`, …), as text.
    public let values: [String: String]

    private struct Contents: Decodable {
        struct Worker: Decodable {
            var queues: [String]?
            var concurrency: Int?
            var lease_seconds: Double?
            var poll_interval: Double?
            var shutdown_grace: Double?
            var keep_succeeded_days: Double?
            var keep_failed_days: Double?
            var metrics_listen: String?
        }

        struct Audit: Decodable {
            var every: Text?
            var bandwidth: Text?
        }

        /// A value written as a string or a number (`every = 90` or `every = "90d"`).
        struct Text: Decodable, CustomStringConvertible {
            var description: String
            init(from decoder: any Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let s = try? c.decode(String.self) { description = s } else if let i = try? c.decode(Int.self) { description = "\(i)" } else {
                    description = "\(try c.decode(Double.self))"
                }
            }
        }

        struct Serve: Decodable {
            var listen: String?
            var max_body_bytes: Int?
            var max_connections: Int?
            var idle_timeout: Int?
            var request_timeout: Int?
            var metrics_listen: String?
        }

        var database_url: String?
        var home: String?
        var pg_bin: String?
        var log_level: String?
        var location_roots: [String]?
        var file_mode: String?
        var dir_mode: String?
        var worker: Worker?
        var audit: Audit?
        var serve: Serve?
    }

    public init(path: String, values: [String: String]) {
        self.path = path
        self.values = values
    }

    /// The file that applies, if any. `$SS_CONFIG` must exist; the others are optional.
    public static func locate(_ variables: [String: String]) throws(QueueError) -> String? {
        if let explicit = variables["SS_CONFIG"], !explicit.isEmpty {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw QueueError(.notFound, "SS_CONFIG names \(explicit), which does not exist")
            }
            return explicit
        }
        let xdg = variables["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (variables["HOME"] ?? NSHomeDirectory()) + "/.config"
        return [xdg + "/ss/config.toml", "/etc/ss/config.toml"].first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Reads and checks a file: a TOML error or an unknown key is `invalidInput`, naming it.
    public static func load(_ path: String) throws(QueueError) -> ConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw QueueError(.notFound, "cannot read the configuration file \(path)")
        }
        let contents: Contents
        do {
            var decoder = TOMLDecoder()
            decoder.strictDecoding = true
            contents = try decoder.decode(Contents.self, from: String(decoding: data, as: UTF8.self))
        } catch let error as UnexpectedKeysError {
            let keys = error.keys.keys.sorted().joined(separator: ", ")
            throw QueueError(.invalidInput, "\(path): unknown setting \(keys) (see `man ss-cli`, CONFIGURATION)")
        } catch let error as TOMLParseError {
            throw QueueError(.invalidInput, "\(path): \(error.description) at \(error.source.begin.debugDescription)")
        } catch {
            throw QueueError(.invalidInput, "\(path): \(error)")
        }
        var values: [String: String] = [:]
        func set(_ name: String, _ value: (some CustomStringConvertible)?) { if let value { values[name] = value.description } }
        set("SS_DATABASE_URL", contents.database_url)
        set("SS_HOME", contents.home)
        set("SS_PG_BIN", contents.pg_bin)
        set("SS_LOG_LEVEL", contents.log_level)
        set("SS_LOCATION_ROOTS", contents.location_roots?.joined(separator: ":"))
        set("SS_FILE_MODE", contents.file_mode)
        set("SS_DIR_MODE", contents.dir_mode)
        if let w = contents.worker {
            set("SS_WORKER_QUEUES", w.queues?.joined(separator: ","))
            set("SS_WORKER_CONCURRENCY", w.concurrency)
            set("SS_WORKER_LEASE_SECONDS", w.lease_seconds)
            set("SS_WORKER_POLL_INTERVAL", w.poll_interval)
            set("SS_WORKER_SHUTDOWN_GRACE", w.shutdown_grace)
            set("SS_WORKER_KEEP_SUCCEEDED_DAYS", w.keep_succeeded_days)
            set("SS_WORKER_KEEP_FAILED_DAYS", w.keep_failed_days)
            set("SS_WORKER_METRICS_LISTEN", w.metrics_listen)
        }
        if let a = contents.audit {
            set("SS_AUDIT_EVERY", a.every)
            set("SS_AUDIT_BANDWIDTH", a.bandwidth)
        }
        if let s = contents.serve {
            set("SS_SERVE_LISTEN", s.listen)
            set("SS_SERVE_MAX_BODY_BYTES", s.max_body_bytes)
            set("SS_SERVE_MAX_CONNECTIONS", s.max_connections)
            set("SS_SERVE_IDLE_TIMEOUT", s.idle_timeout)
            set("SS_SERVE_REQUEST_TIMEOUT", s.request_timeout)
            set("SS_SERVE_METRICS_LISTEN", s.metrics_listen)
        }
        return ConfigFile(path: path, values: values)
    }
}
