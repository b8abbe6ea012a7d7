import Foundation
import Hummingbird
import QueueKit
import StorageKit

/// `/ui/aips` (the newest, or a search by UUID or by part of the name) and `/ui/aips/<uuid>`
/// (where it is, its copies and their states, its history and any pending request).
enum AIPPages {
    struct Row {
        var uuid: String
        var name: String
        var status: String
        var location: String
        var size: String
        var stored: String
    }

    struct ListPage {
        var q: String
        var aips: [Row]
        var searched: Bool
    }

    struct Copy { var role: String; var location: String; var path: String; var state: String; var verified: String; var good: Bool }
    struct Event { var type: String; var at: String; var outcome: String; var detail: String; var actor: String; var job: String? }

    struct AIPPage {
        var aip: Row
        var type: String
        var sha256: String
        var audited: String
        var path: String
        var copies: [Copy]
        var events: [Event]
        var pendingRequest: String?
    }

    static func register(_ routes: RouteTable, _ ui: Dashboard) {
        routes.page(.get, "/ui/aips", .read) { request, context in
            let q = (try Query(request)["q"] ?? "").trimmingCharacters(in: .whitespaces)
            let found: [Package] = try await ui.backend.database { db in
                if let uuid = UUID(uuidString: q) {
                    return [try? await Packages.get(uuid, on: db, logger: ui.backend.logger)].compactMap { $0 }
                }
                if q.isEmpty { return try await Packages.list(limit: 50, on: db, logger: ui.backend.logger) }
                return try await Packages.search(name: q, limit: 50, on: db, logger: ui.backend.logger)
            }
            return try ui.render("aips", "AIPs", section: "/ui/aips", page: ListPage(q: q, aips: found.map(row), searched: !q.isEmpty), context)
        }

        routes.page(.get, "/ui/aips/{uuid}", .read) { _, context in
            let uuid = try uuidParameter(context, what: "AIP")
            let logger = ui.backend.logger
            let (aip, copies, events, pending) = try await ui.backend.database { db in
                (try await Packages.get(uuid, on: db, logger: logger), try await Copies.list(uuid, on: db, logger: logger),
                 try await Packages.events(uuid, on: db, logger: logger),
                 try await DeletionRequests.list(status: .pending, package: uuid, on: db, logger: logger).first)
            }
            let primary = Copy(role: "primary", location: aip.locationName, path: aip.path, state: aip.primaryState.rawValue,
                               verified: aip.auditedAt.map(Format.time) ?? "", good: aip.primaryState == .ok)
            let page = AIPPage(
                aip: row(aip), type: aip.type.rawValue, sha256: aip.sha256 ?? "", audited: aip.auditedAt.map(Format.time) ?? "never",
                path: aip.fullPath,
                copies: [primary] + copies.map { Copy(role: "replica", location: $0.locationName, path: $0.path, state: $0.state.rawValue,
                                                     verified: $0.verifiedAt.map(Format.time) ?? "", good: $0.state == .ok) },
                events: events.reversed().map { Event(type: $0.type, at: Format.time($0.at), outcome: $0.outcome, detail: $0.detail,
                                                      actor: $0.actor, job: $0.jobID.map(Format.uuid)) },
                pendingRequest: pending.map { "deletion requested by \($0.requestedBy) on \(Format.time($0.requestedAt)): \($0.reason)" })
            return try ui.render("aip", aip.name, section: "/ui/aips", page: page, context)
        }
    }

    static func row(_ p: Package) -> Row {
        Row(uuid: Format.uuid(p.uuid), name: p.name, status: p.status.rawValue, location: p.locationName,
            size: p.size.map(Format.bytes) ?? "", stored: p.storedAt.map(Format.time) ?? "")
    }
}
