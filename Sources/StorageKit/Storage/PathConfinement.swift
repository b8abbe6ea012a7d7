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
        let (realRoot, parts) = try checked(relative, in: root, locationName: locationName)
        let joined = realRoot + "/" + parts.joined(separator: "/")
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

    /// Where `relative` will be inside `root` once it is made: the same rules as
    /// `resolve`, for a path that need not exist yet. The part that exists is resolved
    /// and must be directories inside the location; the rest is appended as given.
    public static func target(_ relative: String, in root: String, locationName: String) throws(StorageError) -> String {
        let (realRoot, parts) = try checked(relative, in: root, locationName: locationName)
        let context = StorageError.Context(path: relative, location: locationName)
        var current = realRoot
        for (i, part) in parts.enumerated() {
            let next = current + "/" + part
            guard FileSystem.exists(next) else { return ([next] + parts[(i + 1)...]).joined(separator: "/") }
            guard let real = FileSystem.realPath(next), real.hasPrefix(realRoot + "/") else {
                throw StorageError(.pathEscape, "path '\(relative)' escapes location '\(locationName)': a symlink leads outside it", context)
            }
            guard i == parts.count - 1 || FileSystem.kind(at: real) == .directory else {
                throw StorageError(.invalidPath, "'\(parts[...i].joined(separator: "/"))' in location '\(locationName)' is not a directory", context)
            }
            current = real
        }
        return current
    }

    /// The location's real directory and the path's parts, once the path's form is allowed.
    private static func checked(_ relative: String, in root: String, locationName: String) throws(StorageError) -> (String, [String]) {
        let parts = try parts(of: relative, locationName: locationName)
        guard let realRoot = FileSystem.realPath(root) else {
            throw StorageError(.sourceMissing, "location '\(locationName)' has no directory at \(root)",
                               StorageError.Context(path: relative, location: locationName))
        }
        return (realRoot, parts)
    }

    /// The path's parts once its form is allowed: relative, not empty, no `..`, not the
    /// location itself. The text alone (inside an archive there is no directory to resolve).
    static func parts(of relative: String, locationName: String) throws(StorageError) -> [String] {
        let context = StorageError.Context(path: relative, location: locationName)
        let escape = { (why: String) in
            StorageError(.pathEscape, "path '\(relative)' escapes location '\(locationName)': \(why)", context)
        }
        guard !relative.isEmpty else { throw StorageError(.invalidPath, "the path is empty", context) }
        guard !relative.hasPrefix("/") else { throw escape("absolute paths are not allowed; give it relative to the location") }
        let parts = relative.slashSeparated
        guard !parts.contains("..") else { throw escape("'..' is not allowed") }
        guard !parts.isEmpty, !parts.allSatisfy({ $0 == "." }) else { throw escape("it names the location itself") }
        return parts.filter { $0 != "." }
    }
}

extension StringProtocol {
    /// The parts between `/` bytes. Split on the UTF-8 bytes, not on Characters: a `/`
    /// followed by a combining mark is one Character, so `"../\u{301}x".split(separator: "/")`
    /// is one part that is not `..`, while the kernel reads `..` then `\u{301}x`.
    public var slashSeparated: [String] {
        utf8.split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// What follows `directory` + `/` at the start, compared byte for byte, or nil. Not
    /// `hasPrefix`/`dropFirst`: they count Characters, and `/` with a combining mark after
    /// it is one, so `"a/\u{301}data/x"` would lose its mark and become `data/x`.
    public func inside(_ directory: String) -> String? {
        let prefix = Array(directory.utf8) + [UInt8(ascii: "/")]
        guard utf8.starts(with: prefix) else { return nil }
        return String(decoding: utf8.dropFirst(prefix.count), as: UTF8.self)
    }
}
