import Foundation
import PostgresNIO
import QueueKit
import StorageTesting
import Testing
@testable import StorageKit

/// Store, move, fixity and delete on real files and a real PostgreSQL, run by in-process
/// workers with the storage handlers.
@Suite struct AIPJobTests {
    func verify(_ path: String) throws -> PackageReport {
        try PackageVerifier.verify(path, side: "test", control: TransferControl())
    }

    @Test func aBagIsStoredMovedAcrossAndWithinFilesystemsCheckedAndDeleted() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let aip = UUID()
        try BagFixture.random(at: h.locations.incoming + "/bag-\(aip.uuidString.lowercased())", count: 20, size: 50_000)
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let store = try await h.submit { r, c in try await r.store(path: "bag-\(aip.uuidString.lowercased())", from: "incoming", to: "vault", on: c) }
            #expect(try await h.finish(store).state == .succeeded)
            var p = try await h.package(aip)
            #expect(p.status == .stored)
            #expect(p.path == PackageLayout.path(uuid: aip, name: "bag-\(aip.uuidString.lowercased())"))
            #expect(p.fullPath.hasPrefix(h.locations.vault + "/"))
            #expect(try verify(p.fullPath).sha256 == p.sha256)
            #expect(FileSystem.exists(h.locations.incoming + "/bag-\(aip.uuidString.lowercased())"), "the source is kept")

            let across = try await h.submit { r, c in try await r.move(aip, to: "offsite", on: c) }
            #expect(try await h.finish(across).state == .succeeded)
            p = try await h.package(aip)
            #expect(p.locationName == "offsite" && p.status == .stored && p.cleanupPath == nil)
            #expect(try verify(p.fullPath).sha256 == p.sha256)
            #expect(h.locations.copies(named: p.name) == 2, "the stored AIP once, and the kept source")
            #expect(!h.locations.everything().contains { $0.hasPrefix("vault/") }, "the old copy and its directories are gone")

            let back = try await h.submit { r, c in try await r.move(aip, to: "vault", on: c) }
            #expect(try await h.finish(back).state == .succeeded)
            let within = try await h.submit { r, c in try await r.move(aip, to: "vault2", on: c) }
            #expect(try await h.finish(within).state == .succeeded)
            p = try await h.package(aip)
            #expect(p.locationName == "vault2")
            #expect(try verify(p.fullPath).sha256 == p.sha256)
            let events = try await h.events(aip)
            #expect(events.map { "\($0.type) \($0.outcome)" } == ["stored ok", "moved ok", "moved ok", "moved ok"])
            #expect(events[1].detail.contains("copied and verified"))
            #expect(events[3].detail.contains("renamed"), "within one filesystem a move is a rename")
            #expect(!h.locations.everything().contains { $0.hasPrefix("vault/") || $0.hasPrefix("offsite/") })

            let fixity = try await h.submit { r, c in try await r.fixity(aip, on: c) }
            let checked = try await h.finish(fixity)
            #expect(checked.state == .succeeded)
            #expect(checked.result?["sha256"] == .string(p.sha256!))

