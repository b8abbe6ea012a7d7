import CFileIO
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The calls that change a tree (rename, removal, making directories), made through directory descriptors.
/// A path is checked against its location before use, but a directory on the way could be
/// swapped for a symlink after that check. These open the directory holding the entry,
/// make sure it is the one named (`requireOpened`), and act on names inside it (`renameat`,
/// `unlinkat`, `openat` with O_NOFOLLOW), so nothing they do lands outside.
extension FileSystem {
    /// `rename(2)`: replaces an existing `to`.
    public static func rename(_ from: String, _ to: String) throws {
        try renaming(from, to) { Glibc.renameat($0, $1, $2, $3) }
    }

    /// A rename that never replaces an existing `to` (RENAME_NOREPLACE, so no window
    /// between a check and the rename; where the kernel or filesystem lacks the flag, the
    /// check comes first).
    public static func renameNoReplace(_ from: String, _ to: String) throws {
        try renaming(from, to) { fromDir, fromName, toDir, toName in
            let result = cfileio_rename_noreplace(fromDir, fromName, toDir, toName)
            guard result != 0, [EINVAL, ENOSYS, EPERM].contains(Glibc.errno) else { return result }
            return renameUnlessPresent(fromDir, fromName, toDir, toName)
        }
    }

    /// Puts `from` at `to` in one step, the entry that was at `to` (a file or a whole tree)
    /// swapped to `from` (RENAME_EXCHANGE); returns where the old entry is now. Where the
    /// kernel or filesystem lacks the flag, the old entry is renamed to `from` + `-old`
    /// first, and there is a moment with nothing at `to`.
    public static func replace(_ from: String, _ to: String) throws -> String {
        var swapped = true
        try renaming(from, to) { fromDir, fromName, toDir, toName in
            let result = cfileio_rename_exchange(fromDir, fromName, toDir, toName)
            guard result != 0, [EINVAL, ENOSYS, EPERM].contains(Glibc.errno) else { return result }
            swapped = false
            return 0
        }
        guard !swapped else { return from }
        try rename(to, from + "-old")
        try renameNoReplace(from, to)
        return from + "-old"
    }

    /// `renameat` after making sure nothing is at the target (EEXIST if something is, or
    /// the error that kept it from being looked at).
    static func renameUnlessPresent(_ fromDir: Int32, _ fromName: String, _ toDir: Int32, _ toName: String) -> Int32 {
        var st = stat()
        if fstatat(toDir, toName, &st, AT_SYMLINK_NOFOLLOW) == 0 { Glibc.errno = EEXIST }
        guard Glibc.errno == ENOENT else { return -1 }
        return renameat(fromDir, fromName, toDir, toName)
    }

    /// Removes a file or a whole tree, never following symlinks (a link is removed, not
    /// its target). Missing is fine.
    public static func removeTree(_ path: String) throws {
        try removeTree(path, entering: { _ in })
    }

    /// `entering` runs before each directory is opened (tests swap things in there).
    static func removeTree(_ path: String, entering: (String) -> Void) throws {
        try inParent(of: path, missingIsFine: true) { dir, name in try remove(name, in: dir, path: path, entering: entering) }
    }

    /// `mkdir -p` below `root` (which must exist) for the relative `path`; returns the
    /// directories it created, outermost first.
    @discardableResult
    public static func makeDirectories(_ path: String, under root: String) throws -> [String] {
        let chain = try DirectoryChain(root: root)
        var created: [String] = []
        for part in path.slashSeparated where try chain.enter(part, creating: true) == true {
            created.append(chain.path)
        }
        return created
    }

    /// Removes the empty directories from `relative`'s parent up to (not including) `root`.
    public static func pruneEmptyParents(of relative: String, under root: String) {
        guard let chain = try? DirectoryChain(root: root) else { return }
        for part in relative.slashSeparated.dropLast() {
            guard (try? chain.enter(part, creating: false)) != nil else { return }
        }
        chain.removeEmpty()
    }

    private static func renaming(_ from: String, _ to: String, _ call: (Int32, String, Int32, String) -> Int32) throws {
        try inParent(of: from) { fromDir, fromName in
            try inParent(of: to) { toDir, toName in
                guard call(fromDir, fromName, toDir, toName) == 0 else { throw fail("rename", "\(from) -> \(to)") }
            }
        }
    }

    /// Creates a new file at `path` for writing (never over anything, never through a
    /// link: made inside the directory it was meant for, checked first) and returns its
    /// descriptor. For trees a pipeline can change under ss (its shared directory).
    static func createFile(_ path: String, mode: mode_t = FileModes.file) throws -> Int32 {
        var fd: Int32 = -1
        try inParent(of: path) { dir, name in
            fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            guard fd >= 0 else { throw fail("create", path) }
        }
        return fd
    }

    /// Writes `data` to a new file at `path` (`createFile`), made durable.
    static func writeNewFile(_ data: Data, to path: String) throws {
        let fd = try createFile(path)
        defer { close(fd) }
        try data.withUnsafeBytes { try FileIO.writeAll(fd, $0, path: path) }
        guard fsync(fd) == 0 else { throw fail("fsync", path) }
    }

    /// Runs `body` with a descriptor on the directory holding `path` (checked to be that
    /// directory, reached through no symlink) and the entry's name in it.
    static func inParent(of path: String, missingIsFine: Bool = false, _ body: (Int32, String) throws -> Void) throws {
        let parent = (path as NSString).deletingLastPathComponent, name = (path as NSString).lastPathComponent
        let dir = open(parent.isEmpty ? "." : parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dir >= 0 else {
            if missingIsFine, Glibc.errno == ENOENT { return }
            throw fail("open", parent)
        }
        defer { close(dir) }
        try requireOpened(dir, at: parent.isEmpty ? "." : parent)
        try body(dir, name)
    }

    /// Removes `name` in `dir`: a file or link at once, a directory after its entries,
    /// each reached from its own directory's descriptor.
    private static func remove(_ name: String, in dir: Int32, path: String, entering: (String) -> Void) throws(IOFailure) {
        if unlinkat(dir, name, 0) == 0 || Glibc.errno == ENOENT { return }
        guard Glibc.errno == EISDIR || Glibc.errno == EPERM else { throw fail("unlink", path) }
        entering(path)
        let sub = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard sub >= 0 else {
            if Glibc.errno == ENOENT { return }
            // Swapped for a symlink or a file since the unlink: remove that, not what it leads to.
            guard Glibc.errno == ELOOP || Glibc.errno == ENOTDIR else { throw fail("open", path) }
            guard unlinkat(dir, name, 0) == 0 || Glibc.errno == ENOENT else { throw fail("unlink", path) }
            return
        }
        defer { close(sub) }
        for child in try names(in: sub, path: path) { try remove(child, in: sub, path: path + "/" + child, entering: entering) }
        guard unlinkat(dir, name, AT_REMOVEDIR) == 0 || Glibc.errno == ENOENT else { throw fail("rmdir", path) }
    }

    /// The entry names of the open directory `dir` (without `.` and `..`).
    private static func names(in dir: Int32, path: String) throws(IOFailure) -> [String] {
        let copy = dup(dir)  // closedir closes the descriptor it was given
        guard copy >= 0 else { throw fail("dup", path) }
        guard let handle = fdopendir(copy) else {
            let failure = fail("opendir", path)
            close(copy)
            throw failure
        }
        defer { closedir(handle) }
        return entryNames(handle)
    }
}
