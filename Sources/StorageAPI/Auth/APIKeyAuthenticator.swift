import Foundation
import Hummingbird
import Logging
import QueueKit
import StorageKit

/// Lets a request through when it carries a valid API key, in any of the three forms
/// Storage Service clients use: `Authorization: ApiKey <user>:<key>`, HTTP Basic with the
/// key as the password, or `?username=<user>&api_key=<key>`. Anything else is a 401 with
/// a JSON body. Only `/api/health` is open.
struct APIKeyAuthenticator: RouterMiddleware {
    typealias Context = APIContext
    let backend: Backend
    static let openPaths: Set<String> = ["/api/health"]

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path.hasSuffix("/") ? String(request.uri.path.dropLast()) : request.uri.path
        if Self.openPaths.contains(path) {
            return try await next(request, context)
        }
        guard let (user, key) = try Self.credentials(request) else {
            throw APIError(.unauthorized, "authentication required: send 'Authorization: ApiKey <user>:<key>' (make a key with `ss-cli apikey create <user>`)")
        }
        let valid = try await backend.database { db in try await APIKeys.verify(user: user, key: key, on: db, logger: backend.logger) }
        guard valid else { throw APIError(.unauthorized, "invalid API key for user '\(user)'") }
        var context = context
        context.user = user
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
        let query = Query(request)
        if let user = query["username"], let key = query["api_key"] { return (user, key) }
        return nil
    }
}
