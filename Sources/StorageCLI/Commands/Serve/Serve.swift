import ArgumentParser
import Foundation
import Logging
import QueueKit
import StorageAPI
import StorageKit

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API: Archivematica Storage Service v2 for AIPs, and the all-async v3.",
        discussion: """
            Requests only submit and read jobs; ss-worker processes do the work, so the
            server can be stopped (SIGTERM, SIGINT: in-flight requests finish first) or
            restarted at any time without losing anything. One line per request goes to
            stderr.

            Every path but /api/health needs an API key (`ss-cli apikey create <user>`)
            with the scope its route needs (read, submit, review or admin; a 403 names
            it; see `ss-cli apikey --help` and docs/api.md), sent as `Authorization: ApiKey <user>:<key>`, as HTTP Basic with the key as the
            password, or as ?username=<user>&api_key=<key>. Errors are JSON: {"error": "…"}.
            The OpenAPI document is served at /api/openapi.yaml, and /metrics (Prometheus
            text format; a read key) says what the queue, the AIPs, the locations, the
            copies and the audits are doing: see docs/metrics.md. --metrics-listen serves
            /metrics alone, with no key, at an address of its own (for a Prometheus server).

            /ui/ is a dashboard for people (docs/dashboard.md): sign in with a user and its
            API key; the session lasts 8 hours at most and ends when the key is replaced
            or revoked. It shows the queue, running jobs, failures, batches, AIPs and
            their copies, locations and the deletion requests waiting, and offers cancel,
            retry, approve and reject to the keys whose scopes allow them.

            /api/v3: POST /aips (store), /aips/<uuid>/move, /delete, /fixity answer 202 with
            the job and Location: /api/v3/jobs/<id>; GET /jobs/<id>?wait=SECONDS waits for
            the job to end. /api/v2: the Storage Service's file/, location/, space/,
            pipeline/ and async/ resources for AIPs, with their JSON shapes.

            ENVIRONMENT
              SS_SERVE_LISTEN          address to listen on, when --listen is not given
              SS_SERVE_MAX_BODY_BYTES  the largest request body accepted (default 16 MiB)
              SS_SERVE_MAX_CONNECTIONS HTTP connections open at once (default 2000)
              SS_SERVE_IDLE_TIMEOUT    seconds before a connection with no request in
                                       progress is closed (default 30)
              SS_SERVE_REQUEST_TIMEOUT seconds a request may take to arrive whole, its
                                       body included (default 300); a refusal (401, 403,
                                       413) before the body is in closes the connection
              SS_SERVE_METRICS_LISTEN  --metrics-listen, when the flag is not given
              SS_AUDIT_EVERY           [audit] every, for the copies /metrics counts overdue
              SS_LOCATION_ROOTS        colon-separated directories that locations added
                                       through the API must be inside; with none set,
                                       POST /api/v3/locations adds nothing
              SS_LOG_LEVEL             trace, debug, info (default), notice, warning, error

            \(ExitCodes.discussion)

            EXAMPLES
              KEY=$(ss-cli apikey create archivematica)
              ss-cli serve --listen 127.0.0.1:8000 &
              curl -H "Authorization: ApiKey archivematica:$KEY" localhost:8000/api/v2/file/?limit=5
              curl -X POST -H "Authorization: ApiKey archivematica:$KEY" -d '{"to": "offsite"}' \\
                localhost:8000/api/v3/aips/6c1d4bd5-3f55-4c6e-9d6e-1c2b3a4d5e6f/move
            """
    )

    @Option(help: ArgumentHelp("host:port to listen on (default 127.0.0.1:8000; port 0 picks a free one).", valueName: "host:port"))
    var listen: String?
    @Option(help: ArgumentHelp("Refuse request bodies larger than this (default 16777216).", valueName: "bytes"))
    var maxBodyBytes: Int?
    @Option(help: ArgumentHelp("Also answer GET /metrics here, with no key (default: only on the API port, with a read key).", valueName: "host:port"))
    var metricsListen: String?
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await CommandRunner.run {
            let env = try Environment.load()
            let address = Settings.value("serve.listen", flag: listen, environment: env) ?? "127.0.0.1:8000"
            guard let (host, port) = Self.parse(address) else {
                throw QueueError(.invalidInput, "invalid listen address '\(address)': give host:port, e.g. 127.0.0.1:8000 or [::1]:8000")
            }
            let limitText = Settings.value("serve.max_body_bytes", flag: maxBodyBytes.map { "\($0)" }, environment: env) ?? "\(16 << 20)"
            guard let limit = Int(limitText), limit > 0 else {
                throw QueueError(.invalidInput, "invalid maximum body size '\(limitText)': give a positive number of bytes")
            }
            let clients = Settings.value("serve.max_connections", flag: nil, environment: env) ?? "2000"
            guard let maxClients = Int(clients), maxClients > 0 else {
                throw QueueError(.invalidInput, "invalid serve.max_connections '\(clients)': give a positive number")
            }
            let metrics = try Self.metricsAddress("serve.metrics_listen", flag: metricsListen, env)
            let audits = try AuditSettings.resolve(every: nil, bandwidth: nil, environment: env)
            let idle = try Self.seconds("serve.idle_timeout", env, fallback: "30")
            let arrival = try Self.seconds("serve.request_timeout", env, fallback: "300")
            let logger = WorkerCommand.makeLogger(env, label: "ss-serve")
            let settings = try global.settings()
            // Fail fast (69) when the database is unreachable or behind.
            try await Database.withConnection(settings, logger: logger) { _ in }
            var serverSettings = APIServer.Settings(host: host, port: port, maxBodyBytes: limit, maxClients: maxClients,
                                                    idleTimeout: idle, requestTimeout: arrival, locations: LocationPolicy(env))
            serverSettings.metricsListen = metrics
            serverSettings.auditEvery = audits.every
            let server = APIServer(settings: serverSettings,
                                   database: settings, logger: logger,
                                   parseBatch: { try BatchFile.parse($0) })
            try await server.run { port in
                Terminal.message("listening on http://\(host.contains(":") ? "[\(host)]" : host):\(port) (database \(settings.display))")
            }
        }
    }

    /// A setting in seconds, more than zero.
    static func seconds(_ key: String, _ env: Environment, fallback: String) throws -> Duration {
        let text = Settings.value(key, flag: nil, environment: env) ?? fallback
        guard let value = Double(text), value > 0 else {
            throw QueueError(.invalidInput, "invalid \(key) '\(text)': give a positive number of seconds")
        }
        return .milliseconds(Int(value * 1000))
    }

    /// The `--metrics-listen` address of serve or a worker, if one is set.
    static func metricsAddress(_ key: String, flag: String?, _ env: Environment) throws -> (host: String, port: Int)? {
        guard let text = Settings.value(key, flag: flag, environment: env) else { return nil }
        guard let parsed = parse(text) else { throw QueueError(.invalidInput, "invalid metrics listen address '\(text)': give host:port") }
        return parsed
    }

    /// `host:port`, `[v6]:port`; nil when malformed.
    static func parse(_ address: String) -> (String, Int)? {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]), (0...65535).contains(port) else {
            return nil
        }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            return nil  // an IPv6 address goes in brackets: `::1` is not host `:` port 1
        }
        return host.isEmpty ? nil : (host, port)
    }
}
