import CFileIO
import Foundation
import QueueKit
#if canImport(Glibc)
import Glibc
#endif

/// A failed system call on a path: which call, which path, and errno. Handlers turn it
/// into a retryable job failure (`no_space` for ENOSPC, `io_error` otherwise).
public struct IOFailure: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let errno: Int32

    public init(operation: String, path: String, errno: Int32) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    public var description: String { "\(operation) \(path): \(String(cString: strerror(errno)))" }
    public var isNoSpace: Bool { errno == ENOSPC || errno == EDQUOT }
}

/// The POSIX calls the data path needs, with errors that name the path. Nothing here
/// follows a symlink it was not asked to: walks use `lstat`, opens use `O_NOFOLLOW`.
public enum FileSystem {
    public enum Kind: Sendable, Equatable { case file, directory, symlink, other }

    public struct Entry: Sendable, Equatable {
        /// Relative to the walked root, `/`-separated.
        public var path: String
        public var kind: Kind
        public var size: Int64
    }

    static func fail(_ operation: String, _ path: String) -> IOFailure {
        IOFailure(operation: operation, path: path, errno: Glibc.errno)
    }

    /// Checks that `fd` is the file at `path` itself, reached through no symlink. Paths
    /// are checked against their location before use, but a directory on the way could be
    /// swapped for a symlink between that check and the `open` (O_NOFOLLOW guards only the
    /// last component); the kernel's name for what was actually opened tells. Throws
    /// `invalidInput` (a permanent `path_escape` for a job) when they differ. Location
    /// paths are stored resolved, so a location moved behind a symlink later is refused
    /// too, with a message that says so.
    static func requireOpened(_ fd: Int32, at path: String) throws {
        guard let opened = openedPath(fd) else { return }  // no /proc: nothing more to check
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let expected = "/" + absolute.slashSeparated.filter { $0 != "." }.joined(separator: "/")
        guard opened == expected else {
            throw StorageError(.pathEscape, "\(path) led to \(opened) when opened: a symlink is on the way (swapped in since the path was checked, or a location's directory moved behind one: then give the location its real path); refusing it", .init(path: path))
        }
    }

    /// The kernel's name for what `fd` is open on; nil without /proc.
    static func openedPath(_ fd: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func kind(at path: String) -> Kind? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    public static func exists(_ path: String) -> Bool { kind(at: path) != nil }

    /// The bytes an unprivileged writer may still use on the filesystem holding `path`.
    static func freeBytes(at path: String) -> Int64? {
        var fs = statvfs()
        guard statvfs(path, &fs) == 0 else { return nil }
        return Int64(fs.f_bavail) * Int64(fs.f_frsize)
    }

    /// Whether `path` is a directory with something in it (reading no more than the first
    /// entries): an empty location is what an unmounted filesystem leaves.
    static func holdsAnything(_ path: String) -> Bool {
        guard kind(at: path) == .directory, let handle = opendir(path) else { return false }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { return true }
        }
        return false
    }

    /// The device a path lives on: equal devices mean a `rename` between them works.
    public static func device(of path: String) throws(IOFailure) -> UInt64 {
        var st = stat()
        guard lstat(path, &st) == 0 else { throw fail("stat", path) }
        return UInt64(st.st_dev)
    }

    public static func size(of path: String) throws(IOFailure) -> Int64 {
        var st = stat()
        guard lstat(path, &st) == 0 else { throw fail("stat", path) }
        return Int64(st.st_size)
    }

    /// Every entry under `root` (not `root` itself), sorted by path; symlinks are listed,
    /// never followed.
    public static func walk(_ root: String) throws(IOFailure) -> [Entry] {
        var out: [Entry] = []
        try walk(root, prefix: "", into: &out)
        return out.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    private static func walk(_ dir: String, prefix: String, into out: inout [Entry]) throws(IOFailure) {
        guard let handle = opendir(dir) else { throw fail("opendir", dir) }
        defer { closedir(handle) }
        for name in entryNames(handle) {
            let full = dir + "/" + name
            let rel = prefix.isEmpty ? name : prefix + "/" + name
            var st = stat()
            guard lstat(full, &st) == 0 else { throw fail("stat", full) }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                out.append(Entry(path: rel, kind: .directory, size: 0))
                try walk(full, prefix: rel, into: &out)
            case S_IFREG: out.append(Entry(path: rel, kind: .file, size: Int64(st.st_size)))
            case S_IFLNK: out.append(Entry(path: rel, kind: .symlink, size: 0))
            default: out.append(Entry(path: rel, kind: .other, size: 0))
            }
        }
    }

    /// The names `readdir` gives for an open directory, without `.` and `..`.
    static func entryNames(_ handle: OpaquePointer) -> [String] {
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    public static func makeDirectory(_ path: String) throws(IOFailure) {
        guard mkdir(path, FileModes.directory) == 0 || Glibc.errno == EEXIST else { throw fail("mkdir", path) }
    }

    /// Makes new directories' entries durable: an fsync of the directory holding each.
    public static func syncParents(of created: [String]) throws(IOFailure) {
        for dir in created { try syncDirectory((dir as NSString).deletingLastPathComponent) }
    }

    /// Makes a directory entry (a rename, a new file) durable.
    public static func syncDirectory(_ path: String) throws(IOFailure) {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw fail("open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw fail("fsync", path) }
    }

    /// Makes everything written on the filesystem holding `path` durable: one call for a
    /// package of a thousand files instead of a thousand fsyncs.
    public static func syncFilesystem(of path: String) throws(IOFailure) {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw fail("open", path) }
        defer { close(fd) }
        guard cfileio_syncfs(fd) == 0 else { throw fail("syncfs", path) }
    }

    /// The canonical absolute path (symlinks resolved), or nil when it does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
