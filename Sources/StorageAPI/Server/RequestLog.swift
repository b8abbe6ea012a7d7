import Foundation
import Hummingbird
import Logging

/// One log line per request (method, path, status, user, the scope that allowed it,
/// milliseconds), and every error turned into its JSON response here, so that nothing
/// reaches a client as HTML or as a dropped connection. The query string is not logged:
/// it may hold an API key; nor is a user name that no key has (it may be a key).
struct RequestLog: RouterMiddleware {
    typealias Context = APIContext
    let logger: Logger
    /// The routes, to tell a wrong method (405, with `Allow`) from a path with no route.
    let access: RouteAccess

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        var failure = ""
        do {
            response = try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && error.body == nil {
            let allowed = access.methods(at: request.uri.path)
            if allowed.isEmpty {
                response = try APIError(.notFound, "no such path: \(request.method) \(request.uri.path) (see /api/openapi.yaml)").response(from: request, context: context)
            } else {
                var answer = try APIError(.methodNotAllowed, "\(request.uri.path) takes \(allowed.joined(separator: ", ")), not \(request.method)")
                    .response(from: request, context: context)
                answer.headers[.allow] = allowed.joined(separator: ", ")
                response = answer
            }
        } catch {
            let api = APIError.from(error)
            if api.status == .internalServerError { failure = " error: \(String(reflecting: error))" }
            if api.status == .serviceUnavailable { failure = " error: \(error)" }  // the client was told less
            response = try api.response(from: request, context: context)
        }
        // A user with a key, proven or not (a 401 for a wrong key says who tried).
        let user = context.audit.user.map(Self.printable) ?? "-"
        let scope = context.audit.scope ?? "-"
        let ms = (ContinuousClock.now - start) / .milliseconds(1)
        logger.info("\(request.method) \(Self.printable(request.uri.path)) \(response.status.code) user=\(user) scope=\(scope) \(String(format: "%.1f", ms)) ms\(failure)")
        return response
    }

    /// No control characters or spaces in a log line, and no more than a line's worth.
    static func printable(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f ? "?" : Character($0) }.prefix(200))
    }
}
