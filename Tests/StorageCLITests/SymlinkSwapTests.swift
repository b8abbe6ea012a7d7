import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// A directory inside a bag swapped for a symlink while the bag is being copied (after
/// every check at submission passed): what the symlink leads to must not be copied in.
/// The worker copies slowly (`SS_TEST_SLOW_COPY_MS`) so that the swap lands mid-copy.
@Suite(.serialized) struct SymlinkSwapTests {
    @Test func aDirectorySwappedForASymlinkMidCopyIsRefusedNotFollowed() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let bag = h.locations.incoming + "/bag"
        var files: [String: Data] = [:]
        for i in 0..<6 { files["objects/f\(i).bin"] = BagFixture.randomData(1000) }
        try BagFixture.make(at: bag, files: files)
        // The same names outside every location, with other bytes.
        let outside = h.locations.root + "/secret"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        for i in 0..<6 { try Data("secret \(i)".utf8).write(to: URL(fileURLWithPath: outside + "/f\(i).bin")) }

        let worker = try WorkerProcess(databaseURL: h.db.url, environment: ["SS_TEST_SLOW_COPY_MS": "400"])
        var options = SubmitOptions()
        options.maxAttempts = 1
        let job = try await h.submit { [options] r, c in try await r.store(path: "bag", from: "incoming", to: "vault", options: options, on: c) }
        try await TestDatabase.eventually("the copy starts", timeout: .seconds(30)) { try await h.db.job(job).state == .running }
        try await Task.sleep(for: .milliseconds(300))
        try FileManager.default.moveItem(atPath: bag + "/data/objects", toPath: bag + "/objects-aside")
        try FileManager.default.createSymbolicLink(atPath: bag + "/data/objects", withDestinationPath: outside)
        let ended = try await h.finish(job)
        #expect(ended.state == .failed, "\(ended.errors.jsonText)")
        guard case .array(let errors) = ended.errors, case .string(let message)? = errors.last?["message"] else { throw TestFailure("no error") }
        // Refused on open, not only later when the copy failed to verify against the manifest.
        #expect(errors.last?["code"] == .string("path_escape") && message.contains("swapped in"), "\(message)")
        let stored = h.locations.everything().filter { $0.hasPrefix("vault/") }
        #expect(stored.isEmpty, "nothing copied in: \(stored)")
        worker.signal(SIGTERM)
        #expect(worker.waitForExit(timeout: 20) == 0)
    }

    /// The same on the writing side: a directory of the copy being made (in the
    /// destination's temporary) swapped for a symlink must not send files through it.
    @Test func aDestinationDirectorySwappedForASymlinkMidCopyGetsNothingWritten() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let aip = UUID()
        var files: [String: Data] = [:]
        for i in 0..<6 { files["objects/f\(i).bin"] = BagFixture.randomData(1000) }
        try BagFixture.make(at: h.locations.incoming + "/bag", files: files)
        let outside = h.locations.root + "/elsewhere"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)

        let worker = try WorkerProcess(databaseURL: h.db.url, environment: ["SS_TEST_SLOW_COPY_MS": "400"])
        var options = SubmitOptions()
        options.maxAttempts = 1
        let job = try await h.submit { [options] r, c in
            try await r.store(path: "bag", from: "incoming", to: "vault", uuid: aip, options: options, on: c)
        }
        let temporary = h.locations.vault + "/" + PackageLayout.temporaryName(uuid: aip, purpose: "copy")
        try await TestDatabase.eventually("the copy's directories exist", timeout: .seconds(30)) {
            FileManager.default.fileExists(atPath: temporary + "/data/objects")
        }
        try FileManager.default.moveItem(atPath: temporary + "/data/objects", toPath: h.locations.root + "/objects-aside")
        try FileManager.default.createSymbolicLink(atPath: temporary + "/data/objects", withDestinationPath: outside)
        let ended = try await h.finish(job)
        #expect(ended.state == .failed, "\(ended.errors.jsonText)")
        guard case .array(let errors) = ended.errors, case .string(let message)? = errors.last?["message"] else { throw TestFailure("no error") }
        #expect(errors.last?["code"] == .string("path_escape") && message.contains("swapped in"), "\(message)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty, "nothing written through the symlink")
        worker.signal(SIGTERM)
        #expect(worker.waitForExit(timeout: 20) == 0)
    }
}

