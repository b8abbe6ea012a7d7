import Foundation
import Hummingbird
import Logging
import QueueKit
import StorageKit

/// Lets a request through when it carries a valid API key with the scope its route needs
/// (`RouteAccess`), in any of the three forms Storage Service clients use:
/// `Authorization: ApiKey <user>:<key>`, HTTP Basic with the key as the password, or
/// `?username=<user>&api_key=<key>`. No key, or a bad one, is a 401; a good key without
/// the scope is a 403 naming it. Only `/api/health` is open.
struct APIKeyAuthenticator: RouterMiddleware {
    typealias Context = APIContext
    let backend: Backend
    let access: RouteAccess

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let needs = access.needs(request.method, endpoint: context.endpointPath)
        if needs == .open || needs?.isPage == true {  // a page's session is `DashboardGate`'s
            return try await next(request, context)
        }
        guard let (user, key) = try Self.credentials(request) else {
            throw APIError(.unauthorized, "authentication required: send 'Authorization: ApiKey <user>:<key>' (make a key with `ss-cli apikey create <user>`)")
        }
        let verification = try await backend.database { db in try await APIKeys.verify(user: user, key: key, on: db, logger: backend.logger) }
        guard case .valid(let scopes) = verification else {
            // A name no user has may be a key sent in the wrong place: it is not logged.
            context.audit.record(user: verification == .wrongKey ? user : "(unknown)", scope: nil)
            throw APIError(.unauthorized, verification == .wrongKey ? "invalid API key for user '\(user)'" : "invalid user or API key")
        }
        context.audit.record(user: user, scope: nil)
        if case .scope(let scope) = needs {
            guard scopes.allow(scope) else {
                throw StorageError(.forbidden, "this request needs an API key with the '\(scope.rawValue)' scope; \(user)'s key has \(scopes) (see `ss-cli apikey scope`)",
                                   .init(scope: scope.rawValue))
            }
            context.audit.record(user: user, scope: scopes.members.contains(scope) ? scope.rawValue : Scope.admin.rawValue)
        }
        var context = context
        context.user = user
        context.scopes = scopes
        return try await next(request, context)
    }

    /// The user and key a request offers; nil when it offers none, 401 when malformed.
    static func credentials(_ request: Request) throws -> (String, String)? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { throw APIError(.unauthorized, "malformed Authorization header") }
            let scheme = parts[0].lowercased(), value = String(parts[1]).trimmingCharacters(in: .whitespaces)
            let pair: String
            switch scheme {
            case "apikey":
                pair = value
            case "basic":
                guard let data = Data(base64Encoded: value), let text = String(data: data, encoding: .utf8) else {
                    throw APIError(.unauthorized, "malformed Basic credentials")
                }
                pair = text
            default:
                throw APIError(.unauthorized, "unsupported Authorization scheme '\(parts[0])': use ApiKey or Basic")
            }
            guard let colon = pair.firstIndex(of: ":") else {
                throw APIError(.unauthorized, "malformed credentials: expected <user>:<key>")
            }
            return (String(pair[..<colon]), String(pair[pair.index(after: colon)...]))
        }
        let query = try Query(request)
        if let user = query["username"], let key = query["api_key"] { return (user, key) }
        return nil
    }
}
