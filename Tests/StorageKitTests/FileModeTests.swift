import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// Stored copies are not world-readable, and never more open than their sources.
@Suite struct FileModeTests {
    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func storedFilesAre0640DirectoriesAre0750AndA0600SourceStays0600() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let name = "aip-\(UUID().uuidString.lowercased())"
        let bag = h.locations.incoming + "/" + name
        try BagFixture.random(at: bag, count: 3, size: 100)
        let files = try FileManager.default.subpathsOfDirectory(atPath: bag + "/data").sorted()
            .filter { FileSystem.kind(at: bag + "/data/" + $0) == .file }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: bag + "/bagit.txt")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: bag + "/data/" + files[0])
        let (job, moved) = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let job = try await h.finish(try await h.submit { r, c in try await r.store(path: name, from: "incoming", to: "vault", on: c) })
            let uuid = try #require(job.packageUUID)
            // A copy across filesystems makes its files anew.
            let moved = try await h.finish(try await h.submit { r, c in try await r.move(uuid, to: "offsite", on: c) })
            return (job, moved)
        }
        #expect(job.state == .succeeded && moved.state == .succeeded)
        let stored = try await h.package(try #require(job.packageUUID)).fullPath
        #expect(try Self.mode(stored + "/bagit.txt") == 0o640, "0644 source, 0640 copy")
        #expect(try Self.mode(stored + "/data/" + files[0]) == 0o600, "a 0600 source is never widened")
        #expect(try Self.mode(stored + "/data") == 0o750)
        #expect(try Self.mode(stored) == 0o750)
        for path in try FileManager.default.subpathsOfDirectory(atPath: stored) {
            #expect(try Self.mode(stored + "/" + path) & 0o007 == 0, "\(path) is not world-readable")
        }
    }
}
