import Foundation
import PostgresNIO
import QueueKit
import Synchronization

/// `aip.update`: the end of a re-ingest. The version the pipeline made updates the stored
/// AIP as the Storage Service's `finish_reingest` does (`ReingestMerge`: the stored bag,
/// with the new METS, metadata and preservation derivatives, its manifests rewritten),
/// kept as the pipeline sent it (a directory, or compressed again the same way), and
/// replaces the stored version through the crash-safe path:
///
/// 1. the stored version and the new one are copied (or extracted) into temporaries inside
///    the destination location and each copy validated as a bag (the stored one against its
///    recorded digest too), so the merge is made only of what was checked, and nothing the
///    pipeline changes afterwards reaches it; the merge is validated and made durable — the
///    stored version is only read;
/// 2. when the new version has the stored one's place (the same location and name), the
///    stored one is renamed aside first (`PackageLayout.setAsideName`, named for this
///    job), never removed;
/// 3. the new version is renamed into place, and committed with its digest, its events
///    and the re-ingest's end; only then is the old version (set aside, or at its old
///    place) removed.
///
/// A crash after 2 or 3 is finished by the retry, from what is on the disk: its own
/// set-aside version, or a version at the new path that is the same as the one it builds
/// again (anything else there is never taken, nor overwritten). A failure for good or a
/// cancel before the commit puts the stored version back at its place. Steps are
/// named for `SS_TEST_CRASH_AT` as `update.after-build`, `update.after-set-aside`,
/// `update.after-rename` and `update.after-commit`.
public struct UpdateHandler: JobHandler {
    public struct Arguments: Codable, Sendable {
        public var package: UUID
        /// The pipeline that re-ingested it (for a recovery, the AIP's own, if any).
        public var pipeline: UUID?
        public var origin: UUID
        public var originPath: String
        public var destination: UUID
        /// The new version's name (the last part of `originPath`).
        public var name: String
        public var premis: JSONValue?
        public var actor: String
        /// A recovery: the copy at `originPath` is the AIP itself, which replaces the stored
        /// version as it is (no merge), once it is found to hold the AIP's recorded digest.
        public var recover: Bool?

        enum CodingKeys: String, CodingKey {
            case package, pipeline, origin, destination, name, premis, actor, recover
            case originPath = "origin_path"
        }
    }

    public static let kind = "aip.update"

    let policy: LocationPolicy

    public init(policy: LocationPolicy = LocationPolicy(roots: [])) {
        self.policy = policy
    }

    /// Where everything of one update is.
    /// A flag one attempt sets and its undo reads.
    final class Mark: Sendable {
        private let value = Atomic(false)
        func set() { value.store(true, ordering: .relaxed) }
        var isSet: Bool { value.load(ordering: .relaxed) }
    }

    struct Places: Sendable {
        var old: Package
        var destination: Location
        var origin: Location
        var name: String

        var job: UUID
        /// Set once this attempt has put (or found) its version at a new path: only then is
        /// what is there its own to remove when it is undone.
        let placedNew = Mark()

        var path: String { PackageLayout.path(uuid: old.uuid, name: name) }
        var final: String { destination.path + "/" + path }
        /// The new version takes the stored one's place: the stored one is set aside first.
        var replacing: Bool { destination.uuid == old.locationUUID && path == old.path }
        var aside: String { old.locationPath + "/" + PackageLayout.setAsideName(uuid: old.uuid, job: job) }
        func temporary(_ purpose: String) -> String { destination.path + "/" + PackageLayout.temporaryName(uuid: old.uuid, purpose: purpose) }
    }

