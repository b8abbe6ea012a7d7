import Foundation
import QueueKit

/// One file inside a stored AIP, as Archivematica asks for it (`extract_file`, most often
/// `<name>/data/METS.<uuid>.xml`): relative to the bag, or starting with its name as the
/// Storage Service takes it too, and never outside it. From a compressed AIP it is read
/// out of the archive as it is sent, never extracted to disk.
public enum PackageMember {
    /// Where the file is: a path of its own (a bag directory), or inside an archive.
    public enum Place: Sendable, Equatable {
        case file(String)
        case archived(archive: String, entry: String)
    }

    /// Checks the AIP and the path without reading an archive (`open` finds the entry).
    public static func locate(_ relative: String, in package: Package) throws -> Place {
        let id = package.uuid.uuidString.lowercased()
        guard package.status == .stored else {
            throw QueueError(.conflict, "AIP \(id) is \(package.status.rawValue): files are read only from a stored AIP")
        }
        let root = package.fullPath
        guard FileSystem.kind(at: root) == .directory else {
            guard ArchivedBag.isArchive(root) else {
                throw StorageError(.unsupported, "AIP \(id) is one file (\(package.name)), not a bag or an archive of one; download it whole",
                                   .init(path: relative))
            }
            let parts = try PathConfinement.parts(of: relative, locationName: package.type.noun + " " + package.name)
            return .archived(archive: root, entry: parts.joined(separator: "/"))
        }
        let path: String = relative.inside(package.name) ?? relative
        let full: String
        do {
            full = try PathConfinement.resolve(path, in: root, locationName: package.type.noun + " " + package.name)
        } catch {
            guard error.code == StorageError.Code.sourceMissing else { throw error }
            throw notFound(relative, package)
        }
        guard FileSystem.kind(at: full) == .file else {
            throw StorageError(.invalidPath, "'\(relative)' in AIP \(id) is not a file", .init(path: relative))
        }
        return .file(full)
    }

    /// Opens the file for reading: for an archive, reads up to its entry (blocking: run it
    /// off the cooperative pool). The entry is looked for where validation found the bag
    /// (`ArchivedBag.root`): the path is taken relative to the bag, after the bag's
    /// directory if it starts with it, as Archivematica asks (`<name>-<uuid>/data/…`), and
    /// only that one name is served, never an entry elsewhere that no manifest covered.
    public static func open(_ place: Place, in package: Package, control: TransferControl = TransferControl()) throws -> MemberReader {
        switch place {
        case .file(let path):
            return try MemberReader(file: path)
        case .archived(let archive, let wanted):
            guard let root = try ArchivedBag.root(archive, control: control) else { throw notFound(wanted, package) }
            let inBag = root.isEmpty ? wanted : wanted.inside(root) ?? wanted
            let entryName = root.isEmpty ? inBag : root + "/" + inBag
            let reader = try ArchiveReader(archive, control: control)
            while let entry = try reader.next() {
                guard entry.path == entryName else { continue }
                guard entry.kind == .file, entry.problem == nil else {
                    throw StorageError(.invalidPath, "'\(wanted)' in AIP \(package.uuid.uuidString.lowercased()) is not a file", .init(path: wanted))
                }
                return MemberReader(entry: reader, name: (entry.path as NSString).lastPathComponent, size: entry.size)
            }
            throw notFound(wanted, package)
        }
    }

    private static func notFound(_ relative: String, _ package: Package) -> StorageError {
        StorageError(.sourceMissing, "Requested file, \(relative), not found in AIP \(package.uuid.uuidString.lowercased())",
                     StorageError.Context(path: relative))
    }
}

/// A file of an AIP open for reading a buffer at a time, from its own descriptor or from
/// an archive's entry. Blocking, and used by one reader at a time (hence unchecked).
public final class MemberReader: @unchecked Sendable {
    public let name: String
    /// Known for a file, and for an entry whose header says it (7z, tar and zip do).
    public let size: Int64?
    private let fd: Int32?
    private let archive: ArchiveReader?
    private let path: String

    init(file path: String) throws {
        let fd = try FileSystem.openRegularFile(path)
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let error = IOFailure(operation: "stat", path: path, errno: errno)
            Glibc.close(fd)
            throw error
        }
        self.fd = fd
        self.archive = nil
        self.path = path
        self.name = (path as NSString).lastPathComponent
        self.size = Int64(status.st_size)
    }

    init(entry archive: ArchiveReader, name: String, size: Int64?) {
        self.fd = nil
        self.archive = archive
        self.path = name
        self.name = name
        self.size = size
    }

    deinit {
        if let fd { Glibc.close(fd) }
    }

    /// The next bytes into `buffer`; 0 at the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let archive { return try archive.readSome(into: buffer) }
        return try FileIO.read(fd!, into: buffer, count: buffer.count, at: nil, path: path)
    }

    /// Reads to the end, writing every byte to `fd` (`path` names it in errors).
    public func write(to fd: Int32, path: String) throws {
        try ChunkBuffers.with { buffer in
            while true {
                let n = try read(into: buffer)
                if n == 0 { return }
                try FileIO.writeAll(fd, UnsafeRawBufferPointer(rebasing: buffer[0..<n]), path: path)
            }
        }
    }
}
