import Foundation
import StorageTesting
import Testing
@testable import StorageKit

/// Bags validated against their own manifests, on real files.
@Suite struct BagItTests {
    let dir = FileManager.default.temporaryDirectory.path + "/ss-bag-\(UUID().uuidString.prefix(8))"

    func verify(_ path: String) throws -> PackageReport {
        try PackageVerifier.verify(path, side: "source", control: TransferControl())
    }

    func problems(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let invalid as BagInvalid {
            return invalid.problems.map(\.message)
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    @Test func aValidBagVerifiesAndItsDigestCoversEveryFileAndName() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try BagFixture.make(at: dir + "/a", files: ["x.txt": Data("x".utf8), "sub/y.txt": Data("y".utf8)])
        try BagFixture.make(at: dir + "/b", files: ["x.txt": Data("x".utf8), "sub/y.txt": Data("y".utf8)])
        try BagFixture.make(at: dir + "/c", files: ["x.txt": Data("x".utf8), "sub/z.txt": Data("y".utf8)])
        let a = try verify(dir + "/a")
        #expect(a.files == 6)
        let total = try FileSystem.walk(dir + "/a").reduce(Int64(0)) { $0 + $1.size }
        #expect(a.size == total, "the size of a bag is that of all its files")
        #expect(try verify(dir + "/b").sha256 == a.sha256, "same files, same names: same digest")
        #expect(try verify(dir + "/c").sha256 != a.sha256, "a renamed file changes the digest")
    }

    @Test func aCorruptFileIsNamed() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try BagFixture.make(at: dir, files: ["good.txt": Data("good".utf8), "bad.txt": Data("bad".utf8)])
        try Data("BAD".utf8).write(to: URL(fileURLWithPath: dir + "/data/bad.txt"))
        let found = problems { _ = try verify(dir) }
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("data/bad.txt: sha256 is") == true, "\(found)")
    }

    @Test func structuralProblemsAreAllNamed() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try BagFixture.make(at: dir, files: ["a.txt": Data("a".utf8), "gone.txt": Data("g".utf8)])
        try FileManager.default.removeItem(atPath: dir + "/data/gone.txt")
        try Data("extra".utf8).write(to: URL(fileURLWithPath: dir + "/data/extra.txt"))
        try FileManager.default.createSymbolicLink(atPath: dir + "/data/link", withDestinationPath: "/etc/passwd")
        let found = problems { _ = try BagPlan.read(dir, side: "source") }
        #expect(found.contains("data/gone.txt: listed in manifest-sha256.txt but missing"))
        #expect(found.contains("data/extra.txt: not listed in manifest-sha256.txt"))
        #expect(found.contains { $0.hasPrefix("data/link: a symlink") })
        #expect(found.contains { $0.hasPrefix("bag-info.txt: Payload-Oxum says 2 bytes in 2 files") })
        // Sorted by kind, for fixity reports.
        do {
            _ = try BagPlan.read(dir, side: "source")
        } catch let invalid as BagInvalid {
            let kinds = Dictionary(grouping: invalid.problems, by: \.kind).mapValues { $0.map(\.path).sorted() }
            #expect(kinds[.missing] == ["data/gone.txt"] && kinds[.untracked] == ["data/extra.txt"])
            #expect(kinds[.invalid] == ["bag-info.txt", "data/link"], "\(kinds)")
        }
    }

    @Test func aTamperedTagFileIsCaughtByTheTagManifest() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try BagFixture.make(at: dir, files: ["a.txt": Data("a".utf8)])
        try Data("Payload-Oxum: 1.1\nSource-Organization: someone else\n".utf8).write(to: URL(fileURLWithPath: dir + "/bag-info.txt"))
        let found = problems { _ = try verify(dir) }
        #expect(found.count == 1 && found[0].hasPrefix("bag-info.txt: sha256 is"), "\(found)")
    }

    @Test func md5ManifestsAndEncodedPathsAreUnderstood() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try BagFixture.make(at: dir, files: ["100%.txt": Data("p".utf8)], algorithm: "md5")
        let manifest = try String(contentsOfFile: dir + "/manifest-md5.txt", encoding: .utf8)
        try Data(manifest.replacingOccurrences(of: "100%", with: "100%25").utf8)
            .write(to: URL(fileURLWithPath: dir + "/manifest-md5.txt"))
        // The tag manifest no longer matches the rewritten manifest: drop it for this check.
        try FileManager.default.removeItem(atPath: dir + "/tagmanifest-md5.txt")
        #expect(try verify(dir).files == 4)
    }

    @Test func aDirectoryWithoutBagitTxtIsNotABag() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(!BagPlan.isBag(dir))
        #expect(problems { _ = try BagPlan.read(dir, side: "source") } == ["bagit.txt is missing or not UTF-8"])
    }
}