    public func run(_ a: Arguments, context: JobContext) async throws -> JobOutcome {
        let db = context.db, logger = context.logger
        var (old, destination, origin) = try await PackageJob.prepared {
            (try await Packages.get(a.package, on: db, logger: logger), try await Locations.get(a.destination, on: db, logger: logger),
             try await Locations.get(a.origin, on: db, logger: logger))
        }
        if old.cleanupPath != nil {
            // This job's own commit, before a crash: only the old version is left to remove.
            if old.cleanupJob == context.job.id { return try await PackageJob.finishCleanup(old, policy: policy, context: context) }
            old = try await PackageJob.clearLeftover(old, policy: policy, context: context)
        }
        guard old.status == .stored || old.status == .moving || (old.status == .damaged && a.recover == true) else {
            throw StorageFailure.wrongStatus(old, "update")
        }
        try PackageJob.require(policy) { try $0.check(old); try $0.check(destination); try $0.check(origin) }
        try await PackageJob.prepared { try await db.run(PackagesSQL.setStatus(a.package, .moving), logger: logger) }
        let places = Places(old: old, destination: destination, origin: origin, name: a.name, job: context.job.id)

        return try await PackageJob.run(context, undo: { tx, _ in
            try await putBack(places, tx: tx, context: context)
        }) {
            let control = TransferControl()
            let report = try await Progress.track(control, context) {
                try await BlockingIO.run(control) { try place(places, a, control: control) }
            }
            let recovering = a.recover == true
            let detail = recovering
                ? "recovered from \(origin.name):\(a.originPath) into \(destination.name), \(report.size) bytes, sha256 \(report.sha256)"
                : "re-ingested on pipeline \(a.pipeline?.uuidString.lowercased() ?? "none"): \(a.name) in \(destination.name), \(report.size) bytes, sha256 \(report.sha256)"
            let event = PackageJob.event(recovering ? "recovered" : "reingested", "ok", detail, actor: a.actor, context)
            let (uuid, name, premis, path, queue, actor, placedIn) = (a.package, a.name, a.premis, places.path, context.queue, a.actor, destination.uuid)
            return try await PackageJob.commitPlacement(
                a.package, at: destination.uuid, path: places.path,
                cleanup: places.replacing ? (FileSystem.exists(places.aside) ? places.aside : nil) : old.fullPath,
                newlyStored: false, event: event, policy: policy, context: context
            ) { tx in
                // A recovery puts back the same AIP: its row says what it holds already.
                if !recovering {
                    try await tx.run(PackagesSQL.reingested(uuid, name: name, size: report.size, sha256: report.sha256, premis: premis), logger: logger)
                }
                // Every copy is made again from the new version (a replica that holds it
                // already is verified and kept).
                try await Copies.replicate(uuid, path: path, placedIn: placedIn, refreshing: true, actor: actor, queue: queue, on: tx, logger: logger)
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
            let found = try PackageVerifier.verify(p.final, side: "re-ingested version", control: control, type: p.old.type)
            if a.recover == true, found.sha256 != p.old.sha256 { throw notThisAIP(p, found) }
            return found
        }
        let report = try build(p, a, into: building, control: control)
        FaultInjection.crash(at: "update.after-build")
        if !p.replacing, FileSystem.exists(p.final) {
            // Renamed there before a crash, if it is what was just built again; else not ours.
            guard try TreeCopier.same(building, p.final, control: control) else {
                throw JobFailure.permanent("destination_occupied", "\(p.final) exists and is not this re-ingest's version of the AIP: nothing is overwritten")
            }
            try FileSystem.removeTree(building)
            p.placedNew.set()
            return report
        }
        if p.replacing, FileSystem.exists(p.final) || a.recover != true {  // a recovery may find the AIP gone
            try FileSystem.renameNoReplace(p.final, p.aside)
            try FileSystem.syncDirectory(p.old.locationPath)
            FaultInjection.crash(at: "update.after-set-aside")
        }
        try rename(building, to: p)
        if !p.replacing { p.placedNew.set() }
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
        try requireSpace(p, source: source, recovering: a.recover == true)
        if a.recover == true { return try recovered(p, from: source, into: building, control: control) }
        // The stored version, copied and checked: against its manifests, and its recorded digest.
        let merge = p.temporary("merge")
        let storedAsTree = FileSystem.kind(at: p.old.fullPath) == .directory
        if storedAsTree {
            _ = try TreeCopier.copy(from: p.old.fullPath, to: merge, control: control)
        } else {
            guard try FileIO.hash(p.old.fullPath, algorithms: [.sha256], control: control)[.sha256] == p.old.sha256 else {
                throw JobFailure.permanent("fixity_failed", "AIP \(p.old.uuid.uuidString.lowercased()) is not updated: its SHA-256 is not the recorded \(p.old.sha256 ?? "none")")
            }
            _ = try ArchiveExtractor.extract(p.old.fullPath, into: merge, control: control)
        }
        let stored = try PackageVerifier.verify(merge, side: "stored copy", control: control, type: p.old.type)
        if storedAsTree, stored.sha256 != p.old.sha256 {
            throw JobFailure.permanent("fixity_failed", "AIP \(p.old.uuid.uuidString.lowercased()) is not updated: its SHA-256 is \(stored.sha256), recorded \(p.old.sha256 ?? "none")")
        }
        // The new version, copied out of the pipeline's reach and checked there.
        let reingested = p.temporary("reingested")
        var bag = a.name
        if FileSystem.kind(at: source) == .directory {
            _ = try TreeCopier.copy(from: source, to: reingested, control: control)
        } else {
            bag = try ArchiveExtractor.extract(source, into: reingested, control: control).bag
        }
        _ = try PackageVerifier.verify(reingested, side: "source", control: control, type: p.old.type)  // a bad one is refused for good
        try ReingestMerge.merge(reingested, into: merge, uuid: p.old.uuid, control: control)
        try BagWriter.rebag(merge, control: control)
        _ = try PackageVerifier.verify(merge, side: "updated version", control: control, type: p.old.type)
        if FileSystem.kind(at: source) == .directory {
            try FileSystem.rename(merge, building)
        } else {
            guard let format = ArchiveWriter.Format(name: a.name, algorithm: PointerFile.compressionAlgorithm(a.premis)) else {
                throw JobFailure.permanent("unsupported", "\(a.name) is compressed in a way ss does not write again (.7z, .zip, .tar, .tar.gz, .tar.bz2, .tar.xz)")
            }
            let mtime = time_t(p.old.storedAt?.timeIntervalSince1970 ?? 0)
            try ArchiveWriter.write(merge, root: bag, as: format, mtime: mtime, to: building, control: control)
        }
        let report = try PackageVerifier.verify(building, side: "updated version", control: control, type: p.old.type)
        try FileSystem.syncFilesystem(of: root)
        return report
    }

    /// A recovery's build: the copy, read back into `building` and checked, holding the
    /// AIP's recorded digest (the stored version, damaged, is not read at all).
    private func recovered(_ p: Places, from source: String, into building: String, control: TransferControl) throws -> PackageReport {
        _ = try TreeCopier.copy(from: source, to: building, control: control)
        let report = try PackageVerifier.verify(building, side: "source", control: control, type: p.old.type)
        guard report.sha256 == p.old.sha256 else { throw notThisAIP(p, report) }
        try FileSystem.syncFilesystem(of: p.destination.path)
        return report
    }

    private func notThisAIP(_ p: Places, _ report: PackageReport) -> JobFailure {
        .permanent("not_this_aip", "the copy at \(p.origin.name):\(p.old.name) is not AIP \(p.old.uuid.uuidString.lowercased()) as it was stored: its SHA-256 is \(report.sha256), recorded \(p.old.sha256 ?? "none")")
    }

    /// The build holds up to a copy of the stored version, the new one extracted and the
    /// merge written again (a recovery, one copy): refused before anything is written when the destination's
    /// filesystem has not room for about that much.
    private func requireSpace(_ p: Places, source: String, recovering: Bool) throws {
        let sourceSize = try FileSystem.kind(at: source) == .directory
            ? TreeCopier.entries(of: source).reduce(Int64(0)) { $0 + $1.size } : FileSystem.size(of: source)
        let needed = recovering ? sourceSize : 2 * (p.old.size ?? 0) + 3 * sourceSize  // a recovery: the copy alone
        guard let free = FileSystem.freeBytes(at: p.destination.path) else { return }
        guard free >= needed else {
            throw JobFailure.permanent("no_space", "updating AIP \(p.old.uuid.uuidString.lowercased()) needs about \(needed) bytes free in location '\(p.destination.name)', which has \(free)")
        }
    }

    /// Ends an attempt that did not commit: the stored version goes back to its place if it
    /// was set aside (what stood there in its stead goes), and the temporaries go. After the
    /// commit (a failure in the removal of the old version), nothing is undone.
    private func putBack(_ p: Places, tx: PostgresConnection, context: JobContext) async throws {
        let logger = context.logger
        let now = try await Packages.get(p.old.uuid, on: tx, logger: logger)
        guard now.status == .moving, now.cleanupJob == nil, now.sha256 == p.old.sha256, now.path == p.old.path,
              now.locationUUID == p.old.locationUUID else { return }  // committed: nothing to undo
        try await BlockingIO.run(TransferControl()) {
            if p.replacing, FileSystem.exists(p.aside) {
                if FileSystem.exists(p.final) { try FileSystem.removeTree(p.final) }
                try FileSystem.renameNoReplace(p.aside, p.final)
                try FileSystem.syncDirectory((p.final as NSString).deletingLastPathComponent)
            } else if !p.replacing, p.placedNew.isSet, FileSystem.exists(p.final) {
                try FileSystem.removeTree(p.final)
                try FileSystem.syncDirectory((p.final as NSString).deletingLastPathComponent)
            }
            try PackageLayout.removeTemporaries(of: p.old.uuid, in: p.destination.path)
        }
        try await tx.run(PackagesSQL.setStatus(p.old.uuid, .stored, from: .moving), logger: logger)
    }
}
