import Foundation
import Hummingbird
import StorageKit

/// `/ui/login` and `/ui/logout`. The sign-in form is guarded like every other: the page
/// sets a random token in a `SameSite=Strict` cookie and in the form, and a sign-in whose
/// two differ (a form posted from another site) is refused, so nobody can sign a visitor
/// in as themselves. A good key opens a session (`DashboardSessions`) kept in an
/// `HttpOnly` cookie for the dashboard's paths only.
enum SignInPages {
    static let loginCookie = "ss_login"

    static func register(_ routes: RouteTable, _ ui: Dashboard) {
        routes.page(.get, "/ui/login", nil) { request, _ in
            try form(next: Query(request)["next"] ?? "/ui/", user: "", message: nil, request: request)
        }

        routes.page(.post, "/ui/login", nil) { request, context in
            let form = context.form, user = form["user"] ?? "", key = form["key"] ?? "", next = form["next"] ?? "/ui/"
            guard let expected = request.cookies[loginCookie]?.value, DashboardSessions.sameToken(form["csrf"] ?? "", expected) else {
                return try Dashboard.refusal(.forbidden, "this sign-in form is not one this server gave you (no CSRF token): open /ui/login and try again")
            }
            let opened = try await ui.backend.database { db in
                try await DashboardSessions.open(user: user, key: key, on: db, logger: ui.backend.logger)
            }
            guard let (token, session) = opened else {
                context.audit.record(user: "(unknown)", scope: nil)
                return try self.form(next: next, user: user, message: "Invalid user or API key.", request: request, status: .unauthorized)
            }
            context.audit.record(user: session.user, scope: nil)
            var headers = HTTPFields()
            headers.append(.init(name: .setCookie, value: Cookie(name: loginCookie, value: "", maxAge: 0, path: "/ui/login", httpOnly: true, sameSite: .strict).description))
            headers.append(.init(name: .setCookie, value: sessionCookie(token, maxAge: Int(DashboardSessions.lifetime / .seconds(1)), request).description))
            return Dashboard.seeOther(safeReturn(next), headers: headers)
        }

        routes.page(.post, "/ui/logout", nil) { request, context in
            let token = request.cookies[DashboardGate.cookie]?.value ?? ""
            let closed = try await ui.backend.database { db in
                guard let session = try await DashboardSessions.find(token: token, on: db, logger: ui.backend.logger),
                      DashboardSessions.sameToken(context.form["csrf"] ?? "", session.csrf) else { return false }
                try await DashboardSessions.close(token: token, on: db, logger: ui.backend.logger)
                return true
            }
            // Only the session's own form ends it: a POST from another site neither closes
            // the session nor clears its cookie (which a top-level navigation could).
            guard closed || token.isEmpty else { return try Dashboard.refusal(.forbidden, "This sign-out did not come from your session's page.") }
            return Dashboard.seeOther("/ui/login", headers: [.setCookie: sessionCookie("", maxAge: 0, request).description])
        }

        routes.page(.get, "/ui/style.css", nil) { _, _ in Dashboard.asset("style.css", type: "text/css; charset=utf-8") }
        routes.page(.get, "/ui/refresh.js", nil) { _, _ in Dashboard.asset("refresh.js", type: "text/javascript; charset=utf-8") }
    }

    struct Form {
        var next: String
        var user: String
        var csrf: String
        var message: String?
    }

    static func form(next: String, user: String, message: String?, request: Request, status: HTTPResponse.Status = .ok) throws -> Response {
        let token = DashboardSessions.formToken()
        let cookie = Cookie(name: loginCookie, value: token, maxAge: 3600, path: "/ui/login", secure: secure(request), httpOnly: true, sameSite: .strict)
        return try Dashboard.html("login", Form(next: safeReturn(next), user: user, csrf: token, message: message), status: status,
                                  headers: [.setCookie: cookie.description])
    }

    static func sessionCookie(_ token: String, maxAge: Int, _ request: Request) -> Cookie {
        Cookie(name: DashboardGate.cookie, value: token, maxAge: maxAge, path: "/ui", secure: secure(request), httpOnly: true, sameSite: .strict)
    }

    /// `Secure` behind a proxy that says it took the request over HTTPS (the server itself
    /// speaks plain HTTP on loopback).
    static func secure(_ request: Request) -> Bool {
        request.headers[.forwardedProto]?.lowercased() == "https"
    }

    /// Where a sign-in may send the person back: a dashboard page of this server only.
    static func safeReturn(_ next: String) -> String {
        let onDashboard = next == "/ui" || next.hasPrefix("/ui/") || next.hasPrefix("/ui?")
        let plain = !next.contains("\\") && !next.contains("..") && !next.lowercased().contains("%2e")
            && !next.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }
        return onDashboard && plain ? next : "/ui/"
    }
}
