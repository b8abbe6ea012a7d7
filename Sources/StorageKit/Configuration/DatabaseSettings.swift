import Foundation
import Logging
import PostgresNIO
import QueueKit

/// Where the database is and which schema holds ss's tables, parsed from a
/// `postgres://user:password@host:port/database?host=/socket/dir&schema=ss` URL, with
/// libpq's `sslmode`, `sslrootcert`, `sslcert`, `sslkey` and `passfile` parameters.
///
/// The password is kept for connecting but never shown: `display` masks it.
public struct DatabaseSettings: Sendable, Equatable {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The socket file (`<dir>/.s.PGSQL.<port>`), as PostgresNIO wants it.
        case unixSocket(path: String)
    }

    public var endpoint: Endpoint
    public var username: String
    public var password: String?
    public var database: String
    public var schema: QueueSchema
    /// Where the setting came from (`--database-url`, `SS_DATABASE_URL`, `embedded`).
    public var source: String
    public var tls: DatabaseTLS
    /// Where the password came from (`the URL`, `PGPASSWORD`, `passfile …`), never the password.
    public var passwordSource: String?
    /// The `passwordSource` of a password given with the URL, which `display` masks in it.
    static let fromURL = "the URL"

    public init(endpoint: Endpoint, username: String, password: String?, database: String, schema: QueueSchema, source: String) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
        self.schema = schema
        self.source = source
        tls = .socket
        passwordSource = password == nil ? nil : Self.fromURL
    }

    /// Parses a libpq-style URL. Throws `invalidInput` with the reason. The password is the
    /// URL's, else `PGPASSWORD`, else the password file's (`passfile=`, `PGPASSFILE`,
    /// `~/.pgpass`), in libpq's order.
    public init(url text: String, source: String, variables: [String: String] = ProcessInfo.processInfo.environment) throws(QueueError) {
        guard let c = URLComponents(string: text), let scheme = c.scheme,
              scheme == "postgres" || scheme == "postgresql" else {
            throw QueueError(.invalidInput, "\(source): not a postgres:// URL: \(Self.mask(text))")
        }
        let query = Dictionary((c.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let port = c.port ?? query["port"].flatMap(Int.init) ?? 5432
        let host = c.host.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding } ?? query["host"]
        if let host, host.hasPrefix("/") {
            endpoint = .unixSocket(path: "\(host)/.s.PGSQL.\(port)")
        } else {
            endpoint = .tcp(host: host ?? "localhost", port: port)
        }
        username = c.user?.removingPercentEncoding ?? query["user"] ?? variables["USER"] ?? "postgres"
        let path = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        database = path.isEmpty ? username : path
        schema = try QueueSchema(query["schema"] ?? QueueSchema.default.name)
        self.source = source
        let home = variables["HOME"] ?? NSHomeDirectory()
        if case .tcp = endpoint {
            tls = try DatabaseTLS(query: query, home: home)
        } else {
            tls = .socket
        }
        if let given = c.password?.removingPercentEncoding ?? query["password"] {
            (password, passwordSource) = (given, Self.fromURL)
        } else if let given = variables["PGPASSWORD"], !given.isEmpty {
            (password, passwordSource) = (given, "PGPASSWORD")
        } else {
            let named = query["passfile"] ?? variables["PGPASSFILE"]
            let file = named ?? home + "/.pgpass"
            var host = "localhost"
            if case .tcp(let name, _) = endpoint { host = name }
            if named != nil || FileManager.default.fileExists(atPath: file),
               let found = try PassFile.password(in: file, host: host, port: port, database: database, user: username) {
                (password, passwordSource) = (found, "passfile \(file)")
            } else {
                (password, passwordSource) = (nil, nil)
            }
        }
    }

    /// The URL with the password masked, for messages and `config show`.
    public var display: String {
        let user = username + (passwordSource == Self.fromURL ? ":****" : "")
        let schemaPart = schema == .default ? "" : "schema=\(schema.name)"
        switch endpoint {
        case .tcp(let host, let port):
            let parameters = (schemaPart.isEmpty ? [] : [schemaPart]) + tls.parameters
            return "postgres://\(user)@\(host):\(port)/\(database)" + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
        case .unixSocket(let path):
            let dir = (path as NSString).deletingLastPathComponent
            let port = path.split(separator: ".").last.map(String.init) ?? "5432"
            return "postgres://\(user)@/\(database)?host=\(dir)" + (port == "5432" ? "" : "&port=\(port)")
                + (schemaPart.isEmpty ? "" : "&\(schemaPart)")
        }
    }

    /// A URL as it was given, with any password in it masked: in the user part (up to the
    /// last `@` before the query, whatever the password holds) and as `password=`. For
    /// messages about a URL that may not even parse.
    public static func mask(_ url: String) -> String {
        var text = url
        if let scheme = text.range(of: "://") {
            let end = text[scheme.upperBound...].firstIndex { $0 == "?" || $0 == "#" } ?? text.endIndex
            if let at = text[scheme.upperBound..<end].lastIndex(of: "@"),
               let colon = text[scheme.upperBound..<at].firstIndex(of: ":") {
                text.replaceSubrange(text.index(after: colon)..<at, with: "****")
            }
        }
        return text.replacingOccurrences(of: #"([?&]password=)[^&#]*"#, with: "$1****", options: .regularExpression)
    }

    /// How the connection is protected, in words (`config show`).
    public var encryption: String {
        if case .unixSocket = endpoint { return "none (a Unix socket, which never leaves the host)" }
        return tls.summary
    }

    /// For a single connection (one-shot commands): fails fast when nobody answers.
    public var connectionConfiguration: PostgresConnection.Configuration {
        var config: PostgresConnection.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            config = .init(host: host, port: port, username: username, password: password, database: database, tls: tls.configuration)
        case .unixSocket(let path):
            config = .init(unixSocketPath: path, username: username, password: password, database: database)
        }
        config.options.connectTimeout = .seconds(3)
        config.options.additionalStartupParameters = startupParameters(application: "ss")
        return config
    }

    /// Sent when connecting. Over TCP, the server's side of the connection is asked for
    /// keepalives every few seconds and to give up on data unacknowledged for 20 s: a host
    /// cut off from the network sends no FIN, and without them the server would keep its
    /// session, and any row it locked, for the kernel's two hours (or its 15 minutes of
    /// retransmissions) before it noticed.
    private func startupParameters(application: String) -> [(String, String)] {
        var parameters = [("search_path", schema.name), ("application_name", application)]
        if case .tcp = endpoint {
            parameters += [("tcp_keepalives_idle", "10"), ("tcp_keepalives_interval", "5"), ("tcp_keepalives_count", "3"),
                           ("tcp_user_timeout", "20000")]
        }
        return parameters
    }

    /// A pool for long-running processes (workers): it reconnects by itself after the
    /// server restarts.
    public func pool(maximumConnections: Int, logger: Logger) -> ConnectionPool {
        var config = connectionConfiguration
        config.options.additionalStartupParameters = startupParameters(application: "ss-worker")
        return ConnectionPool(configuration: config, maximumConnections: maximumConnections, logger: logger)
    }
}
