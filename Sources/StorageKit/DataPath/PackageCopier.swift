import Foundation
import Synchronization

/// What reading a package found: its size, its package digest, and each file's SHA-256.
public struct PackageReport: Sendable, Equatable {
    public var size: Int64
    public var sha256: String
    public var files: Int
}

/// The destination did not read back as the source's bytes (a disk or memory fault):
/// worth a retry, never worth keeping.
struct DestinationMismatch: Error, CustomStringConvertible {
    var files: [String]
    var description: String { "the copy does not read back as the source: \(files.prefix(10).joined(separator: ", "))" }
}

/// Copies a package (one file, or a bag directory) into a temporary path inside the
/// destination location, validating it at both ends on the one read of the source:
/// the source's digests are checked against its manifests, the destination's against
/// the source's, and then the copy is validated as a bag in its own right. The caller
/// makes it durable and renames it into place.
enum PackageCopier {
    static func copy(from source: String, to temporary: String, type: PackageType = .aip, control: TransferControl) throws -> PackageReport {
        if FileSystem.kind(at: source) == .directory {
            guard BagPlan.isBag(source) else {
                // Checked again here: bagit.txt may have gone since the job's own check.
                guard type.mayBePlainDirectory else {
                    throw BagInvalid(side: "source", problems: [.invalid("bagit.txt", "bagit.txt is missing: an \(type.noun) is a bag")])
                }
                // A DIP or a transfer as Archivematica makes it: each file read back, and the
                // package digest over them all, as a bag's is.
                let tree = try TreeCopier.copy(from: source, to: temporary, control: control)
                return PackageReport(size: tree.bytes, sha256: PackageDigest.of(files: tree.digests), files: tree.files)
            }
            return try copyBag(from: source, to: temporary, control: control)
        }
        let archived = ArchivedBag.isArchive(source)
        // Each byte read, then read back; an archive's once more, for the bag inside.
        control.expect((archived ? 3 : 2) * (try FileSystem.size(of: source)))
        let result = try FileCopier.copy(from: source, to: temporary, algorithms: [.sha256], control: control)
        guard result.source == result.destination, let sha = result.source[.sha256] else {
            throw DestinationMismatch(files: [(source as NSString).lastPathComponent])
        }
        // The copy has the source's bytes: what is wrong with its bag is the source's.
        if archived { try ArchivedBag.validate(temporary, side: "source", control: control) }
        return PackageReport(size: result.size, sha256: sha, files: 1)
    }

    private static func copyBag(from source: String, to temporary: String, control: TransferControl) throws -> PackageReport {
        let plan = try BagPlan.read(source, side: "source")
        control.expect(2 * plan.totalBytes)
        try FileSystem.makeDirectory(temporary)
        for directory in plan.directories { try FileSystem.makeDirectories(directory, under: temporary) }
        let results = Mutex<[String: FileCopier.Result]>([:])
        let files = plan.files
        try BlockingIO.forEach(count: files.count, width: 2, control: control) { i in
            let path = files[i].path
            let result = try FileCopier.copy(from: source + "/" + path, to: temporary + "/" + path,
                                             algorithms: plan.algorithms(for: path), control: control)
            results.withLock { $0[path] = result }
        }
        let all = results.withLock { $0 }
        let atSource = plan.problems(with: all.mapValues(\.source))
        guard atSource.isEmpty else { throw BagInvalid(side: "source", problems: atSource) }
        let differing = all.filter { $0.value.source != $0.value.destination }.keys.sorted()
        guard differing.isEmpty else { throw DestinationMismatch(files: differing) }
        let copied = try BagPlan.read(temporary, side: "destination")
        let atDestination = copied.problems(with: all.mapValues(\.destination))
        guard atDestination.isEmpty else { throw BagInvalid(side: "destination", problems: atDestination) }
        return PackageReport(size: plan.totalBytes, sha256: PackageDigest.of(files: all.compactMapValues { $0.destination[.sha256] }),
                             files: files.count)
    }
}

/// Re-reads a package where it is (fixity, or adopting a copy a crashed attempt left):
/// a file is hashed; a bag is validated against its manifests and hashed; a directory
/// that is no bag (a DIP or a transfer may be one) is hashed file by file.
public enum PackageVerifier {
    public static func verify(_ path: String, side: String, control: TransferControl, type: PackageType = .aip) throws -> PackageReport {
        guard FileSystem.kind(at: path) == .directory else {
            let archived = ArchivedBag.isArchive(path), size = try FileSystem.size(of: path)
            control.expect(archived ? 2 * size : size)
            let digests = try FileIO.hash(path, algorithms: [.sha256], control: control)
            if archived { try ArchivedBag.validate(path, side: side, control: control) }
            return PackageReport(size: size, sha256: digests[.sha256]!, files: 1)
        }
        if type.mayBePlainDirectory, !BagPlan.isBag(path) { return try plainTree(path, side: side, control: control) }
        let (plan, structural) = try BagPlan.inspect(path, side: side)
        control.expect(plan.totalBytes)
        let digests = Mutex<[String: Digests]>([:])
        let files = plan.files
        try BlockingIO.forEach(count: files.count, width: 2, control: control) { i in
            let file = files[i].path
            let d = try FileIO.hash(path + "/" + file, algorithms: plan.algorithms(for: file), control: control)
            digests.withLock { $0[file] = d }
        }
        let all = digests.withLock { $0 }
        let problems = plan.problems(with: all) + structural
        guard problems.isEmpty else { throw BagInvalid(side: side, problems: problems) }
        return PackageReport(size: plan.totalBytes, sha256: PackageDigest.of(files: all.compactMapValues { $0[.sha256] }), files: files.count)
    }


    /// Every file's SHA-256 and the package digest over them; a link or a device in the
    /// tree is a problem, as in a bag.
    private static func plainTree(_ path: String, side: String, control: TransferControl) throws -> PackageReport {
        let entries = try FileSystem.walk(path)
        let odd = entries.filter { $0.kind != .file && $0.kind != .directory }
        guard odd.isEmpty else {
            throw BagInvalid(side: side, problems: odd.map { .invalid($0.path, "\($0.path): not a regular file or directory") })
        }
        let files = entries.filter { $0.kind == .file }
        control.expect(files.reduce(0) { $0 + $1.size })
        let digests = Mutex<[String: String]>([:])
        try BlockingIO.forEach(count: files.count, width: 2, control: control) { i in
            let d = try FileIO.hash(path + "/" + files[i].path, algorithms: [.sha256], control: control)
            digests.withLock { $0[files[i].path] = d[.sha256] }
        }
        return PackageReport(size: files.reduce(0) { $0 + $1.size }, sha256: PackageDigest.of(files: digests.withLock { $0 }), files: files.count)
    }
}
