import Foundation
import NIOCore
@testable import StorageAPI
import StorageKit
import StorageTesting
import Testing

/// Downloads open files as copies do: nothing outside the location is ever served, and a
/// symlink or a FIFO in a stored AIP is a clear 409, not a 500 or a hung server.
@Suite struct DownloadSafetyTests {
    /// A directory outside every location, with a file an attacker wants.
    static func secrets() throws -> String {
        let dir = FileManager.default.temporaryDirectory.path + "/ss-secret-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("TOPSECRET".utf8).write(to: URL(fileURLWithPath: dir + "/a.txt"))
        return dir
    }

    @Test func aSymlinkOrFIFOInAStoredAIPIsAClearErrorAndServesNothing() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let secret = try Self.secrets()
        defer { try? FileManager.default.removeItem(atPath: secret) }
        let (linked, piped) = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in (try await h.storedAIP(), try await h.storedAIP()) }

        // The bag's payload directory swapped for a symlink to the secrets.
        let data = try await h.storage.package(linked.uuid).fullPath + "/data"
        try FileManager.default.removeItem(atPath: data)
        try FileManager.default.createSymbolicLink(atPath: data, withDestinationPath: secret)
        let r = try await h.client.get("/api/v2/file/\(linked.uuid)/download/")
        #expect(r.status == 409 && (r.object.text("error") ?? "").contains("is a symlink"), "\(r.status) \(r.text.prefix(300))")
        #expect(!r.text.contains("TOPSECRET"))

        // A FIFO where a file was: refused at once (opening it would block the server).
        let fifo = try await h.storage.package(piped.uuid).fullPath + "/data/fifo"
        #expect(mkfifo(fifo, 0o644) == 0)
        let started = ContinuousClock.now
        let p = try await h.client.request("GET", "/api/v2/file/\(piped.uuid)/download/", timeout: 20)
        #expect(p.status == 409 && (p.object.text("error") ?? "").contains("not a regular file"), "\(p.status) \(p.text.prefix(300))")
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(try await h.client.get("/api/health").status == 200, "the server is still answering")
    }

    @Test func aSingleFileAIPSwappedForASymlinkIsRefused() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let secret = try Self.secrets()
        defer { try? FileManager.default.removeItem(atPath: secret) }
        let uuid = UUID()
        try Data(repeating: 7, count: 5000).write(to: URL(fileURLWithPath: h.locations.incoming + "/f-\(uuid).bin"))
        let stored = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            try await h.storage.finish(try await h.storage.submit { r, c in try await r.store(path: "f-\(uuid).bin", from: "incoming", to: "vault", on: c) })
        }
        let path = try await h.storage.package(try #require(stored.packageUUID)).fullPath
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: secret + "/a.txt")
        let r = try await h.client.get("/api/v2/file/\(try #require(stored.packageUUID))/download/")
        #expect(r.status == 409 && !r.text.contains("TOPSECRET"), "\(r.status) \(r.text)")
    }

    /// A directory swapped for a symlink after the tree was walked (the header of the tar
    /// already promised its files) gets neither the files' bytes nor their names sent.
    @Test func aDirectorySwappedAfterTheWalkLeaksNothing() async throws {
        let root = FileManager.default.temporaryDirectory.path + "/ss-tar-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/bag/data", withIntermediateDirectories: true)
        try Data("public".utf8).write(to: URL(fileURLWithPath: root + "/bag/bagit.txt"))
        try Data("mine".utf8).write(to: URL(fileURLWithPath: root + "/bag/data/a.txt"))
        let secret = try Self.secrets()
        defer { try? FileManager.default.removeItem(atPath: secret) }
        let tar = try TarStream(directory: root + "/bag", name: "bag")
        try FileManager.default.removeItem(atPath: root + "/bag/data")
        try FileManager.default.createSymbolicLink(atPath: root + "/bag/data", withDestinationPath: secret)
        var sent = Data()
        await #expect(throws: (any Error).self) {
            try await tar.write { buffer in sent.append(contentsOf: buffer.readableBytesView) }
        }
        #expect(!String(decoding: sent, as: UTF8.self).contains("TOPSECRET"), "no byte from outside")
        #expect(!String(decoding: sent, as: UTF8.self).contains("bag/data/a.txt"), "not even the name of the file behind the link")
    }
}
