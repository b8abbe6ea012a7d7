import Foundation
import PostgresNIO
import QueueKit

/// `aip.update`: the end of a re-ingest. The version the pipeline made updates the stored
/// AIP as the Storage Service's `finish_reingest` does (`ReingestMerge`: the stored bag,
/// with the new METS, metadata and preservation derivatives, its manifests rewritten),
/// kept as the pipeline sent it (a directory, or compressed again the same way), and
/// replaces the stored version through the crash-safe path:
///
/// 1. the new version is checked as a bag; the merge is built in a temporary inside the
///    destination location from a copy (or extraction) of the stored one, validated, and
///    made durable — the stored version is only read;
/// 2. when the new version has the stored one's place (the same location and name), the
///    stored one is renamed aside first (`PackageLayout.setAsideName`), never removed;
/// 3. the new version is renamed into place, and committed with its digest, its events
///    and the re-ingest's end; only then is the old version (set aside, or at its old
///    place) removed.
///
/// A crash after 2 or 3 is finished by the retry, from what is on the disk; a failure for
/// good or a cancel before the commit puts the stored version back at its place. Steps are
/// named for `SS_TEST_CRASH_AT` as `update.after-build`, `update.after-set-aside`,
/// `update.after-rename` and `update.after-commit`.
public struct UpdateHandler: JobHandler {
    public struct Arguments: Codable, Sendable {
        public var package: UUID
        public var pipeline: UUID
        public var origin: UUID
        public var originPath: String
        public var destination: UUID
        /// The new version's name (the last part of `originPath`).
        public var name: String
        public var premis: JSONValue?
        public var actor: String

        enum CodingKeys: String, CodingKey {
            case package, pipeline, origin, destination, name, premis, actor
            case originPath = "origin_path"
        }
    }

    public static let kind = "aip.update"

    let policy: LocationPolicy

    public init(policy: LocationPolicy = LocationPolicy(roots: [])) {
        self.policy = policy
    }

    /// Where everything of one update is.
    struct Places: Sendable {
        var old: Package
        var destination: Location
        var origin: Location
        var name: String

        var path: String { PackageLayout.path(uuid: old.uuid, name: name) }
        var final: String { destination.path + "/" + path }
        /// The new version takes the stored one's place: the stored one is set aside first.
        var replacing: Bool { destination.uuid == old.locationUUID && path == old.path }
        var aside: String { old.locationPath + "/" + PackageLayout.setAsideName(uuid: old.uuid) }
        func temporary(_ purpose: String) -> String { destination.path + "/" + PackageLayout.temporaryName(uuid: old.uuid, purpose: purpose) }
    }

    public func run(_ a: Arguments, context: JobContext) async throws -> JobOutcome {
        let db = context.db, logger = context.logger
        let (old, destination, origin) = try await PackageJob.prepared {
            (try await Packages.get(a.package, on: db, logger: logger), try await Locations.get(a.destination, on: db, logger: logger),
             try await Locations.get(a.origin, on: db, logger: logger))
        }
        if old.cleanupPath != nil, old.cleanupJob == context.job.id {
            return try await PackageJob.finishCleanup(old, policy: policy, context: context)  // committed before a crash
        }
        guard old.status == .stored || old.status == .moving else { throw StorageFailure.wrongStatus(old, "update") }
        try PackageJob.require(policy) { try $0.check(old); try $0.check(destination); try $0.check(origin) }
        try await PackageJob.prepared { try await db.run(PackagesSQL.setStatus(a.package, .moving), logger: logger) }
        let places = Places(old: old, destination: destination, origin: origin, name: a.name)

        return try await PackageJob.run(context, undo: { tx, _ in
            try await putBack(places, tx: tx, context: context)
        }) {
            let control = TransferControl()
            let report = try await Progress.track(control, context) {
                try await BlockingIO.run(control) { try place(places, a, control: control) }
            }
            let detail = "re-ingested on pipeline \(a.pipeline.uuidString.lowercased()): \(a.name) in \(destination.name), \(report.size) bytes, sha256 \(report.sha256)"
            let event = PackageJob.event("reingested", "ok", detail, actor: a.actor, context)
            let (uuid, name, premis) = (a.package, a.name, a.premis)
            return try await PackageJob.commitPlacement(
                a.package, at: destination.uuid, path: places.path, cleanup: places.replacing ? places.aside : old.fullPath,
                newlyStored: false, event: event, policy: policy, context: context
            ) { tx in
                try await tx.run(PackagesSQL.reingested(uuid, name: name, size: report.size, sha256: report.sha256, premis: premis), logger: logger)
            }
        }
    }

    /// Puts the new version at its final path (or finds it there, put by an attempt that
    /// crashed) and returns what it holds.
    private func place(_ p: Places, _ a: Arguments, control: TransferControl) throws -> PackageReport {
        let building = p.temporary("update")
        if p.replacing, FileSystem.exists(p.aside) {
            // An earlier attempt set the stored version aside, after its build was complete.
            if !FileSystem.exists(p.final) {
                guard FileSystem.exists(building) else {
                    try FileSystem.renameNoReplace(p.aside, p.final)  // nothing to put in its place: back, and start again
                    return try place(p, a, control: control)
                }
                try rename(building, to: p)
            }
            return try PackageVerifier.verify(p.final, side: "re-ingested version", control: control, type: p.old.type)
        }
        if !p.replacing, FileSystem.exists(p.final) {
            // Renamed there by an earlier attempt: only this package's update writes that path.
            return try PackageVerifier.verify(p.final, side: "re-ingested version", control: control, type: p.old.type)
        }
        let report = try build(p, a, into: building, control: control)
        FaultInjection.crash(at: "update.after-build")
        if p.replacing {
            try FileSystem.renameNoReplace(p.final, p.aside)
            try FileSystem.syncDirectory(p.old.locationPath)
            FaultInjection.crash(at: "update.after-set-aside")
        }
        try rename(building, to: p)
        return report
    }