            let delete = try await h.submit { r, c in try await r.delete(aip, reason: "test over", on: c) }
            #expect(try await h.finish(delete).state == .succeeded)
            #expect(try await h.package(aip).status == .deleted)
            let last = try #require(try await h.events(aip).last)
            #expect(last.type == "deletion" && last.detail == "test over" && last.actor == "tester@test")
            #expect(h.locations.everything().allSatisfy { $0.hasPrefix("incoming/") }, "\(h.locations.everything())")
        }
    }

    @Test func aSingleFileAIPTakesItsUUIDFromItsNameAndRemoveSourceRemovesIt() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let aip = UUID()
        let name = "transfer-\(aip.uuidString.lowercased()).bin"
        let bytes = BagFixture.randomData(3_000_000)
        try bytes.write(to: URL(fileURLWithPath: h.locations.incoming + "/" + name))
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let store = try await h.submit { r, c in try await r.store(path: name, from: "incoming", to: "offsite", removeSource: true, on: c) }
            let job = try await h.finish(store)
            #expect(job.state == .succeeded)
            #expect(job.packageUUID == aip)
            let p = try await h.package(aip)
            #expect(p.sha256 == BagFixture.sha256(bytes))
            #expect(p.size == 3_000_000)
            #expect(try Data(contentsOf: URL(fileURLWithPath: p.fullPath)) == bytes)
            #expect(!FileSystem.exists(h.locations.incoming + "/" + name), "--remove-source")
            #expect(h.locations.everything() == PackageLayout.path(uuid: aip, name: name).split(separator: "/").indices.map {
                "offsite/" + PackageLayout.path(uuid: aip, name: name).split(separator: "/")[...$0].joined(separator: "/")
            })
        }
    }

    @Test func aCorruptBagIsRefusedWithTheBadFileNamedAndNothingLeftBehind() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let source = h.locations.incoming + "/corrupt"
        try BagFixture.make(at: source, files: ["ok.txt": Data("fine".utf8), "rotten.txt": Data("original".utf8)])
        try Data("bitrot!!".utf8).write(to: URL(fileURLWithPath: source + "/data/rotten.txt"))
        let aip = UUID()
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let store = try await h.submit { r, c in try await r.store(path: "corrupt", from: "incoming", to: "offsite", uuid: aip, removeSource: true, on: c) }
            let job = try await h.finish(store)
            #expect(job.state == .failed)
            #expect(job.attempt == 1, "a bag invalid at its source is not retried")
            guard case .array(let errors) = job.errors, let error = errors.last else { throw TestFailure("no error") }
            #expect(error["code"] == .string("bag_invalid"))
            guard case .string(let message) = error["message"] else { throw TestFailure("no message") }
            #expect(message.contains("data/rotten.txt"), "\(message)")
            #expect(try await h.package(aip).status == .failed)
            #expect(try await h.events(aip).map(\.outcome) == ["failed"])
            #expect(h.locations.everything().allSatisfy { $0.hasPrefix("incoming/") }, "nothing in offsite: \(h.locations.everything())")
            #expect(try Data(contentsOf: URL(fileURLWithPath: source + "/data/rotten.txt")) == Data("bitrot!!".utf8), "the source is untouched")
        }
    }

    /// Stores a bag of three small files as `aip` in vault, with workers running.
    func storeSmallBag(_ h: StorageHarness, _ aip: UUID) async throws {
        try BagFixture.random(at: h.locations.incoming + "/b", count: 3, size: 1000)
        let store = try await h.submit { r, c in try await r.store(path: "b", from: "incoming", to: "vault", uuid: aip, on: c) }
        #expect(try await h.finish(store).state == .succeeded)
    }

    /// A delete asked to cancel while its worker lay dead does nothing when the next
    /// worker claims it: the AIP stays stored, whole.
    @Test func aDeleteCancelledWhileItsWorkerWasDeadDeletesNothing() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let aip = UUID()
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in try await storeSmallBag(h, aip) }
        let delete = try await h.submit { r, c in try await r.delete(aip, reason: "test", on: c) }
        try await h.db.execute("""
            UPDATE jobs SET state = 'running', attempt = 1, started_at = now(), worker = 'dead:1',
                   lease_expires_at = now() - interval '1 s', cancel_requested_at = now() WHERE id = \(delete)
            """)
        try await h.db.execute("UPDATE packages SET status = 'deleting' WHERE uuid = \(aip)")
        _ = try await h.db.withPool { client in try await Rescuer(db: client, schema: h.db.schema, logger: h.db.logger).runOnce() }
        let job = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in try await h.finish(delete) }
        #expect(job.state == .cancelled)
        let p = try await h.package(aip)
        #expect(p.status == .stored)
        #expect(try verify(p.fullPath).sha256 == p.sha256, "whole")
    }

    /// A directory that lost its bagit.txt after the job's check is still no AIP.
    @Test func aDirectoryThatIsNoBagIsNeverCopiedAsAnAIP() throws {
        let dir = FileManager.default.temporaryDirectory.path + "/ss-plain-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/tree/objects", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/tree/objects/x.txt"))
        #expect { try PackageCopier.copy(from: dir + "/tree", to: dir + "/copy", control: TransferControl()) } throws: {
            "\($0)".contains("bagit.txt is missing")
        }
        #expect(!FileSystem.exists(dir + "/copy"))
        #expect(try PackageCopier.copy(from: dir + "/tree", to: dir + "/dip", type: .dip, control: TransferControl()).files == 1)
    }

    @Test func fixityNamesTheFilesThatChanged() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let aip = UUID()
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            try await storeSmallBag(h, aip)
            let p = try await h.package(aip)
            try Data("tampered".utf8).write(to: URL(fileURLWithPath: p.fullPath + "/data/objects/file-1.bin"))
            let fixity = try await h.submit { r, c in try await r.fixity(aip, on: c) }
            let job = try await h.finish(fixity)
            #expect(job.state == .failed)
            guard case .array(let errors) = job.errors, case .string(let message) = errors.last?["message"] else { throw TestFailure("no error") }
            #expect(errors.last?["code"] == .string("fixity_failed"))
            #expect(message.contains("data/objects/file-1.bin"), "\(message)")
            let event = try #require(try await h.events(aip).last)
            #expect(event.type == "fixity" && event.outcome == "failed" && event.detail.contains("data/objects/file-1.bin"))
            #expect(try await h.package(aip).status == .stored, "a failed check changes nothing but the history")
        }
    }

    @Test func submissionsAreCheckedBeforeAnythingIsEnqueued() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let aip = UUID()
        try BagFixture.random(at: h.locations.incoming + "/b", count: 2, size: 100)
        try FileManager.default.createDirectory(atPath: h.locations.incoming + "/plain", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: h.locations.incoming + "/b/data/escape", withDestinationPath: "/etc")
        @Sendable func code(_ body: @escaping @Sendable (AIPRequests, PostgresConnection) async throws -> UUID) async -> QueueError.Code? {
            do { _ = try await h.submit(body); return nil } catch let e as QueueError { return e.code } catch { return nil }
        }
        #expect(await code { r, c in try await r.store(path: "b", from: "incoming", to: "vault", uuid: aip, on: c) } == .invalidInput, "symlink inside the bag")
        #expect(await code { r, c in try await r.store(path: "plain", from: "incoming", to: "vault", on: c) } == .invalidInput, "not a bag")
        @Sendable func storageCode(_ body: @escaping @Sendable (AIPRequests, PostgresConnection) async throws -> UUID) async -> StorageError.Code? {
            do { _ = try await h.submit(body); return nil } catch let e as StorageError { return e.code } catch { return nil }
        }
        #expect(await storageCode { r, c in try await r.store(path: "nothing", from: "incoming", to: "vault", on: c) } == .sourceMissing)
        #expect(await storageCode { r, c in try await r.store(path: "../x", from: "incoming", to: "vault", on: c) } == .pathEscape)
        #expect(await code { r, c in try await r.store(path: "b", from: "nowhere", to: "vault", on: c) } == .notFound)
        #expect(await code { r, c in try await r.store(path: "b", from: "vault", to: "incoming", on: c) } == .invalidInput, "a transfer source holds no AIPs")
        #expect(await code { r, c in try await r.move(aip, to: "vault", on: c) } == .notFound, "no such AIP")
        #expect(await code { r, c in try await r.delete(aip, reason: " ", on: c) } == .invalidInput)
        #expect(try await h.jobCount() == 0)

        try FileManager.default.removeItem(atPath: h.locations.incoming + "/b/data/escape")
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let store = try await h.submit { r, c in try await r.store(path: "b", from: "incoming", to: "vault", uuid: aip, on: c) }
            #expect(await code { r, c in try await r.store(path: "b", from: "incoming", to: "vault", uuid: aip, on: c) } == .conflict, "already being stored")
            #expect(try await h.finish(store).state == .succeeded)
        }
        #expect(await code { r, c in try await r.store(path: "b", from: "incoming", to: "vault2", uuid: aip, on: c) } == .conflict, "already stored")
        #expect(await code { r, c in try await r.move(aip, to: "vault", on: c) } == .conflict, "already there")
        #expect(try await h.jobCount() == 1)
        let key = try await h.submit { r, c in try await r.fixity(aip, options: SubmitOptions(idempotencyKey: "k1"), on: c) }
        #expect(try await h.submit { r, c in try await r.fixity(aip, options: SubmitOptions(idempotencyKey: "k1"), on: c) } == key)
        #expect(try await h.jobCount() == 2)
    }

    @Test func aStoreCancelledBeforeItRanLeavesAFailedAIPNotAPendingOne() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try BagFixture.random(at: h.locations.incoming + "/never", count: 2, size: 100)
        let aip = UUID()
        let store = try await h.submit { r, c in try await r.store(path: "never", from: "incoming", to: "vault", uuid: aip, on: c) }
        #expect(try await h.package(aip).status == .pending)
        _ = try await h.db.withConnection { c in try await h.db.queue.cancel(store, on: c) }
        #expect(try await h.package(aip).status == .failed, "no worker will run it: the AIP is not left pending")
        // And it can be stored again.
        let again = try await h.submit { r, c in try await r.store(path: "never", from: "incoming", to: "vault", uuid: aip, on: c) }
        #expect(try await h.db.job(again).state == .queued)
    }
}
