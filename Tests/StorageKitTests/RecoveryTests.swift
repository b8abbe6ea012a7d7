import Foundation
import PostgresNIO
import QueueKit
import StorageTesting
import Testing
@testable import StorageKit

/// States a crash or an interrupted job can leave behind, and what the next job makes of them.
@Suite struct RecoveryTests {
    func storedBag(_ h: StorageHarness, in location: String = "vault") async throws -> Package {
        let aip = UUID()
        try BagFixture.random(at: h.locations.incoming + "/b", count: 3, size: 1000)
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let store = try await h.submit { r, c in try await r.store(path: "b", from: "incoming", to: location, uuid: aip, removeSource: true, on: c) }
            #expect(try await h.finish(store).state == .succeeded)
        }
        return try await h.package(aip)
    }

    @Test func aCopyThatDoesNotVerifyIsKeptWhenItIsTheOnlyOne() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let p = try await storedBag(h)
        // As a same-filesystem move leaves it when killed after its rename: the AIP at the
        // new place, the row still at the old one, `moving`. And the AIP has rotted.
        let moved = h.locations.vault2 + "/" + p.path
        try FileManager.default.createDirectory(atPath: (moved as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: p.fullPath, toPath: moved)
        try BagFixture.randomData(1000).write(to: URL(fileURLWithPath: moved + "/data/objects/file-0.bin"))
        try await h.db.execute("UPDATE packages SET status = 'moving' WHERE uuid = \(p.uuid)")
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let move = try await h.submit { r, c in try await r.move(p.uuid, to: "vault2", on: c) }
            let job = try await h.finish(move)
            #expect(job.state == .failed)
            guard case .array(let errors) = job.errors else { throw TestFailure("no errors") }
            #expect(errors.last?["code"] == .string("checksum_mismatch"))
        }
        #expect(FileManager.default.fileExists(atPath: moved + "/data/objects/file-0.bin"), "the only copy is left for a person")
        #expect(try await h.package(p.uuid).status == .stored, "the move is undone in the row")
    }

    @Test func aLeftoverCopyOfAnotherJobIsRemovedBeforeAMove() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let p = try await storedBag(h)
        let stray = h.locations.vault2 + "/" + p.path
        try FileManager.default.createDirectory(atPath: stray, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: stray + "/leftover"))
        try await h.db.execute("UPDATE packages SET cleanup_path = \(stray), cleanup_job = \(UUID()) WHERE uuid = \(p.uuid)")
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let move = try await h.submit { r, c in try await r.move(p.uuid, to: "offsite", on: c) }
            #expect(try await h.finish(move).state == .succeeded)
        }
        let after = try await h.package(p.uuid)
        #expect(after.locationName == "offsite" && after.cleanupPath == nil, "the move itself happened")
        #expect(!FileManager.default.fileExists(atPath: stray))
        #expect(h.locations.copies(named: p.name) == 1)
    }

    @Test func locationsMayNotOverlapOrAliasEachOther() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let inside = h.locations.vault + "/sub"
        try FileManager.default.createDirectory(atPath: inside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: h.locations.root + "/alias", withDestinationPath: h.locations.vault)
        for (name, path) in [("inner", inside), ("alias", h.locations.root + "/alias"), ("outer", h.locations.root)] {
            await #expect(throws: QueueError.self, "\(name)") {
                try await h.db.withConnection { c in _ = try await Locations.add(name: name, path: path, purpose: .aipStorage, on: c, logger: h.db.logger) }
            }
        }
    }

    @Test func aBatchsJobsOnOneAIPRunInLineOrder() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let p = try await storedBag(h)
        try await withWorkers(h.db, handlers: StorageJobs.handlers, configure: { $0.concurrency = 4 }) { _ in
            let batch = try await h.db.withConnection { c in
                try await h.requests.submitBatch([(1, .fixity(p.uuid)), (2, .move(p.uuid, to: "vault2")), (3, .fixity(p.uuid)),
                                                  (4, .delete(p.uuid, reason: "done"))], on: c)
            }
            _ = try await h.db.withConnection { c in try await h.db.queue.waitForBatch(batch.id, timeout: .seconds(60), on: c) }
        }
        let events = try await h.events(p.uuid).map { "\($0.type) \($0.outcome)" }
        #expect(events == ["stored ok", "fixity ok", "moved ok", "fixity ok", "deletion ok"])
    }

    @Test func aDeleteNeverFollowsALinkOutOfItsLocation() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let p = try await storedBag(h)
        let outside = h.locations.root + "/precious"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: outside + "/file"))
        // Planted after the store, as a person with a shell might.
        try FileManager.default.createSymbolicLink(atPath: p.fullPath + "/data/link", withDestinationPath: outside)
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let delete = try await h.submit { r, c in try await r.delete(p.uuid, reason: "test", on: c) }
            #expect(try await h.finish(delete).state == .succeeded)
        }
        #expect(!FileManager.default.fileExists(atPath: p.fullPath))
        #expect(try Data(contentsOf: URL(fileURLWithPath: outside + "/file")) == Data("keep".utf8), "the link was removed, not followed")
    }
}
