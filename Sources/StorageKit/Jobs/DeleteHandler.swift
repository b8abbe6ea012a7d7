import Foundation
import PostgresNIO
import QueueKit

/// `aip.delete`: removes a stored AIP's files and marks it deleted, with the reason in
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
        guard [.stored, .deleting].contains(package.status) else { throw StorageFailure.wrongStatus(package, "delete") }
        try PackageJob.require(policy) { try $0.check(package) }  // before the AIP is marked: refused, it is left as it was
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
            let aside = root + "/" + PackageLayout.temporaryName(uuid: a.package, purpose: "delete")
            try await BlockingIO.run(TransferControl()) {
                if FileSystem.exists(package.fullPath) {
                    try FileSystem.rename(package.fullPath, aside)
                    try FileSystem.syncDirectory((package.fullPath as NSString).deletingLastPathComponent)
                }
                try FileSystem.removeTree(aside)
                FileSystem.pruneEmptyParents(of: package.path, under: root)
                try FileSystem.syncDirectory(root)
            }
            let deleted = PackageJob.event("deletion", "ok", a.reason, actor: a.actor, context)
            return try await context.commit(.succeeded(nil)) { tx in
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
