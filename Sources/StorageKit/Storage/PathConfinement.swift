import Foundation
import QueueKit

/// Resolves a path a user gave relative to a location so that it can never leave it:
/// no absolute paths, no `..`, and no symlink (anywhere along the path) that points
/// outside the location's real directory.
public enum PathConfinement {
    /// The absolute path of `relative` inside `root`. Throws `pathEscape` when it would
    /// escape and `sourceMissing` when it does not exist.
    public static func resolve(_ relative: String, in root: String, locationName: String) throws(StorageError) -> String {
        let context = StorageError.Context(path: relative, location: locationName)
        let escape = { (why: String) in
            StorageError(.pathEscape, "path '\(relative)' escapes location '\(locationName)': \(why)", context)
        }
        guard !relative.isEmpty else { throw StorageError(.invalidPath, "the path is empty", context) }
        guard !relative.hasPrefix("/") else { throw escape("absolute paths are not allowed; give it relative to the location") }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: true)
        guard !parts.contains("..") else { throw escape("'..' is not allowed") }
        guard !parts.isEmpty, !parts.allSatisfy({ $0 == "." }) else { throw escape("it names the location itself") }
        guard let realRoot = FileSystem.realPath(root) else {
            throw StorageError(.sourceMissing, "location '\(locationName)' has no directory at \(root)", context)
        }
        let joined = realRoot + "/" + parts.filter { $0 != "." }.joined(separator: "/")
        guard FileSystem.exists(joined) else {
            // Say "escapes" rather than "missing" for a path under a symlink that leads out.
            var probe = (joined as NSString).deletingLastPathComponent
            while !FileSystem.exists(probe) { probe = (probe as NSString).deletingLastPathComponent }
            if let real = FileSystem.realPath(probe), real != realRoot, !real.hasPrefix(realRoot + "/") {
                throw escape("a symlink leads outside it")
            }
            throw StorageError(.sourceMissing, "no '\(relative)' in location '\(locationName)' (\(realRoot))", context)
        }
        guard let real = FileSystem.realPath(joined) else {
            throw escape("it is a symlink that points nowhere")
        }
        guard real.hasPrefix(realRoot + "/") else { throw escape("a symlink leads outside it") }
        return real
    }
}
