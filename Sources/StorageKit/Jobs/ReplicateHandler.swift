import Foundation
import PostgresNIO
import QueueKit

/// `aip.replicate`: makes an AIP's copy in one replicator location from its primary,
/// through the same crash-safe path as a store (temporary, every file read back, fsync,
/// rename). The primary is validated as it is read and must hold the AIP's recorded
/// SHA-256, so a replica is only ever made from a verified copy; the replica is verified
/// again at its place before the copy is recorded `ok`. Enqueued, with a pending copy,
/// in the transaction that stores or moves the AIP into a location with replicas.
public struct ReplicateHandler: JobHandler {
    public struct Arguments: Codable, Sendable {
        public var package: UUID
        /// The replicator location.
        public var location: UUID
        public var actor: String
    }

    public static let kind = "aip.replicate"

    let policy: LocationPolicy

    public init(policy: LocationPolicy = LocationPolicy(roots: [])) {
        self.policy = policy
    }

    public func run(_ a: Arguments, context: JobContext) async throws -> JobOutcome {
        let db = context.db, logger = context.logger
        var package = try await PackageJob.prepared { try await Packages.get(a.package, on: db, logger: logger) }
        // Deleted meanwhile: its copies went with it; there is nothing to make.
        if package.status == .deleted { return try await context.commit(.succeeded(nil)) { _ in } }
        guard package.status == .stored, package.sha256 != nil else { throw StorageFailure.wrongStatus(package, "replicate") }
        // The primary is in the replicator now (moved there): it is no replica of itself,
        // and nothing at its place is touched.
        if package.locationUUID == a.location {
            return try await context.commit(.succeeded(nil)) { tx in try await tx.run(CopiesSQL.remove(a.package, at: a.location), logger: logger) }
        }
        // A copy a move left to remove (at this replicator, it may be) goes first, so that
        // it is never adopted as the replica and removed after.
        package = try await PackageJob.clearLeftover(package, policy: policy, context: context)
        let replica = try await PackageJob.prepared { try await Locations.get(a.location, on: db, logger: logger) }
        try PackageJob.require(policy) { try $0.check(package); try $0.check(replica) }
        guard let copy = try await Copies.list(a.package, on: db, logger: logger).first(where: { $0.locationUUID == a.location }) else {
            throw JobFailure.permanent("no_copy", "AIP \(a.package.uuidString.lowercased()) has no copy to make in '\(replica.name)'")
        }
        let primary = package, sha256 = package.sha256!
        return try await PackageJob.run(context, undo: { tx, failure in
            guard failure != nil else { return }
            try await tx.run(CopiesSQL.setState(a.package, at: a.location, PackageCopy.State.missing.rawValue), logger: logger)
        }) {
            let placement = Placement(
                uuid: a.package, source: primary.fullPath, sourceRoot: nil, destinationRoot: replica.path, relativePath: primary.path,
                expectedSHA256: sha256, renameWithinFilesystem: false, step: "replicate", type: primary.type)
            guard case .copied(let report) = try await placement.run(context: context, recordDigest: { _ in }) else {
                throw JobFailure.permanent("internal", "a replication renamed the primary instead of copying it")
            }
            // A re-ingest may have renamed the AIP: the replica of the old version goes
            // once the new one is in place.
            if copy.path != primary.path { try await PackageJob.remove(copy.path, under: replica.path, uuid: a.package) }
            let event = PackageJob.event("replicated", "ok", "to \(replica.name), \(report.size) bytes, sha256 \(report.sha256)", actor: a.actor, context)
            return try await context.commit(.succeeded(nil)) { tx in
                try await tx.run(CopiesSQL.verified(a.package, at: a.location, path: primary.path, sha256: report.sha256), logger: logger)
                try await tx.run(PackagesSQL.addEvent(a.package, event), logger: logger)
            }
        }
    }
}
