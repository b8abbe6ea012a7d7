import Foundation
import QueueKit

/// One directory of a location, as Archivematica's transfer browser shows it (the
/// Storage Service's `browse`): entries by name, case folded, hidden ones left out; a
/// file's size; a readable directory's count of the files below it, up to 5,000. The
/// path never leaves the location (`PathConfinement`), and nothing is followed out of it:
/// a symlink is shown as what it points to only when that is inside the location.
public struct DirectoryListing: Sendable, Equatable, Encodable {
    public struct Entry: Sendable, Equatable, Encodable {
        public var name: String
        public var isDirectory: Bool
        /// A file's bytes.
        public var size: Int64?
        /// Files below a directory, counted up to `countLimit` (then `"5000+"`).
        public var objectCount: Int?

        enum CodingKeys: String, CodingKey {
            case name, size, directory, objectCount = "object_count"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(isDirectory, forKey: .directory)
            try c.encodeIfPresent(size, forKey: .size)
            try c.encodeIfPresent(objectCount, forKey: .objectCount)
        }
    }

    /// Where the listing is, relative to the location ("" for its top).
    public var path: String
    public var entries: [Entry]

    /// The Storage Service stops counting there, so that a big tree answers fast.
    public static let countLimit = 5000

    /// The directory `path` of `location`: relative to it, or absolute inside it (as the
    /// Storage Service takes either); "" or "/" is its top.
    public static func read(_ path: String, in location: Location) throws -> DirectoryListing {
        guard let root = FileSystem.realPath(location.path) else {
            throw StorageError(.sourceMissing, "location '\(location.name)' has no directory at \(location.path)", .init(path: location.path, location: location.name))
        }
        var relative = path
        if let prefix = [location.path, root].first(where: { path == $0 || path.hasPrefix($0 + "/") }) {
            relative = String(path.dropFirst(prefix.count).drop { $0 == "/" })
        }
        while relative.count > 1 && relative.hasSuffix("/") { relative.removeLast() }
        let directory = relative.isEmpty ? root : try PathConfinement.resolve(relative, in: root, locationName: location.name)
        guard FileSystem.kind(at: directory) == .directory else {
            throw StorageError(.invalidPath, "'\(relative)' in location '\(location.name)' is not a directory", .init(path: relative, location: location.name))
        }
        guard let handle = opendir(directory) else {
            throw StorageError(.sourceMissing, "cannot read '\(relative)' in location '\(location.name)': \(String(cString: strerror(errno)))",
                               .init(path: relative, location: location.name, errno: errno))
        }
        let names = FileSystem.entryNames(handle).filter { !$0.hasPrefix(".") }
        closedir(handle)
        let entries = names.sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }.map { name in
            entry(name, at: directory + "/" + name, root: root)
        }
        return DirectoryListing(path: relative, entries: entries)
    }

    private static func entry(_ name: String, at path: String, root: String) -> Entry {
        var target = path
        if FileSystem.kind(at: path) == .symlink {
            guard let real = FileSystem.realPath(path), real == root || real.hasPrefix(root + "/") else {
                return Entry(name: name, isDirectory: false)
            }
            target = real
        }
        switch FileSystem.kind(at: target) {
        case .directory:
            guard access(target, R_OK | X_OK) == 0 else { return Entry(name: name, isDirectory: false) }
            return Entry(name: name, isDirectory: true, objectCount: countFiles(in: target, upTo: countLimit))
        case .file:
            return Entry(name: name, isDirectory: false, size: try? FileSystem.size(of: target))
        default:
            return Entry(name: name, isDirectory: false)
        }
    }

    /// Files (anything not a directory) below `directory`, stopping at `limit`; symlinks
    /// are counted, never followed.
    static func countFiles(in directory: String, upTo limit: Int) -> Int {
        var count = 0
        var pending = [directory]
        while let dir = pending.popLast(), count < limit {
            guard let handle = opendir(dir) else { continue }
            for name in FileSystem.entryNames(handle) where count < limit {
                let full = dir + "/" + name
                if FileSystem.kind(at: full) == .directory { pending.append(full) } else { count += 1 }
            }
            closedir(handle)
        }
        return count
    }
}
