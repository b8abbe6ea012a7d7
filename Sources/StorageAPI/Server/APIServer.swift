import Foundation
import Hummingbird
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
        public var maxConnections: Int

        public init(host: String = "127.0.0.1", port: Int = 8000, maxBodyBytes: Int = 16 << 20, maxConnections: Int = 16) {
            self.host = host
            self.port = port
            self.maxBodyBytes = maxBodyBytes
            self.maxConnections = maxConnections
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
        backend = Backend(
            pool: pool, settings: database, watch: JobWatch(settings: database, pool: pool, logger: logger),
            body: BodyReader(limit: settings.maxBodyBytes), parseBatch: parseBatch, logger: logger)
    }

    /// Serves until SIGTERM or SIGINT; `onListening` gets the bound port (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = Application(
            router: makeRouteTable().router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "ss"),
            services: [backend.watch],
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: backend.logger)
        do {
            try await app.runService()
        } catch {
            await backend.pool.close()
            throw error
        }
        await backend.pool.close()
    }

    /// Every route the server answers, as `METHOD /path/{param}`.
    public var routes: [String] { makeRouteTable().routes.map(\.description) }

    func makeRouteTable() -> RouteTable {
        let router = Router(context: APIContext.self)
        router.add(middleware: RequestLog(logger: backend.logger))
        router.add(middleware: APIKeyAuthenticator(backend: backend))
        let table = RouteTable(router: router)
        table.get("/api/health") { _, _ in
            let ok = (try? await backend.database { db in try await db.run("SELECT 1", logger: backend.logger) }) != nil
            return JSONResponse.json(ok ? .ok : .serviceUnavailable, ["status": .string(ok ? "ok" : "database unavailable")])
        }
        table.get("/api/openapi.yaml") { _, _ in
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
        V2AsyncRoutes.register(table, backend)
        return table
    }
}