    private func rename(_ building: String, to p: Places) throws {
        let created = try FileSystem.makeDirectories((p.path as NSString).deletingLastPathComponent, under: p.destination.path)
        try FileSystem.syncParents(of: created)
        try FileSystem.renameNoReplace(building, p.final)
        try FileSystem.syncDirectory((p.final as NSString).deletingLastPathComponent)
        FaultInjection.crash(at: "update.after-rename")
    }

    /// The merged version at `building` (a directory, or an archive like the one the
    /// pipeline sent), validated and durable.
    private func build(_ p: Places, _ a: Arguments, into building: String, control: TransferControl) throws -> PackageReport {
        let root = p.destination.path
        try PackageLayout.removeTemporaries(of: p.old.uuid, in: root)
        defer { for purpose in ["merge", "reingested"] { try? FileSystem.removeTree(p.temporary(purpose)) } }
        let source = try PathConfinement.resolve(a.originPath, in: p.origin.path, locationName: p.origin.name)
        _ = try PackageVerifier.verify(source, side: "source", control: control, type: p.old.type)  // a bad one is refused for good
        let stored = try PackageVerifier.verify(p.old.fullPath, side: "stored copy", control: control, type: p.old.type)
        guard stored.sha256 == p.old.sha256 else {
            throw JobFailure.permanent("fixity_failed", "AIP \(p.old.uuid.uuidString.lowercased()) is not updated: its SHA-256 is \(stored.sha256), recorded \(p.old.sha256 ?? "none")")
        }
        let merge = p.temporary("merge")
        _ = try materialize(p.old.fullPath, at: merge, control: control)
        let reingested = try materialize(source, at: p.temporary("reingested"), control: control, inPlace: true)
        try ReingestMerge.merge(reingested, into: merge, uuid: p.old.uuid, control: control)
        try BagWriter.rebag(merge, control: control)
        _ = try PackageVerifier.verify(merge, side: "updated version", control: control, type: p.old.type)
        if FileSystem.kind(at: source) == .directory {
            try FileSystem.rename(merge, building)
        } else {
            guard let format = ArchiveWriter.Format(name: a.name, algorithm: PointerFile.compressionAlgorithm(a.premis)) else {
                throw JobFailure.permanent("unsupported", "\(a.name) is compressed in a way ss does not write again (.7z, .tar, .tar.gz, .tar.bz2, .tar.xz)")
            }
            let bag = try ArchivedBag.root(source, control: control).flatMap { $0.isEmpty ? nil : $0 } ?? PackageLayout.bagName(a.name)
            try ArchiveWriter.write(merge, root: bag, as: format, to: building, control: control)
        }
        let report = try PackageVerifier.verify(building, side: "updated version", control: control, type: p.old.type)
        try FileSystem.syncFilesystem(of: root)
        return report
    }

    /// A bag directory with what `package` holds: the directory itself when `inPlace`
    /// allows it, else a copy (or an archive's extraction) at `path`.
    private func materialize(_ package: String, at path: String, control: TransferControl, inPlace: Bool = false) throws -> String {
        if FileSystem.kind(at: package) == .directory {
            if inPlace { return package }
            _ = try TreeCopier.copy(from: package, to: path, control: control)
        } else {
            _ = try ArchiveExtractor.extract(package, into: path, control: control) { _ in true }
        }
        return path
    }

    /// Ends an attempt that did not commit: the stored version goes back to its place if it
    /// was set aside (what stood there in its stead goes), and the temporaries go. After the
    /// commit (a failure in the removal of the old version), nothing is undone.
    private func putBack(_ p: Places, tx: PostgresConnection, context: JobContext) async throws {
        let logger = context.logger
        let now = try await Packages.get(p.old.uuid, on: tx, logger: logger)
        guard now.sha256 == p.old.sha256, now.path == p.old.path, now.locationUUID == p.old.locationUUID else { return }
        try await BlockingIO.run(TransferControl()) {
            if p.replacing, FileSystem.exists(p.aside) {
                if FileSystem.exists(p.final) { try FileSystem.removeTree(p.final) }
                try FileSystem.renameNoReplace(p.aside, p.final)
                try FileSystem.syncDirectory((p.final as NSString).deletingLastPathComponent)
            } else if !p.replacing, FileSystem.exists(p.final) {
                try FileSystem.removeTree(p.final)
                try FileSystem.syncDirectory((p.final as NSString).deletingLastPathComponent)
            }
            try PackageLayout.removeTemporaries(of: p.old.uuid, in: p.destination.path)
        }
        try await tx.run(PackagesSQL.setStatus(p.old.uuid, .stored, from: .moving), logger: logger)
    }
}
