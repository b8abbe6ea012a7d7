import Foundation
import Hummingbird
import Logging

/// One log line per request (method, path, status, user, milliseconds), and every error
/// turned into its JSON response here, so that nothing reaches a client as HTML or as a
/// dropped connection. The query string is not logged: it may hold an API key.
struct RequestLog: RouterMiddleware {
    typealias Context = APIContext
    let logger: Logger

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        var failure = ""
        do {
            response = try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && error.body == nil {
            response = try APIError(.notFound, "no such path: \(request.method) \(request.uri.path) (see /api/openapi.yaml)").response(from: request, context: context)
        } catch {
            let api = APIError.from(error)
            if api.status == .internalServerError { failure = " error: \(String(reflecting: error))" }
            response = try api.response(from: request, context: context)
        }
        // As claimed, whether or not the key was good: a 401 says who tried.
        let claimed = (try? APIKeyAuthenticator.credentials(request))??.0 ?? "-"
        let user = String(claimed.unicodeScalars.map { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f ? "?" : Character($0) }.prefix(64))
        let ms = (ContinuousClock.now - start) / .milliseconds(1)
        logger.info("\(request.method) \(request.uri.path) \(response.status.code) user=\(user) \(String(format: "%.1f", ms)) ms\(failure)")
        return response
    }
}
