import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension FileSystem {
    /// Opens a file for reading the one way ss does, for a copy, a verification or a
    /// download: `O_NOFOLLOW`, then the kernel's name for what was opened must be `path`
    /// itself, so a directory swapped for a symlink leads nowhere. Opened non-blocking
    /// first, so that a FIFO put in its place cannot hang a worker or the server, and
    /// refused unless it is a regular file (`damaged`, with the path).
    public static func openRegularFile(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let error = Glibc.errno
            if error == ELOOP { throw damaged(path, "is a symlink") }
            throw IOFailure(operation: "open", path: path, errno: error)
        }
        do {
            var status = stat()
            guard fstat(fd, &status) == 0 else { throw fail("stat", path) }
            guard status.st_mode & S_IFMT == S_IFREG else { throw damaged(path, "is not a regular file") }
            try requireOpened(fd, at: path)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    /// The stored AIP at `path` is not what ss keeps: a symlink, a FIFO, a device.
    public static func damaged(_ path: String, _ what: String) -> StorageError {
        StorageError(.damaged, "\(path) \(what): ss serves and copies only regular files and directories (run a fixity check)", .init(path: path))
    }
}
