import Foundation
import Hummingbird
import HummingbirdCore
import StorageKit

/// Lets a dashboard page through when its session cookie opens a session whose key has
/// the scope the page needs (`RouteAccess.Needs.page`). A GET without one is sent to the
/// sign-in page, which brings the person back; a POST must carry the session's CSRF token
/// in its form, whatever the cookie says, and is refused (403) without it. The cookie is
/// `SameSite=Strict` as well, so another site's form does not even send it.
struct DashboardGate: RouterMiddleware {
    typealias Context = APIContext
    let backend: Backend
    let access: RouteAccess
    /// A form is a few fields; anything bigger is not one of ours.
    static let formLimit = 64 << 10
    static let cookie = "ss_session"

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        guard case .page(let needed) = access.needs(request.method, endpoint: context.endpointPath) else {
            return try await next(request, context)
        }
        var request = request, context = context
        if request.method == .post {
            do { context.form = try await Self.form(&request) } catch { return Dashboard.failure(error, logger: context.logger) }
        }
        guard let needed else { return try await next(request, context) }
        let token = request.cookies[Self.cookie]?.value ?? ""
        let found: DashboardSessions.Session?
        do {
            found = try await backend.database { db in try await DashboardSessions.find(token: token, on: db, logger: backend.logger) }
        } catch {
            return Dashboard.failure(error, logger: context.logger)
        }
        guard let session = found else {
            if request.method == .get { return Self.signIn(returningTo: request.uri) }
            return try Dashboard.refusal(.forbidden, "your session has ended: sign in again")
        }
        context.audit.record(user: session.user, scope: nil)
        if request.method == .post, !DashboardSessions.sameToken(context.form["csrf"] ?? "", session.csrf) {
            return try Dashboard.refusal(.forbidden, "this form is not one this session was given (no CSRF token, or another's): reload the page and try again")
        }
        guard session.scopes.allow(needed) else {
            return try Dashboard.refusal(.forbidden, "this needs an API key with the '\(needed.rawValue)' scope; \(session.user)'s key has \(session.scopes)")
        }
        context.audit.record(user: session.user, scope: session.scopes.members.contains(needed) ? needed.rawValue : Scope.admin.rawValue)
        context.user = session.user
        context.scopes = session.scopes
        context.csrf = session.csrf
        return try await next(request, context)
    }

    /// A POST's form fields; 413 past `formLimit`, 415 for a body that is not a form.
    static func form(_ request: inout Request) async throws -> [String: String] {
        let type = request.headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            throw APIError(.unsupportedMediaType, "a dashboard form is sent as application/x-www-form-urlencoded")
        }
        let body = try await request.collectBody(upTo: formLimit)
        return try Query(encoded: String(buffer: body)).values
    }

    /// 303 to the sign-in page, which sends the person back to `uri` (a path of ours only).
    static func signIn(returningTo uri: URI) -> Response {
        let back = uri.query.map { uri.path + "?" + $0 } ?? uri.path
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~/"))
        return Response(status: .seeOther, headers: [.location: "/ui/login?next=" + (back.addingPercentEncoding(withAllowedCharacters: allowed) ?? "/ui/")])
    }
}
