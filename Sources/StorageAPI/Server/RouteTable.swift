import Hummingbird

/// Registers routes on the router and remembers them, so that a test can hold the list
/// against `openapi.yaml` (and the other way round).
final class RouteTable {
    struct Route: Hashable, Sendable, CustomStringConvertible {
        var method: String
        /// In OpenAPI's form: `/api/v3/jobs/{id}`.
        var path: String
        var description: String { "\(method) \(path)" }
    }

    let router: Router<APIContext>
    private(set) var routes: [Route] = []

    init(router: Router<APIContext>) {
        self.router = router
    }

    func on(
        _ method: HTTPRequest.Method, _ path: String,
        _ handler: @escaping @Sendable (Request, APIContext) async throws -> Response
    ) {
        router.on(RouterPath(path), method: method, use: handler)
        routes.append(Route(method: method.rawValue.lowercased(), path: path))
    }

    func get(_ path: String, _ handler: @escaping @Sendable (Request, APIContext) async throws -> Response) { on(.get, path, handler) }
    func post(_ path: String, _ handler: @escaping @Sendable (Request, APIContext) async throws -> Response) { on(.post, path, handler) }
}
