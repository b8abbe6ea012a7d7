import Foundation
import HTTPTypes
import Logging
import Hummingbird
import Mustache
import NIOCore
import QueueKit
import StorageKit

/// The dashboard at `/ui/`: pages rendered on the server from mustache templates
/// (`Templates/`, embedded at build time), over the same backend as the API. Every page
/// has a stable address, and shows only what the session's key may see and do.
struct Dashboard: Sendable {
    let backend: Backend
    /// The overview's jobs ended per hour, read at most every 5 s however many look.
    let endings: Cached<[(succeeded: Int, failed: Int)]>
    /// How old a page's counts may be, while newer ones are read behind it: counting a
    /// million jobs takes most of a second, which a page a person reloads should not wait for.
    static let staleCounts: Duration = .seconds(60)

    /// The newest 20 batches with their jobs per state, shared by the overview and
    /// `/ui/batches`: counting a big batch's jobs is a walk of them, made at most every 5 s
    /// however many pages refresh.
    let batches: Cached<[JobQueue.BatchSummary]>

    init(backend: Backend) {
        self.backend = backend
        endings = Cached(freshness: .seconds(5)) { [pool = backend.pool, queue = backend.queue] in
            try await pool.onConnection { db in try await queue.endingsPerHour(on: db) }
        }
        batches = Cached(freshness: .seconds(5)) { [pool = backend.pool, queue = backend.queue] in
            try await pool.onConnection { db in try await queue.recentBatches(limit: 20, on: db) }
        }
    }
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in DashboardAssets.files where name.hasSuffix(".mustache") {
            // The templates are ours, checked by the tests: one that does not parse is a build defect.
            try! library.register(text, named: String(name.dropLast(".mustache".count)))
        }
        return library
    }()

    /// The links at the top of every page.
    static let sections = [("Overview", "/ui/"), ("Jobs", "/ui/jobs"), ("Batches", "/ui/batches"), ("AIPs", "/ui/aips"),
                           ("Locations", "/ui/locations"), ("Deletion requests", "/ui/deletion-requests")]

    /// What every page's frame shows around its own part.
    struct Frame {
        struct Link { var name: String; var href: String; var current: Bool }
        var title: String
        var user: String
        var scopes: String
        var csrf: String
        var nav: [Link]
        /// The page's part reloads itself every few seconds (`refresh.js`).
        var live: Bool
        var page: Any
    }

    /// `template` around `page`, as a 200 (or `status`).
    func render(_ template: String, _ title: String, section: String, page: Any, live: Bool = false,
                _ context: APIContext, status: HTTPResponse.Status = .ok) throws -> Response {
        let frame = Frame(title: title, user: context.user, scopes: context.scopes.description, csrf: context.csrf,
                          nav: Self.sections.map { .init(name: $0.0, href: $0.1, current: $0.1 == section) }, live: live, page: page)
        return try Self.html(template, frame, status: status)
    }

    static func html(_ template: String, _ object: Any, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        guard let text = library.render(object, withTemplate: template) else {
            throw APIError(.internalServerError, "no template '\(template)'")
        }
        var fields = securityHeaders
        fields[.contentType] = "text/html; charset=utf-8"
        fields.append(contentsOf: headers)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A page that says what was refused and why, with a way back.
    static func refusal(_ status: HTTPResponse.Status, _ message: String) throws -> Response {
        try html("error", ["status": "\(status.code) \(status.reasonPhrase)", "message": message], status: status)
    }

    /// Any failure of a page as such a page: the message clients of the API get, never a trace.
    static func failure(_ error: any Error, logger: Logger? = nil) -> Response {
        let e = APIError.from(error)
        if e.status.code >= 500 { logger?.error("dashboard page failed: \(String(reflecting: error))") }
        return (try? refusal(e.status, e.message)) ?? Response(status: e.status)
    }

    /// No page is framed elsewhere, cached, or runs anything but our own script; forms post only here.
    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        .frameOptions: "DENY",
        .contentTypeOptions: "nosniff",
        .referrerPolicy: "same-origin",
        .cacheControl: "no-store",
    ]

    /// A static asset (the stylesheet, the refresh script).
    static func asset(_ name: String, type: String) -> Response {
        var fields = securityHeaders
        fields[.contentType] = type
        fields[.cacheControl] = "max-age=300"
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(string: DashboardAssets.files[name] ?? "")))
    }

    /// `path?k=v&…` with the non-empty values, percent-encoded, in the keys' order.
    static func link(_ path: String, _ query: KeyValuePairs<String, String?>) -> String {
        let allowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+?#"))
        let pairs = query.compactMap { k, v in v.flatMap { $0.isEmpty ? nil : k + "=" + ($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") } }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }

    /// 303 to `location`, after a form did what it asked.
    static func seeOther(_ location: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.location] = location
        return Response(status: .seeOther, headers: fields)
    }
}
