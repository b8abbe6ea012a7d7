import Foundation
import QueueKit
import Testing
@testable import StorageKit

/// Removal, rename and making directories act through directory descriptors: a directory
/// swapped for a symlink at any moment loses at most the link, and nothing is removed,
/// moved or made where the link leads.
@Suite struct TreeChangeTests {
    /// A scratch tree: `tree/data/objects/f0…f3` inside `location`, and files with the
    /// same names `outside` it (what a swapped-in symlink would lead to).
    struct Scratch {
        let root = FileManager.default.temporaryDirectory.path + "/ss-removal-\(UUID().uuidString.prefix(8))"
        var location: String { root + "/location" }
        var tree: String { location + "/a/tree" }
        var outside: String { root + "/outside" }

        init() throws {
            for dir in [tree + "/data/objects", outside + "/a/tree/data/objects"] {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            }
            for i in 0..<4 {
                try Data("inside \(i)".utf8).write(to: URL(fileURLWithPath: tree + "/data/objects/f\(i)"))
                try Data("outside \(i)".utf8).write(to: URL(fileURLWithPath: outside + "/f\(i)"))
                try Data("outside \(i)".utf8).write(to: URL(fileURLWithPath: outside + "/a/tree/data/objects/f\(i)"))
            }
        }

        /// Every file under `outside`, still there.
        var outsideFiles: [String] { (try? FileSystem.walk(outside).filter { $0.kind == .file }.map(\.path)) ?? [] }
        static let allOutside = ["a/tree/data/objects/f0", "a/tree/data/objects/f1", "a/tree/data/objects/f2",
                                 "a/tree/data/objects/f3", "f0", "f1", "f2", "f3"]

        /// Moves the directory at `path` away (out of the tree) and puts a symlink to
        /// `outside` (or a directory below it) in its place.
        func swap(_ path: String, to target: String = "") {
            try? FileManager.default.moveItem(atPath: path, toPath: root + "/aside-\(UUID().uuidString.prefix(8))")
            try? FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: outside + target)
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    /// The swap lands just before the directory `swapped` is opened: while its parent is
    /// being emptied (`data/objects` while entering `data`), or after `unlinkat` said
    /// "a directory" and before `openat` (`data/objects` itself).
    @Test(arguments: [("data", "data/objects"), ("data/objects", "data/objects"), ("data", "data")])
    func aDirectorySwappedForASymlinkMidRemovalLosesOnlyTheLink(entered: String, swapped: String) throws {
        let s = try Scratch()
        defer { s.remove() }
        var swaps = 0
        try FileSystem.removeTree(s.tree) { path in
            if path == s.tree + "/" + entered, swaps == 0 {
                s.swap(s.tree + "/" + swapped)
                swaps += 1
            }
        }
        #expect(swaps == 1)
        #expect(!FileSystem.exists(s.tree), "the tree is gone")
        #expect(s.outsideFiles == Scratch.allOutside, "nothing outside was removed")
    }

    /// A directory above the entry swapped for a symlink after the path was checked: the
    /// removal and the rename refuse it, and touch nothing where it leads.
    @Test func aParentSwappedForASymlinkIsRefused() throws {
        let s = try Scratch()
        defer { s.remove() }
        try FileManager.default.createDirectory(atPath: s.location + "/kept", withIntermediateDirectories: true)
        s.swap(s.location + "/a", to: "/a")  // so that `tree` below it leads to `outside/a/tree`
        for (what, call) in [("remove", { try FileSystem.removeTree(s.tree) }),
                             ("rename", { try FileSystem.rename(s.tree, s.location + "/aside") }),
                             ("rename onto", { try FileSystem.rename(s.location + "/kept", s.tree) }),
                             ("rename into", { try FileSystem.renameNoReplace(s.location + "/kept", s.location + "/a/new") }),
                             ("mkdir -p from", { try FileSystem.makeDirectories("new", under: s.location + "/a") })] {
            #expect(throws: StorageError.self, "\(what)") { try call() }
        }
        #expect(s.outsideFiles == Scratch.allOutside, "nothing outside was removed or replaced")
        #expect(!FileSystem.exists(s.location + "/aside") && !FileSystem.exists(s.outside + "/a/new"), "nothing moved in or out")
        #expect(FileSystem.kind(at: s.location + "/kept") == .directory)
    }

    @Test func directoriesAreNeitherMadeNorPrunedThroughASymlink() throws {
        let s = try Scratch()
        defer { s.remove() }
        s.swap(s.location + "/a", to: "/a")
        #expect(throws: StorageError.self) { try FileSystem.makeDirectories("a/tree/new/deeper", under: s.location) }
        #expect(!FileSystem.exists(s.outside + "/a/tree/new"), "nothing made outside")
        try FileManager.default.createDirectory(atPath: s.outside + "/a/empty/below", withIntermediateDirectories: true)
        FileSystem.pruneEmptyParents(of: "a/empty/below/file", under: s.location)
        #expect(FileSystem.kind(at: s.outside + "/a/empty/below") == .directory, "nothing pruned outside")

        let made = try FileSystem.makeDirectories("b/c/d", under: s.location)
        #expect(made == ["b", "b/c", "b/c/d"].map { s.location + "/" + $0 })
        try Data().write(to: URL(fileURLWithPath: s.location + "/b/keep"))
        FileSystem.pruneEmptyParents(of: "b/c/d/file", under: s.location)
        #expect(!FileSystem.exists(s.location + "/b/c") && FileSystem.exists(s.location + "/b/keep"), "pruned up to the first directory not empty")
    }

    @Test func renameNoReplaceKeepsWhatIsThere() throws {
        let s = try Scratch()
        defer { s.remove() }
        let other = s.location + "/other"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        #expect {
            try FileSystem.renameNoReplace(other, s.tree)
        } throws: { ($0 as? IOFailure)?.errno == EEXIST }
        #expect(FileSystem.exists(other) && FileSystem.kind(at: s.tree + "/data/objects/f0") == .file)
        try FileSystem.renameNoReplace(other, s.location + "/moved")
        #expect(FileSystem.kind(at: s.location + "/moved") == .directory && !FileSystem.exists(other))
    }

    /// Where the kernel or filesystem lacks RENAME_NOREPLACE, the target is looked at first.
    @Test func withoutNoReplaceTheTargetIsLookedAtFirst() throws {
        let s = try Scratch()
        defer { s.remove() }
        try FileManager.default.createDirectory(atPath: s.location + "/other", withIntermediateDirectories: true)
        let dir = open(s.location, O_RDONLY | O_DIRECTORY)
        defer { close(dir) }
        #expect(FileSystem.renameUnlessPresent(dir, "other", dir, "a") == -1 && errno == EEXIST)
        #expect(FileSystem.kind(at: s.tree + "/data/objects/f0") == .file && FileSystem.exists(s.location + "/other"))
        #expect(FileSystem.renameUnlessPresent(dir, "other", dir, "moved") == 0)
        #expect(FileSystem.kind(at: s.location + "/moved") == .directory && !FileSystem.exists(s.location + "/other"))
    }

    @Test func removingWhatIsMissingIsFine() throws {
        let s = try Scratch()
        defer { s.remove() }
        try FileSystem.removeTree(s.location + "/missing")
        try FileSystem.removeTree(s.location + "/missing/below")
        try FileSystem.removeTree(s.tree + "/data/objects/f0")
        #expect(FileSystem.kind(at: s.tree + "/data/objects/f1") == .file && !FileSystem.exists(s.tree + "/data/objects/f0"))
    }
}
