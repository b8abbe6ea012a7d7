import Foundation
import Hummingbird
import QueueKit
import StorageKit

/// `/ui/deletion-requests`: the requests waiting for a person, with approve and reject for
/// `review` keys. The decision is the API's (`DeletionRequests`), made as the same actor
/// (`<user> (api)`), so four eyes hold across the two: a key that asked through the API
/// cannot approve here either.
enum ReviewPage {
    struct Row {
        var id: Int64
        var aip: String
        var reason: String
        var requestedBy: String
        var requestedAt: String
        var mine: Bool
    }

    struct Page {
        var requests: [Row]
        var canReview: Bool
        var decided: [Decided]
    }

    struct Decided { var id: Int64; var aip: String; var status: String; var by: String; var at: String; var reason: String }

    static func register(_ routes: RouteTable, _ ui: Dashboard) {
        routes.page(.get, "/ui/deletion-requests", .read) { _, context in
            let all = try await ui.backend.database { db in try await DeletionRequests.list(on: db, logger: ui.backend.logger) }
            let actor = actor(context)
            let pending = all.filter { $0.status == .pending }.map {
                Row(id: $0.id, aip: Format.uuid($0.package), reason: $0.reason, requestedBy: $0.requestedBy,
                    requestedAt: Format.time($0.requestedAt), mine: $0.requestedBy == actor)
            }
            let decided = all.filter { $0.status != .pending }.sorted { ($0.decidedAt ?? .distantPast) > ($1.decidedAt ?? .distantPast) }.prefix(20).map {
                Decided(id: $0.id, aip: Format.uuid($0.package), status: $0.status.rawValue, by: $0.decidedBy ?? "",
                        at: $0.decidedAt.map(Format.time) ?? "", reason: $0.decisionReason)
            }
            let page = Page(requests: pending, canReview: context.scopes.allow(.review), decided: Array(decided))
            return try ui.render("deletion-requests", "Deletion requests", section: "/ui/deletion-requests", page: page, context)
        }

        routes.page(.post, "/ui/deletion-requests/{id}/approve", .review) { _, context in
            let id = try V3ReviewRoutes.requestID(context)
            let reason = context.form["reason"] ?? ""
            _ = try await ui.backend.database { db in
                try await DeletionRequests.approve(id, by: actor(context), reason: reason, requests: ui.backend.requests(context), on: db)
            }
            return Dashboard.seeOther("/ui/deletion-requests")
        }

        routes.page(.post, "/ui/deletion-requests/{id}/reject", .review) { _, context in
            let id = try V3ReviewRoutes.requestID(context)
            guard let reason = context.form["reason"]?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty else {
                return try Dashboard.refusal(.badRequest, "a rejection needs a reason: go back and write one")
            }
            _ = try await ui.backend.database { db in
                try await DeletionRequests.reject(id, by: actor(context), reason: reason, on: db, logger: ui.backend.logger)
            }
            return Dashboard.seeOther("/ui/deletion-requests")
        }
    }

    /// Who decides, named as the API names its callers.
    static func actor(_ context: APIContext) -> String { "\(context.user) (api)" }
}
