import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// `download/` streams an AIP as stored: a single file as itself, a bag as a tar that
/// `tar` reads back byte for byte, long names included.
@Suite struct V2DownloadTests {
    @Test func aBagIsStreamedAsATarThatUnpacksToTheSameBytes() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let uuid = UUID(), name = "bag-\(uuid.uuidString.lowercased())"
        let deep = "data/objects/" + String(repeating: "a-rather-long-directory-name/", count: 4) + "file-with-a-long-name-too.txt"
        let huge = "data/" + String(repeating: "x", count: 180) + ".bin"
        try BagFixture.make(at: h.locations.incoming + "/" + name, files: [
            "small.txt": Data("hello".utf8), String(deep.dropFirst(5)): BagFixture.randomData(70_000),
            String(huge.dropFirst(5)): BagFixture.randomData(513), "empty.txt": Data(),
        ])
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let job = try await h.storage.submit { r, c in try await r.store(path: name, from: "incoming", to: "vault", on: c) }
            #expect(try await h.storage.finish(job).state == .succeeded)
        }
        let out = h.locations.root + "/download.tar"
        let r = try await h.client.request("GET", "/api/v2/file/\(uuid.uuidString.lowercased())/download/", output: out)
        #expect(r.status == 200 && r.headers["content-type"] == "application/x-tar")
        #expect(r.headers["content-disposition"] == "attachment; filename=\"\(name).tar\"")
        let size = try FileSystem.size(of: out)
        #expect(r.headers["content-length"] == "\(size)" && size % 512 == 0)
        let unpacked = h.locations.root + "/unpacked"
        try FileManager.default.createDirectory(atPath: unpacked, withIntermediateDirectories: true)
        let tar = try runProcess("/usr/bin/tar", ["-xf", out, "-C", unpacked], environment: [:], timeout: 30)
        #expect(tar.status == 0, "\(tar.stderr)")
        let original = try PackageVerifier.verify(try await h.storage.package(uuid).fullPath, side: "stored", control: TransferControl())
        let copy = try PackageVerifier.verify(unpacked + "/" + name, side: "download", control: TransferControl())
        #expect(copy.sha256 == original.sha256 && copy.files == original.files, "the same files, names and bytes")
        #expect(FileManager.default.fileExists(atPath: unpacked + "/" + name + "/" + deep))

        let head = try await h.client.request("HEAD", "/api/v2/file/\(uuid.uuidString.lowercased())/download/")
        #expect(head.status == 200 && head.headers["content-length"] == "\(size)")
    }

    @Test func aSingleFileAIPIsStreamedAsItself() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let uuid = UUID(), name = "aip-\(uuid.uuidString.lowercased()).bin"
        let bytes = BagFixture.randomData(3_000_000)
        try bytes.write(to: URL(fileURLWithPath: h.locations.incoming + "/" + name))
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let job = try await h.storage.submit { r, c in try await r.store(path: name, from: "incoming", to: "vault", on: c) }
            #expect(try await h.storage.finish(job).state == .succeeded)
            let r = try await h.client.get("/api/v2/file/\(uuid.uuidString.lowercased())/download/")
            #expect(r.status == 200 && r.body == bytes && r.headers["content-disposition"] == "attachment; filename=\"\(name)\"")
            #expect(r.headers["content-length"] == "\(bytes.count)")

            let deleted = try await h.storage.submit { r, c in try await r.delete(uuid, reason: "test", on: c) }
            #expect(try await h.storage.finish(deleted).state == .succeeded)
            let gone = try await h.client.get("/api/v2/file/\(uuid.uuidString.lowercased())/download/")
            #expect(gone.status == 409 && gone.object.text("error")?.contains("deleted") == true)
        }
        #expect(try await h.client.get("/api/v2/file/\(UUID())/download/").status == 404)
    }
}
