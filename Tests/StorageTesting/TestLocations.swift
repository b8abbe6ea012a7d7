import Foundation
import Logging
import StorageKit

/// Locations in fresh temporary directories, added to a test database: `incoming`
/// (transfer-source), `vault` and `vault2` (aip-storage, on the same filesystem as
/// `incoming`), and `offsite` (aip-storage under /dev/shm, another filesystem, so that
/// moves there copy instead of renaming). Removed by `remove()`.
public struct TestLocations: Sendable {
    public let root: String
    public let offsiteRoot: String

    public var incoming: String { root + "/incoming" }
    public var vault: String { root + "/vault" }
    public var vault2: String { root + "/vault2" }
    public var offsite: String { offsiteRoot + "/offsite" }

    public static func make(_ db: TestDatabase) async throws -> TestLocations {
        let id = UUID().uuidString.lowercased().prefix(8)
        let root = FileManager.default.temporaryDirectory.path + "/ss-loc-\(id)"
        let shm = "/dev/shm/ss-loc-\(id)"
        let locations = TestLocations(root: root, offsiteRoot: shm)
        for dir in [locations.incoming, locations.vault, locations.vault2, locations.offsite] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        guard try FileSystem.device(of: locations.offsite) != FileSystem.device(of: locations.vault) else {
            throw TestFailure("/dev/shm is on the same filesystem as \(root): the cross-filesystem tests need another one")
        }
        try await db.withConnection { c in
            for (name, path, purpose) in [("incoming", locations.incoming, LocationPurpose.transferSource),
                                          ("vault", locations.vault, .aipStorage), ("vault2", locations.vault2, .aipStorage),
                                          ("offsite", locations.offsite, .aipStorage)] {
                _ = try await Locations.add(name: name, path: path, purpose: purpose, removableSource: purpose == .transferSource,
                                            on: c, logger: db.logger)
            }
        }
        return locations
    }

    /// A directory of its own under the temporary directory, for files no location holds.
    public static func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.path + "/ss-scratch-\(UUID().uuidString.lowercased().prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: root)
        try? FileManager.default.removeItem(atPath: offsiteRoot)
    }

    /// Every file and directory under the four locations, relative to `root`/`offsiteRoot`.
    public func everything() -> [String] {
        [incoming, vault, vault2, offsite].flatMap { dir in
            (FileManager.default.subpaths(atPath: dir) ?? []).map { (dir as NSString).lastPathComponent + "/" + $0 }
        }.sorted()
    }

    /// Leftover temporaries anywhere in the locations.
    public func temporaries() -> [String] {
        everything().filter { $0.contains(PackageLayout.temporaryPrefix) }
    }

    /// How many copies of a package named `name` exist across all locations.
    public func copies(named name: String) -> Int {
        everything().filter { ($0 as NSString).lastPathComponent == name }.count
    }
}
