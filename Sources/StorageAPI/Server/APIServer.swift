import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import QueueKit
import ServiceLifecycle
import StorageKit

/// `ss-cli serve`: the HTTP API on Hummingbird, run as services with graceful shutdown.
/// Requests only submit and read; the work is done by `ss-worker`s, so the server holds
/// no job of its own and can restart at any moment without losing anything.
public struct APIServer: Sendable {
    public struct Settings: Sendable {
        public var host: String
        public var port: Int
        /// Larger bodies are refused with 413 before they are read.
        public var maxBodyBytes: Int
        /// Database connections in the pool.
        public var maxConnections: Int
        /// HTTP connections open at once; past it the server stops accepting until one
        /// closes, so idle sockets cannot take every file descriptor. Lowered to fit the
        /// process's descriptor limit.
        public var maxClients: Int
        /// A connection with no request in progress (between requests, or one whose
        /// header has not all arrived) is closed after this long.
        public var idleTimeout: Duration
        /// A request must have arrived whole (its body included) within this long.
        public var requestTimeout: Duration
        /// Where `POST /api/v3/locations` may put a location.
        public var locations: LocationPolicy
        /// A listener of its own for `/metrics`, answered there without a key.
        public var metricsListen: (host: String, port: Int)?
        /// `[audit] every`, for the copies `/metrics` counts overdue.
        public var auditEvery: Duration = AuditSettings().every

        public init(host: String = "127.0.0.1", port: Int = 8000, maxBodyBytes: Int = 16 << 20, maxConnections: Int = 16,
                    maxClients: Int = 2000, idleTimeout: Duration = .seconds(30), requestTimeout: Duration = .seconds(300),
                    locations: LocationPolicy = LocationPolicy(roots: [])) {
            self.requestTimeout = requestTimeout
            self.host = host
            self.port = port
            self.maxBodyBytes = maxBodyBytes
            self.maxConnections = maxConnections
            self.maxClients = maxClients
            self.idleTimeout = idleTimeout
            self.locations = locations
        }

        /// `maxClients`, at most half the descriptors left below the soft limit (raised to
        /// the hard one first) once 100 are kept for the database pool and the log: a
        /// connection that downloads holds its socket and the file it streams.
        var clientLimit: Int {
            var limit = rlimit()
            guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return maxClients }
            if limit.rlim_cur < limit.rlim_max {
                var raised = limit
                raised.rlim_cur = limit.rlim_max
                if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
            }
            return max(1, min(maxClients, (Int(clamping: limit.rlim_cur) - 100) / 2))
        }
    }

    let settings: Settings
    let backend: Backend

    public init(
        settings: Settings, database: DatabaseSettings, logger: Logger,
        parseBatch: @escaping @Sendable (String) throws -> [(line: Int, operation: AIPOperation)]
    ) {
        self.settings = settings
        let pool = database.pool(maximumConnections: settings.maxConnections, logger: logger)
        let figures = ArchiveFigures.reader(pool: pool, queue: JobQueue(schema: database.schema, logger: logger), every: settings.auditEvery, logger: logger)
        backend = Backend(
            pool: pool, settings: database, watch: JobWatch(settings: database, pool: pool, logger: logger),
            body: BodyReader(limit: settings.maxBodyBytes), locations: settings.locations, parseBatch: parseBatch,
            figures: figures, metrics: MetricsPage(figures: figures),
            logger: logger)
    }

    /// Serves until SIGTERM or SIGINT; `onListening` gets the bound port (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = Application(
            router: makeRouteTable().router,
            server: .http1(configuration: .init(additionalChannelHandlers: [RequestDeadline(limit: Self.amount(settings.requestTimeout))],
                                                idleTimeout: Self.amount(settings.idleTimeout))),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "ss",
                                 availableConnectionsDelegate: MaximumAvailableConnections(settings.clientLimit)),
            services: metricsServices(),
            onServerRunning: { [figures = backend.figures] channel in
                // The first reading of the counts takes seconds on a big queue: made now,
                // the first overview or scrape does not wait for all of it.
                Task { await figures.prime() }
                await onListening(channel.localAddress?.port ?? 0)
            },
            logger: backend.logger)
        do {
            try await app.runService()
        } catch {
            await backend.pool.close()
            throw error
        }
        await backend.pool.close()
    }

    /// The job watch, and the metrics listener when there is one.
    private func metricsServices() -> [any Service] {
        guard let listen = settings.metricsListen else { return [backend.watch] }
        let page = backend.metrics
        return [backend.watch, MetricsEndpoint.service(host: listen.host, port: listen.port, logger: backend.logger) { try await page.text() }]
    }

    static func amount(_ duration: Duration) -> TimeAmount { .nanoseconds(Int64(duration / .nanoseconds(1))) }

    /// Every route of the API (not the dashboard's pages), as `METHOD /path/{param}`.
    public var routes: [String] { routeScopes.map(\.route) }

    /// Every route of the API with the scope it needs (`open` for none), as `METHOD /path/{param}`.
    public var routeScopes: [(route: String, scope: String)] {
        makeRouteTable().access.table.filter { !$0.needs.isPage }.map { ($0.route.description, $0.needs.description) }
    }

    /// Every page of the dashboard with the scope it needs, as `METHOD /ui/path/{param}`.
    public var pageScopes: [(route: String, scope: String)] {
        makeRouteTable().access.table.filter { $0.needs.isPage }.map { ($0.route.description, $0.needs.description) }
    }

    func makeRouteTable() -> RouteTable {
        let router = Router(context: APIContext.self)
        let table = RouteTable(router: router)
        router.add(middleware: RequestLog(logger: backend.logger, access: table.access))
        router.add(middleware: DashboardGate(backend: backend, access: table.access))
        router.add(middleware: APIKeyAuthenticator(backend: backend, access: table.access))
        table.on(.get, "/api/health", .open) { _, _ in
            let ok = (try? await backend.database { db in try await db.run("SELECT 1", logger: backend.logger) }) != nil
            return JSONResponse.json(ok ? .ok : .serviceUnavailable, ["status": .string(ok ? "ok" : "database unavailable")])
        }
        table.get("/metrics", .read) { [page = backend.metrics] _, _ in MetricsEndpoint.response(try await page.text()) }
        table.get("/api/openapi.yaml", .read) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
        }
        V3AIPRoutes.register(table, backend)
        V3JobRoutes.register(table, backend)
        V3BatchRoutes.register(table, backend)
        V3LocationRoutes.register(table, backend)
        V3ReviewRoutes.register(table, backend)
        V2FileRoutes.register(table, backend)
        V2FileActions.register(table, backend)
        V2DownloadRoutes.register(table, backend)
        V2ResourceRoutes.register(table, backend)
        V2LocationActions.register(table, backend)
        V2FileIndexRoutes.register(table, backend)
        V2AsyncRoutes.register(table, backend)
        DashboardRoutes.register(table, Dashboard(backend: backend))
        return table
    }
}
