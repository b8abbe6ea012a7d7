import Foundation
import PostgresNIO
import QueueKit

/// `aip.delete`: removes a stored AIP's files (its replicas too) and marks it deleted, with the reason in
/// its history. The package is first renamed aside inside its location, so it vanishes
/// from its path at once and a retry after a crash finishes the removal.
public struct DeleteHandler: JobHandler {
    public struct Arguments: Codable, Sendable {
        public var package: UUID
        public var reason: String
        public var actor: String
    }

    public static let kind = "aip.delete"

    /// Re-checked before any location is touched (a row changed by hand widens nothing).
    let policy: LocationPolicy

    public init(policy: LocationPolicy = LocationPolicy(roots: [])) {
        self.policy = policy
    }

    public func run(_ a: Arguments, context: JobContext) async throws -> JobOutcome {
        let db = context.db, logger = context.logger
        let package = try await PackageJob.prepared { try await Packages.get(a.package, on: db, logger: logger) }
        if package.status == .deleted { return try await context.commit(.succeeded(nil)) { _ in } }
        guard [.stored, .deleting, .damaged].contains(package.status) else { throw StorageFailure.wrongStatus(package, "delete") }
        // Every copy's location too, before the AIP is marked: refused, it is left as it was.
        let copies = try await PackageJob.prepared { try await Copies.list(a.package, on: db, logger: logger) }
        var replicaRoots: [UUID: String] = [:]
        for copy in copies {
            let location = try await PackageJob.prepared { try await Locations.get(copy.locationUUID, on: db, logger: logger) }
            try PackageJob.require(policy) { try $0.check(location) }
            replicaRoots[copy.locationUUID] = location.path
        }
        try PackageJob.require(policy) { try $0.check(package) }
        try await PackageJob.prepared { try await db.run(PackagesSQL.setStatus(a.package, .deleting), logger: logger) }
        let root = package.locationPath

        return try await PackageJob.run(context, undo: { tx, _ in
            // Back to stored only while the AIP is still whole at its path; once it was set
            // aside for removal it stays `deleting`, for a retry or a new delete to finish.
            guard FileSystem.exists(package.fullPath) else { return }
            try await tx.run(PackagesSQL.setStatus(a.package, .stored, from: .deleting), logger: logger)
        }) {
            // A copy a move left behind goes first, through the same checks as every removal
            // of one (inside a location, not the AIP, the location allowed).
            _ = try await PackageJob.clearLeftover(package, policy: policy, context: context)
            try await PackageJob.remove(package.path, under: root, uuid: a.package)
            // Then every replica, each at the path recorded for it.
            for copy in copies {
                try await PackageJob.remove(copy.path, under: replicaRoots[copy.locationUUID]!, uuid: a.package)
            }
            // A repair's temporary (an audit killed mid-copy) must not outlive the AIP: it is
            // in the location of the copy it was repairing.
            let roots = [root] + Array(replicaRoots.values)
            try await BlockingIO.run(TransferControl()) { for r in roots { try PackageLayout.removeTemporaries(of: a.package, in: r) } }
            let deleted = PackageJob.event("deletion", "ok", a.reason + (copies.isEmpty ? "" : " (and \(copies.count) replica\(copies.count == 1 ? "" : "s"))"),
                                           actor: a.actor, context)
            return try await context.commit(.succeeded(nil)) { tx in
                for copy in copies { try await tx.run(CopiesSQL.remove(a.package, at: copy.locationUUID), logger: logger) }
                try await tx.run(PackagesSQL.setStatus(a.package, .deleted), logger: logger)
                try await tx.run(PackagesSQL.clearCleanup(a.package), logger: logger)
                try await tx.run(PackagesSQL.addEvent(a.package, deleted), logger: logger)
                // A request still pending is moot once the AIP is gone (it must not carry
                // over to an AIP stored again under the same UUID).
                try await tx.run(APISQL.closeRequests(a.package, job: context.job.id, actor: a.actor), logger: logger)
            }
        }
    }
}
