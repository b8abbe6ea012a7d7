import Hummingbird
import StorageKit
import Synchronization

/// Registers routes on the router with the scope each needs, and remembers both in
/// `access`: the authenticator looks the scope up for every request, and tests hold the
/// list against `openapi.yaml` and call every route with every scope. A route cannot be
/// registered without saying who may call it.
final class RouteTable {
    let router: Router<APIContext>
    let access = RouteAccess()

    init(router: Router<APIContext>) {
        self.router = router
    }

    var routes: [RouteAccess.Route] { access.table.map(\.route) }

    /// A dashboard page: signed in with a session cookie (`DashboardGate`), not a key;
    /// `nil` for the sign-in page and the stylesheet, which anyone may fetch.
    func page(
        _ method: HTTPRequest.Method, _ path: String, _ scope: Scope?,
        _ handler: @escaping @Sendable (Request, APIContext) async throws -> Response
    ) {
        // A page that fails says so as a page, not as the API's JSON.
        on(method, path, .page(scope)) { request, context in
            do { return try await handler(request, context) } catch { return Dashboard.failure(error, logger: context.logger) }
        }
    }

    func on(
        _ method: HTTPRequest.Method, _ path: String, _ needs: RouteAccess.Needs,
        _ handler: @escaping @Sendable (Request, APIContext) async throws -> Response
    ) {
        let routerPath = RouterPath(path)
        router.on(routerPath, method: method, use: handler)
        access.add(.init(method: method.rawValue.lowercased(), path: path), needs, endpoint: "\(method.rawValue) \(routerPath)")
    }

    func get(_ path: String, _ scope: Scope, _ handler: @escaping @Sendable (Request, APIContext) async throws -> Response) {
        on(.get, path, .scope(scope), handler)
    }

    func post(_ path: String, _ scope: Scope, _ handler: @escaping @Sendable (Request, APIContext) async throws -> Response) {
        on(.post, path, .scope(scope), handler)
    }
}

/// Every route and what it needs, filled while routes are registered, read per request.
final class RouteAccess: Sendable {
    struct Route: Hashable, Sendable, CustomStringConvertible {
        var method: String
        /// In OpenAPI's form: `/api/v3/jobs/{id}`.
        var path: String
        var description: String { "\(method) \(path)" }
    }

    /// What a route needs: a key with a scope, or nothing (`/api/health`); a dashboard
    /// page needs a session whose key has the scope (or nothing, with none).
    enum Needs: Sendable, Equatable, CustomStringConvertible {
        case open
        case scope(Scope)
        case page(Scope?)

        var description: String {
            switch self {
            case .open, .page(nil): "open"
            case .scope(let s), .page(let s?): s.rawValue
            }
        }

        var isPage: Bool { if case .page = self { true } else { false } }
    }

    private let entries = Mutex<(table: [(route: Route, needs: Needs)], byEndpoint: [String: Needs])>(([], [:]))

    func add(_ route: Route, _ needs: Needs, endpoint: String) {
        entries.withLock {
            $0.table.append((route, needs))
            $0.byEndpoint[endpoint] = needs
        }
    }

    /// Every route with what it needs, in the order registered.
    var table: [(route: Route, needs: Needs)] { entries.withLock { $0.table } }

    /// The methods that have a route at `path`, for the 405 of a known path asked with
    /// another method (Hummingbird answers it as it does an unknown path).
    func methods(at path: String) -> [String] {
        let segments = path.split(separator: "/")
        return entries.withLock { e in
            Set(e.table.filter { entry in
                let parts = entry.route.path.split(separator: "/")
                return parts.count == segments.count && zip(parts, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
            }.map { $0.route.method.uppercased() }).sorted()
        }
    }

    /// What the route Hummingbird resolved (`context.endpointPath`) needs; nil when none
    /// matched (a 404 once the key is checked).
    func needs(_ method: HTTPRequest.Method, endpoint: String?) -> Needs? {
        guard let endpoint else { return nil }
        return entries.withLock { $0.byEndpoint["\(method.rawValue) \(endpoint)"] }
    }
}
