import Hummingbird
import HummingbirdCore
import Logging
import ServiceLifecycle

/// A listener of its own that answers `GET /metrics` and nothing else, with no key: for
/// `--metrics-listen` of `ss-cli serve` and `ss-worker`, bound where only the Prometheus
/// server reaches.
public enum MetricsEndpoint {
    /// A page in the Prometheus text format (version 0.0.4), as both listeners answer it.
    static func response(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Says where it listens (`serving /metrics on http://host:port`) once it does, at
    /// notice level, so that port 0 can be found.
    public static func service(host: String, port: Int, logger: Logger, text: @escaping @Sendable () async throws -> String) -> some Service {
        let router = Router()
        router.get("/metrics") { _, _ in response(try await text()) }
        // Idle connections closed, and few at once: the listener has no key to stop anyone.
        return Application(router: router, server: .http1(configuration: .init(idleTimeout: .seconds(30))),
                           configuration: .init(address: .hostname(host, port: port), serverName: "ss-metrics",
                                                availableConnectionsDelegate: MaximumAvailableConnections(16)),
                           onServerRunning: { channel in
                               let shown = host.contains(":") ? "[\(host)]" : host
                               logger.notice("serving /metrics on http://\(shown):\(channel.localAddress?.port ?? 0)")
                           }, logger: logger)
    }
}
