import Foundation
import PostgresNIO
import QueueKit

/// `aip.store`: copies a new AIP (a bag directory or one file) from a location into its
/// place in an AIP location, validated at both ends, and records it as stored in the same
/// transaction that ends the job. With `remove_source`, the source goes only after that.
public struct StoreHandler: JobHandler {
    public struct Arguments: Codable, Sendable {
        public var package: UUID
        public var sourceLocation: UUID
        public var sourcePath: String
        public var destinationLocation: UUID
        public var removeSource: Bool
        public var actor: String

        enum CodingKeys: String, CodingKey {
            case package, actor
            case sourceLocation = "source_location", sourcePath = "source_path"
            case destinationLocation = "destination_location", removeSource = "remove_source"
        }
    }

    public static let kind = "aip.store"

    /// Re-checked before any location is touched (a row changed by hand widens nothing).
    let policy: LocationPolicy

    public init(policy: LocationPolicy = LocationPolicy(roots: [])) {
        self.policy = policy
    }

    public func run(_ a: Arguments, context: JobContext) async throws -> JobOutcome {
        let db = context.db, logger = context.logger
        let package = try await Packages.get(a.package, on: db, logger: logger)
        if package.status == .stored {
            guard package.cleanupJob == nil || package.cleanupJob == context.job.id else {
                _ = try await PackageJob.clearLeftover(package, policy: policy, context: context)
                return try await context.commit(.succeeded(nil)) { _ in }
            }
            return try await PackageJob.finishCleanup(package, policy: policy, context: context)
        }
        guard package.status == .pending else { throw StorageFailure.wrongStatus(package, "store") }
        let source = try await Locations.get(a.sourceLocation, on: db, logger: logger)
        let destination = try await Locations.get(a.destinationLocation, on: db, logger: logger)

        return try await PackageJob.run(context, undo: { tx, failure in
            guard let failure else { return }
            try await tx.run(PackagesSQL.setStatus(a.package, .failed, from: .pending), logger: logger)
            try await tx.run(PackagesSQL.addEvent(a.package, PackageJob.event(
                "stored", "failed", failure.description, actor: a.actor, context)), logger: logger)
        }) {
            try policy.check(source)
            try policy.check(destination)
            guard !a.removeSource || source.removableSource else {
                throw JobFailure.permanent("source_not_removable", "location '\(source.name)' no longer lets stores remove their sources (--removable-source)")
            }
            // A source already gone is fine when a previous attempt left the complete copy.
            let sourcePath: String?
            do {
                sourcePath = try PathConfinement.resolve(a.sourcePath, in: source.path, locationName: source.name)
            } catch where FileSystem.exists(destination.path + "/" + package.path) {
                sourcePath = nil
            }
            if let sourcePath, FileSystem.kind(at: sourcePath) == .directory, !BagPlan.isBag(sourcePath), !package.type.mayBePlainDirectory {
                throw JobFailure.permanent("bag_invalid", "\(a.sourcePath) is a directory without bagit.txt: only bags and single files are stored")
            }
            let placement = Placement(
                uuid: a.package, source: sourcePath, sourceRoot: nil, destinationRoot: destination.path, relativePath: package.path,
                expectedSHA256: package.sha256, renameWithinFilesystem: false, step: "store", type: package.type)
            guard case .copied(let report) = try await placement.run(context: context, recordDigest: { report in
                try await db.run(PackagesSQL.recordDigest(a.package, size: report.size, sha256: report.sha256), logger: logger)
            }) else { throw JobFailure.permanent("internal", "a store renamed its source instead of copying it") }
            let detail = "from \(source.name):\(a.sourcePath) to \(destination.name), \(report.size) bytes, sha256 \(report.sha256)"
            let stored = PackageJob.event("stored", "ok", detail, actor: a.actor, context)
            let index = await Self.indexing(package, in: destination, logger: logger)
            let queue = context.queue
            let also: @Sendable (PostgresConnection) async throws -> Void = { tx in
                try await index?(tx)
                try await Copies.replicate(a.package, path: package.path, placedIn: destination.uuid, actor: a.actor, queue: queue, on: tx, logger: logger)
            }
            return try await PackageJob.commitPlacement(
                a.package, at: destination.uuid, path: package.path, cleanup: a.removeSource ? sourcePath : nil,
                newlyStored: true, event: stored, policy: policy, context: context, also: also)
        }
    }

    /// A transfer stored into the backlog is indexed from its METS in the same commit.
    private static func indexing(_ package: Package, in destination: Location, logger: Logger) async
        -> (@Sendable (PostgresConnection) async throws -> Void)? {
        guard package.type == .transfer, destination.purpose == .backlog else { return nil }
        let uuid = package.uuid
        let files = await TransferReindex.filesAtStore(of: uuid, at: destination.path + "/" + package.path, logger: logger)
        guard !files.isEmpty else { return nil }
        return { tx in try await PackageFiles.addMissing(files, to: uuid, on: tx, logger: logger) }
    }
}
