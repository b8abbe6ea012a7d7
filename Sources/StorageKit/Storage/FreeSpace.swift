import Foundation
import Synchronization

/// Free space of location directories for `/metrics`, looked at on threads of their own
/// with a time limit: a hung NFS mount must not hold up the page, nor pile up threads
/// (a directory whose last look has not returned is not looked at again until it does).
/// An empty directory is taken for an unmounted filesystem and reports nothing.
public final class FreeSpace: Sendable {
    private let looking = Mutex<Set<String>>([])
    private let found = Mutex<[String: Int64]>([:])

    public init() {}

    /// Bytes free per directory, for those that answered within `limit` (or, for one
    /// still being looked at, what it answered last).
    public func free(of paths: [String], within limit: Duration = .seconds(2)) async -> [String: Int64] {
        let fresh = looking.withLock { busy in
            let new = paths.filter { !busy.contains($0) }
            busy.formUnion(new)
            return new
        }
        for path in fresh {
            DispatchQueue.global().async { [self] in
                let bytes = FileSystem.holdsAnything(path) ? FileSystem.freeBytes(at: path) : nil
                found.withLock { $0[path] = bytes }
                _ = looking.withLock { $0.remove(path) }
            }
        }
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end, !looking.withLock({ $0.isDisjoint(with: fresh) }) {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let wanted = Set(paths)
        return found.withLock { $0.filter { wanted.contains($0.key) } }
    }
}
