import Foundation
import Hummingbird
import StorageKit

/// `/ui/locations`: each location's purpose and directory, the AIPs and replicas it holds,
/// their bytes against the free space of its filesystem, as a bar.
enum LocationsPage {
    struct Row {
        var name: String
        var uuid: String
        var purpose: String
        var path: String
        var aips: String
        var used: String
        var free: String
        /// The share of (held + free) that is held, for the bar; nil when the free space is not known.
        var usedPermille: Int?
    }

    static func register(_ routes: RouteTable, _ ui: Dashboard) {
        routes.page(.get, "/ui/locations", .read) { _, context in
            let (figures, age) = try await ui.backend.figures.value(acceptingUpTo: Dashboard.staleCounts)
            let locations = try await ui.backend.database { db in try await Locations.list(on: db, logger: ui.backend.logger) }
            var held: [String: Int64] = [:], aips: [String: Int64] = [:]
            for l in figures.storage.locations { held[l.name] = l.bytes }
            for a in figures.storage.aips where a.status != PackageStatus.deleted.rawValue { aips[a.location, default: 0] += a.count }
            let rows = locations.map { l in
                let used = held[l.name] ?? 0, free = figures.free[l.path]
                return Row(name: l.name, uuid: Format.uuid(l.uuid), purpose: l.purpose.rawValue, path: l.path,
                           aips: Format.count(Int(aips[l.name] ?? 0)), used: Format.bytes(used), free: free.map(Format.bytes) ?? "unknown",
                           usedPermille: free.map { Double(used) + Double($0) > 0 ? Int(Double(used) * 1000 / (Double(used) + Double($0))) : 0 })
            }
            return try ui.render("locations", "Locations", section: "/ui/locations", page: ["locations": rows, "countedAgo": Format.age(age)] as [String: Any], context)
        }
    }
}
