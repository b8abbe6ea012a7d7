import Foundation
import QueueKit
#if canImport(Glibc)
import Glibc
#endif

/// Descriptors on a root directory and on directories below it, each opened from the one
/// above with O_NOFOLLOW: what is made or removed through them stays under the root,
/// whatever is swapped for a symlink on the way. Closes them all when released.
final class DirectoryChain {
    private var descriptors: [Int32] = []
    private var names: [String] = []
    private(set) var path: String

    /// Opens `root`, which must be the directory of that name reached through no symlink.
    init(root: String) throws {
        path = root
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystem.fail("open", root) }
        descriptors = [fd]
        try FileSystem.requireOpened(fd, at: root)
    }

    deinit { for fd in descriptors { close(fd) } }

    /// Goes down into `name`, making it first when `creating`. Returns whether it was
    /// made; nil when it does not exist (and is not to be made). A symlink or a file
    /// where a directory should be is refused (`invalidInput`, a permanent `path_escape`).
    @discardableResult
    func enter(_ name: String, creating: Bool) throws -> Bool? {
        let parent = descriptors[descriptors.count - 1], below = path + "/" + name
        var made = false
        if creating {
            made = mkdirat(parent, name, FileModes.directory) == 0
            guard made || Glibc.errno == EEXIST else { throw FileSystem.fail("mkdir", below) }
        }
        let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            switch Glibc.errno {
            case ENOENT where !creating: return nil
            case ELOOP, ENOTDIR: throw StorageError(.pathEscape, "\(below) is not a directory (a symlink or a file is there); refusing to go through it", .init(path: below))
            default: throw FileSystem.fail("open", below)
            }
        }
        descriptors.append(fd)
        names.append(name)
        path = below
        return made
    }

    /// Removes the directories entered, deepest first, while they are empty.
    func removeEmpty() {
        while let name = names.last {
            close(descriptors.removeLast())
            names.removeLast()
            guard unlinkat(descriptors[descriptors.count - 1], name, AT_REMOVEDIR) == 0 else { return }
        }
    }
}
