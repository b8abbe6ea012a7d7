import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// `POST file/<u>/recover_aip/` as Archivematica asks for a recovery, reviewed by a person
/// (`ss-cli aip recover-requests`): a damaged AIP is replaced by its verified copy from the
/// recovery location, through the same crash-safe path as a re-ingest's new version.
@Suite struct V2RecoveryTests {
    func ask(_ h: APIHarness, _ aip: UUID, client: HTTPClient? = nil) async throws -> HTTPResult {
        try await (client ?? h.client).post("/api/v2/file/\(aip.uuidString.lowercased())/recover_aip/", json: #"""
            {"event_reason": "fixity failed", "pipeline": "\#(UUID())", "user_id": 1, "user_email": "a@b"}
            """#)
    }

    @Test func aDamagedAIPIsRecoveredFromItsCopyOnceAPersonApproves() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let recovery = h.locations.root + "/recovery"
        try FileManager.default.createDirectory(atPath: recovery, withIntermediateDirectories: true)
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let (aip, name) = try await h.storedAIP()
            let id = aip.uuidString.lowercased()
            let before = try await h.storage.package(aip)
            try FileManager.default.copyItem(atPath: before.fullPath, toPath: recovery + "/" + name)  // the good copy
            try Data("bit rot".utf8).write(to: URL(fileURLWithPath: before.fullPath + "/data/objects/file-0.bin"))
            #expect(try await h.client.get("/api/v2/file/\(id)/check_fixity/").object["success"] == false)

            // Asked for: a request, the AIP untouched; asked again: the same request.
            let asked = try await ask(h, aip)
            #expect(asked.status == 202 && asked.object["message"] == "Recovery request created successfully.", "\(asked.text)")
            let request = try #require(asked.object.integer("id"))
            #expect(try await ask(h, aip).object.integer("id") == request)
            #expect(try await h.client.get("/api/v2/file/\(id)/").json()["status"] == "RECOVER_REQ")
            let reader = try await h.client("reader", scopes: Scopes([.read]))
            #expect(try await ask(h, aip, client: reader).status == 403)
            let bare = try await h.client.post("/api/v2/file/\(id)/recover_aip/", json: "{}")
            #expect(bare.status == 400 && bare.text.contains("event_reason"), "\(bare.text)")
            // Not a deletion: `delete-requests` does not see or decide it.
            let listed = try runCLI(["aip", "delete-requests", "list", "--json"], databaseURL: h.db.url)
            #expect(listed.status == 0 && listed.stdout.isEmpty, "\(listed.stdout)")
            let wrongKind = try runCLI(["aip", "delete-requests", "approve", "\(request)"], databaseURL: h.db.url)
            #expect(wrongKind.status == 66 && wrongKind.stderr.contains("no deletion request \(request)"), "\(wrongKind.stderr)")

            // No recovery location yet: refused, the request still pending.
            let early = try runCLI(["aip", "recover-requests", "approve", "\(request)"], databaseURL: h.db.url)
            #expect(early.status == 65 && early.stderr.contains("needs one aip-recovery location"), "\(early.stderr)")
            let added = try runCLI(["location", "add", "recovery", "--path", recovery, "--purpose", "aip-recovery"], databaseURL: h.db.url,
                                   environment: ["SS_LOCATION_ROOTS": h.locations.root])
            #expect(added.status == 0, "\(added.stderr)")

            let approved = try runCLI(["aip", "recover-requests", "approve", "\(request)", "--reason", "the NAS copy is good"], databaseURL: h.db.url)
            #expect(approved.status == 0, "\(approved.stderr)")
            let job = try #require(UUID(uuidString: approved.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            let record = try await h.storage.finish(job)
            #expect(record.state == .succeeded, "\(record.errors.jsonText)")
            let after = try await h.storage.package(aip)
            #expect(after.sha256 == before.sha256 && after.path == before.path && after.status == .stored && after.cleanupPath == nil)
            #expect(try await h.client.get("/api/v2/file/\(id)/check_fixity/").object["success"] == true)
            #expect(try await h.client.get("/api/v2/file/\(id)/").json()["status"] == "UPLOADED")
            #expect(try await h.storage.events(aip).contains { $0.type == "recovered" && $0.outcome == "ok" })
            let vault = try FileManager.default.contentsOfDirectory(atPath: h.locations.vault)
            #expect(!vault.contains { $0.hasPrefix(".ss-") }, "\(vault)")
            #expect(FileSystem.exists(recovery + "/" + name), "the recovery copy stays")
        }
    }

    /// An AIP an audit found with no good copy (`damaged`) can still be recovered, and is
    /// stored again with its primary ok.
    @Test func anAIPAuditedDamagedIsRecovered() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let recovery = h.locations.root + "/recovery"
        try FileManager.default.createDirectory(atPath: recovery, withIntermediateDirectories: true)
        let added = try runCLI(["location", "add", "recovery", "--path", recovery, "--purpose", "aip-recovery"], databaseURL: h.db.url,
                               environment: ["SS_LOCATION_ROOTS": h.locations.root])
        #expect(added.status == 0, "\(added.stderr)")
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let (aip, name) = try await h.storedAIP()
            let before = try await h.storage.package(aip)
            try FileManager.default.copyItem(atPath: before.fullPath, toPath: recovery + "/" + name)
            try Data("bit rot".utf8).write(to: URL(fileURLWithPath: before.fullPath + "/data/objects/file-0.bin"))
            let audit = try await h.storage.submit { r, c in try await r.submit(.audit(aip), on: c) }
            #expect(try await h.storage.finish(audit).state == .failed)
            #expect(try await h.storage.package(aip).status == .damaged)
            #expect(try await h.client.get("/api/v2/file/\(aip.uuidString.lowercased())/").json()["status"] == "FAIL")

            let request = try #require(try await ask(h, aip).object.integer("id"))
            let approved = try runCLI(["aip", "recover-requests", "approve", "\(request)", "--reason", "the NAS copy is good"], databaseURL: h.db.url)
            #expect(approved.status == 0, "\(approved.stderr)")
            let job = try #require(UUID(uuidString: approved.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(try await h.storage.finish(job).state == .succeeded)
            let after = try await h.storage.package(aip)
            #expect(after.status == .stored && after.primaryState == .ok && after.sha256 == before.sha256)
            #expect(try await h.client.get("/api/v2/file/\(aip.uuidString.lowercased())/check_fixity/").object["success"] == true)
        }
    }

    @Test func aCopyThatIsNotTheAIPChangesNothing() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let recovery = h.locations.root + "/recovery"
        try FileManager.default.createDirectory(atPath: recovery, withIntermediateDirectories: true)
        _ = try await h.db.withConnection { c in
            try await Locations.add(name: "recovery", path: recovery, purpose: .aipRecovery, on: c, logger: h.db.logger)
        }
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let (aip, name) = try await h.storedAIP()
            let before = try await h.storage.package(aip)
            try BagFixture.random(at: recovery + "/" + name, count: 3, size: 2000)  // a valid bag, another AIP's bytes
            let request = try #require(try await ask(h, aip).object.integer("id"))
            let approved = try runCLI(["aip", "recover-requests", "approve", "\(request)"], databaseURL: h.db.url)
            let job = try #require(UUID(uuidString: approved.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(approved.stderr)")
            let record = try await h.storage.finish(job)
            #expect(record.state == .failed && record.errors.jsonText.contains("not_this_aip"), "\(record.errors.jsonText)")
            let after = try await h.storage.package(aip)
            #expect(after.sha256 == before.sha256 && after.status == .stored)
            #expect(try PackageVerifier.verify(after.fullPath, side: "test", control: TransferControl()).sha256 == before.sha256, "untouched")
            let vault = try FileManager.default.contentsOfDirectory(atPath: h.locations.vault)
            #expect(!vault.contains { $0.hasPrefix(".ss-") }, "\(vault)")
        }
    }

    /// The case recovery is most for: the AIP is gone from its place. The copy is put there;
    /// and a delete of an AIP closes its pending recovery request, rejected.
    @Test func aMissingAIPIsRecoveredAndADeleteClosesARecoveryRequest() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let recovery = h.locations.root + "/recovery"
        try FileManager.default.createDirectory(atPath: recovery, withIntermediateDirectories: true)
        _ = try await h.db.withConnection { c in
            try await Locations.add(name: "recovery", path: recovery, purpose: .aipRecovery, on: c, logger: h.db.logger)
        }
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let (aip, name) = try await h.storedAIP()
            let before = try await h.storage.package(aip)
            try FileManager.default.copyItem(atPath: before.fullPath, toPath: recovery + "/" + name)
            try FileManager.default.removeItem(atPath: before.fullPath)
            let request = try #require(try await ask(h, aip).object.integer("id"))
            let approved = try runCLI(["aip", "recover-requests", "approve", "\(request)"], databaseURL: h.db.url)
            let job = try #require(UUID(uuidString: approved.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(approved.stderr)")
            #expect(try await h.storage.finish(job).state == .succeeded)
            #expect(try PackageVerifier.verify(before.fullPath, side: "test", control: TransferControl()).sha256 == before.sha256, "back at its place")

            // A recovery pending, then the AIP deleted: the request is closed, rejected.
            let second = try #require(try await ask(h, aip).object.integer("id"))
            let deleted = try runCLI(["aip", "delete", aip.uuidString, "--reason", "withdrawn", "--wait"], databaseURL: h.db.url)
            #expect(deleted.status == 0, "\(deleted.stderr)")
            let listed = try runCLI(["aip", "recover-requests", "list", "--all", "--json"], databaseURL: h.db.url)
            let closed = try listed.stdout.split(separator: "\n").map { try JSONValue(jsonText: String($0)) }.first { $0.integer("id") == second }
            #expect(closed?["status"] == "rejected" && closed?.text("decision_reason")?.contains("the AIP was deleted") == true, "\(listed.stdout)")
        }
    }
}
