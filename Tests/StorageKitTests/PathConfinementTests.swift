import Foundation
import QueueKit
import Testing
@testable import StorageKit

/// Paths given by users never leave their location.
@Suite struct PathConfinementTests {
    let root = FileManager.default.temporaryDirectory.path + "/ss-conf-\(UUID().uuidString.prefix(8))"

    func code(_ path: String) -> StorageError.Code? {
        do {
            _ = try PathConfinement.resolve(path, in: root + "/loc", locationName: "loc")
            return nil
        } catch {
            return error.code
        }
    }

    @Test func escapesAreRefusedAndMissingPathsAreNotFound() throws {
        let fm = FileManager.default
        defer { try? fm.removeItem(atPath: root) }
        try fm.createDirectory(atPath: root + "/loc/inside", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/outside", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/loc/inside/file"))
        try fm.createSymbolicLink(atPath: root + "/loc/out", withDestinationPath: root + "/outside")
        try fm.createSymbolicLink(atPath: root + "/loc/in", withDestinationPath: root + "/loc/inside")
        try fm.createSymbolicLink(atPath: root + "/loc/dangling", withDestinationPath: root + "/nowhere")

        #expect(code("inside/file") == nil)
        #expect(code("./inside//file") == nil)
        #expect(code("in/file") == nil, "a symlink that stays inside is fine")
        #expect(try PathConfinement.resolve("in/file", in: root + "/loc", locationName: "loc").hasSuffix("/loc/inside/file"))
        #expect(code("../outside") == .pathEscape)
        #expect(code("inside/../../outside") == .pathEscape)
        #expect(code(root + "/loc/inside/file") == .pathEscape, "absolute")
        #expect(code("out") == .pathEscape, "symlink out of the location")
        #expect(code("out/anything") == .pathEscape, "under a symlink out, even when missing")
        #expect(code(".") == .pathEscape)
        #expect(code("") == .invalidPath)
        #expect(code("missing") == .sourceMissing)
        // A combining mark after `/` makes one Character of them: a split on Characters saw
        // no `..`, while the kernel does. `target` (a copy's destination) would have left
        // the location for its parent.
        #expect(code("../\u{301}x") == .pathEscape)
        #expect(throws: StorageError.self) { try PathConfinement.target("../\u{301}x", in: root + "/loc", locationName: "loc") }
        #expect(throws: StorageError.self) { try PathConfinement.target("inside/../\u{301}../x", in: root + "/loc", locationName: "loc") }
        #expect(code("dangling") == .pathEscape)
    }
}
