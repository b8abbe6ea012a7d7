import Foundation
import Logging
import PostgresNIO
import QueueKit

/// Where the database is and which schema holds ss's tables, parsed from a
/// `postgres://user:password@host:port/database?host=/socket/dir&schema=ss` URL.
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

    public init(endpoint: Endpoint, username: String, password: String?, database: String, schema: QueueSchema, source: String) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
        self.schema = schema
        self.source = source
    }

    /// Parses a libpq-style URL. Throws `invalidInput` with the reason.
    public init(url text: String, source: String) throws(QueueError) {
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
        username = c.user?.removingPercentEncoding ?? query["user"] ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        password = c.password?.removingPercentEncoding ?? query["password"]
        let path = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        database = path.isEmpty ? username : path
        schema = try QueueSchema(query["schema"] ?? QueueSchema.default.name)
        self.source = source
    }

    /// The URL with the password masked, for messages and `config show`.
    public var display: String {
        let user = username + (password == nil ? "" : ":****")
        let schemaPart = schema == .default ? "" : "schema=\(schema.name)"
        switch endpoint {
        case .tcp(let host, let port):
            return "postgres://\(user)@\(host):\(port)/\(database)" + (schemaPart.isEmpty ? "" : "?\(schemaPart)")
        case .unixSocket(let path):
            let dir = (path as NSString).deletingLastPathComponent
            let port = path.split(separator: ".").last.map(String.init) ?? "5432"
            return "postgres://\(user)@/\(database)?host=\(dir)" + (port == "5432" ? "" : "&port=\(port)")
                + (schemaPart.isEmpty ? "" : "&\(schemaPart)")
        }
    }

    static func mask(_ url: String) -> String {
        url.replacingOccurrences(of: #"(://[^:/@]*:)[^@]*@"#, with: "$1****@", options: .regularExpression)
    }

    /// For a single connection (one-shot commands): fails fast when nobody answers.
    public var connectionConfiguration: PostgresConnection.Configuration {
        var config: PostgresConnection.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            config = .init(host: host, port: port, username: username, password: password, database: database, tls: .disable)
        case .unixSocket(let path):
            config = .init(unixSocketPath: path, username: username, password: password, database: database)
        }
        config.options.connectTimeout = .seconds(3)
        config.options.additionalStartupParameters = [("search_path", schema.name), ("application_name", "ss")]
        return config
    }

    /// A pool for long-running processes (workers): it reconnects by itself after the
    /// server restarts.
    public func pool(maximumConnections: Int, logger: Logger) -> ConnectionPool {
        var config = connectionConfiguration
        config.options.additionalStartupParameters = [("search_path", schema.name), ("application_name", "ss-worker")]
        return ConnectionPool(configuration: config, maximumConnections: maximumConnections, logger: logger)
    }
}
