import Foundation
import QueueKit

/// Where bytes live. Locations are directories inside a space. Only local (or NFS)
/// filesystems exist today; an object store would be another conformance, and the data
/// path would ask its space for the operations it now does with `FileSystem`.
public protocol Space: Sendable {
    var uuid: UUID { get }
    var kind: SpaceKind { get }
    /// Checks that a new location's path can hold packages; throws a message saying why not.
    func checkLocationPath(_ path: String) throws(QueueError)
}

public enum SpaceKind: String, Sendable {
    case filesystem
}

/// A local or NFS-mounted filesystem; locations are absolute directories in it.
public struct FilesystemSpace: Space {
    public let uuid: UUID
    public var kind: SpaceKind { .filesystem }
    /// Locations must live under this directory (`/` for the default space).
    public let root: String

    public init(uuid: UUID, root: String) {
        self.uuid = uuid
        self.root = root
    }

    /// The space the migrations create.
    public static let defaultUUID = UUID(uuidString: "00000000-0000-7000-8000-000000000001")!

    public func checkLocationPath(_ path: String) throws(QueueError) {
        guard path.hasPrefix("/") else { throw QueueError(.invalidInput, "the location path must be absolute: '\(path)'") }
        guard FileSystem.kind(at: path) == .directory || FileSystem.realPath(path).map({ FileSystem.kind(at: $0) == .directory }) == true else {
            throw QueueError(.notFound, "no directory at \(path): create it first")
        }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard path.hasPrefix(prefix) || path == root else {
            throw QueueError(.invalidInput, "\(path) is outside the space's directory \(root)")
        }
    }
}
