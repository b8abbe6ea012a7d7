import Foundation
import PostgresNIO
import QueueKit

/// `aip.move`: moves a stored AIP to another location. Within one filesystem it is a
/// `rename`; across filesystems a verified copy, then the commit that points the package
/// at its new place, and only then the removal of the old copy.
public struct MoveHandler: JobHandler {
    public struct Arguments: Codable, Sendable {
        public var package: UUID
        public var destinationLocation: UUID
        public var actor: String

        enum CodingKeys: String, CodingKey {
            case package, actor
            case destinationLocation = "destination_location"
        }
    }

    public static let kind = "aip.move"

    /// Re-checked before any location is touched (a row changed by hand widens nothing).
    let policy: LocationPolicy

    public init(policy: LocationPolicy = LocationPolicy(roots: [])) {
        self.policy = policy
    }

    public func run(_ a: Arguments, context: JobContext) async throws -> JobOutcome {
        let db = context.db, logger = context.logger
        var package = try await PackageJob.prepared { try await Packages.get(a.package, on: db, logger: logger) }
        if package.cleanupPath != nil {
            // This job's own commit, before a crash: only the old copy is left to remove.
            if package.cleanupJob == context.job.id { return try await PackageJob.finishCleanup(package, policy: policy, context: context) }
            package = try await PackageJob.clearLeftover(package, policy: policy, context: context)
        }
        guard package.status == .stored || package.status == .moving else { throw StorageFailure.wrongStatus(package, "move") }
        if package.locationUUID == a.destinationLocation {
            return try await context.commit(.succeeded(nil)) { tx in
                try await tx.run(PackagesSQL.setStatus(a.package, .stored), logger: logger)
            }
        }
        guard let expected = package.sha256 else {
            throw JobFailure.permanent("no_digest", "AIP \(a.package) has no recorded SHA-256 to verify a move against")
        }
        let destination = try await PackageJob.prepared { try await Locations.get(a.destinationLocation, on: db, logger: logger) }
        try PackageJob.require(policy) { try $0.check(package); try $0.check(destination) }  // before the AIP is marked moving
        // A primary never shares a location with its own replica: moved there, it would
        // take the replica's place, and one copy would count as two.
        if try await PackageJob.prepared({ try await Copies.list(a.package, on: db, logger: logger) }).contains(where: { $0.locationUUID == destination.uuid }) {
            throw JobFailure.permanent("replica_there", "AIP \(a.package.uuidString.lowercased()) has a replica in '\(destination.name)': a primary and its replica may not share a location")
        }
        try await PackageJob.prepared { try await db.run(PackagesSQL.setStatus(a.package, .moving), logger: logger) }
        let moving = package

        return try await PackageJob.run(context, undo: { tx, failure in
            try await putBack(moving, destination: destination, stopped: failure == nil, actor: a.actor, tx: tx, context: context)
        }) {
            let placement = Placement(
                uuid: a.package, source: package.fullPath, sourceRoot: package.locationPath, destinationRoot: destination.path, relativePath: package.path,
                expectedSHA256: expected, renameWithinFilesystem: true, step: "move", type: package.type)
            let detail: String, cleanup: String?
            switch try await placement.run(context: context, recordDigest: { _ in }) {
            case .renamed:
                (detail, cleanup) = ("from \(package.locationName) to \(destination.name) (renamed)", nil)
            case .copied(let report):
                detail = "from \(package.locationName) to \(destination.name), \(report.size) bytes copied and verified"
                cleanup = FileSystem.exists(package.fullPath) ? package.fullPath : nil  // gone when a crashed rename is adopted
            }
            let moved = PackageJob.event("moved", "ok", detail, actor: a.actor, context)
            let queue = context.queue, path = package.path
            let replicate: @Sendable (PostgresConnection) async throws -> Void = { tx in
                try await Copies.replicate(a.package, path: path, placedIn: destination.uuid, actor: a.actor, queue: queue, on: tx, logger: logger)
            }
            return try await PackageJob.commitPlacement(
                a.package, at: destination.uuid, path: package.path, cleanup: cleanup, newlyStored: false, event: moved, policy: policy,
                context: context, also: replicate)
        }
    }

    /// Ends an attempt that did not finish. The old copy is whole until the commit, so
    /// while it is there the AIP goes back to it. An attempt stopped from outside
    /// (cancelled, or its worker shutting down) may have got further: a copy it renamed
    /// into the new place goes, so the AIP is at one place only; and when only the new
    /// place has the AIP (renamed within a filesystem, before the cancel reached the
    /// commit) the move is past undoing, and is recorded as done. Its temporaries go either way.
    private func putBack(
        _ package: Package, destination: Location, stopped: Bool, actor: String, tx: PostgresConnection, context: JobContext
    ) async throws {
        let logger = context.logger, final = destination.path + "/" + package.path
        if stopped {
            try await BlockingIO.run(TransferControl()) { try PackageLayout.removeTemporaries(of: package.uuid, in: destination.path) }
        }
        if stopped, FileSystem.exists(final) {
            guard FileSystem.exists(package.fullPath) else {
                logger.warning("stopped after \(package.fullPath) was renamed to \(final); recording the move as done")
                let moved = PackageJob.event("moved", "ok", "from \(package.locationName) to \(destination.name) (renamed before it was stopped)",
                                             actor: actor, context)
                try await tx.run(PackagesSQL.placed(package.uuid, location: destination.uuid, path: package.path, cleanup: nil,
                                                    job: context.job.id, stored: false), logger: logger)
                try await tx.run(PackagesSQL.addEvent(package.uuid, moved), logger: logger)
                return
            }
            logger.info("stopped after copying to \(final); removing that copy, the AIP stays at \(package.fullPath)")
            try await BlockingIO.run(TransferControl()) {
                try FileSystem.removeTree(final)
                FileSystem.pruneEmptyParents(of: package.path, under: destination.path)
                try FileSystem.syncDirectory(destination.path)
            }
        }
        try await tx.run(PackagesSQL.setStatus(package.uuid, .stored, from: .moving), logger: logger)
    }
}
