import Foundation
import QueueKit

/// One file inside a stored AIP, as Archivematica asks for it (`extract_file`, most often
/// `<name>/data/METS.<uuid>.xml`): relative to the bag, or starting with its name as the
/// Storage Service takes it too, and never outside it.
public enum PackageMember {
    /// The file's absolute path. A compressed AIP (a single file) is `unsupported` until
    /// ss reads archives.
    public static func locate(_ relative: String, in package: Package) throws -> String {
        let id = package.uuid.uuidString.lowercased()
        guard package.status == .stored else {
            throw QueueError(.conflict, "AIP \(id) is \(package.status.rawValue): files are read only from a stored AIP")
        }
        let root = package.fullPath
        guard FileSystem.kind(at: root) == .directory else {
            throw StorageError(.unsupported, "AIP \(id) is stored compressed (\(package.name)): ss does not read files from inside it yet; download it whole",
                               .init(path: relative))
        }
        let prefix: String = package.name + "/"
        let path: String = relative.hasPrefix(prefix) ? String(relative.dropFirst(prefix.count)) : relative
        let full: String
        do {
            full = try PathConfinement.resolve(path, in: root, locationName: "AIP " + package.name)
        } catch {
            guard error.code == StorageError.Code.sourceMissing else { throw error }
            throw StorageError(.sourceMissing, "Requested file, \(relative), not found in AIP \(id)", StorageError.Context(path: relative))
        }
        guard FileSystem.kind(at: full) == .file else {
            throw StorageError(.invalidPath, "'\(relative)' in AIP \(id) is not a file", .init(path: relative))
        }
        return full
    }
}
