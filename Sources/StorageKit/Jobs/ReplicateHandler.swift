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
        let package = try await PackageJob.prepared { try await Packages.get(a.package, on: db, logger: logger) }
        // Deleted meanwhile: its copies went with it; there is nothing to make.
        if package.status == .deleted { return try await context.commit(.succeeded(nil)) { _ in } }
        guard package.status == .stored, let sha256 = package.sha256 else { throw StorageFailure.wrongStatus(package, "replicate") }
        let replica = try await PackageJob.prepared { try await Locations.get(a.location, on: db, logger: logger) }
        try PackageJob.require(policy) { try $0.check(replica) }
        guard try await Copies.list(a.package, on: db, logger: logger).contains(where: { $0.locationUUID == a.location }) else {
            throw JobFailure.permanent("no_copy", "AIP \(a.package.uuidString.lowercased()) has no copy to make in '\(replica.name)'")
        }
        return try await PackageJob.run(context, undo: { tx, failure in
            guard failure != nil else { return }
            try await tx.run(CopiesSQL.setState(a.package, at: a.location, PackageCopy.State.missing.rawValue), logger: logger)
        }) {
            let placement = Placement(
                uuid: a.package, source: package.fullPath, sourceRoot: nil, destinationRoot: replica.path, relativePath: package.path,
                expectedSHA256: sha256, renameWithinFilesystem: false, step: "replicate", type: package.type)
            guard case .copied(let report) = try await placement.run(context: context, recordDigest: { _ in }) else {
                throw JobFailure.permanent("internal", "a replication renamed the primary instead of copying it")
            }
            let event = PackageJob.event("replicated", "ok", "to \(replica.name), \(report.size) bytes, sha256 \(report.sha256)", actor: a.actor, context)
            return try await context.commit(.succeeded(nil)) { tx in
                try await tx.run(CopiesSQL.verified(a.package, at: a.location, sha256: report.sha256), logger: logger)
                try await tx.run(PackagesSQL.addEvent(a.package, event), logger: logger)
            }
        }
    }
}
