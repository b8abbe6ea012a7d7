import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// A worker process killed with SIGKILL at each step of store and move: after another
/// worker finishes the job, the AIP is present exactly once, valid, at its recorded
/// location, and no temporaries are left.
@Suite(.serialized) struct CrashTests {
    static let storeSteps = ["store.after-copy", "store.after-rename", "store.after-commit",
                             "store.before-source-removal", "store.after-source-removal"]
    /// vault → offsite crosses filesystems (copy); vault → vault2 is a rename.
    static let moveSteps = [("move.after-copy", "offsite"), ("move.after-rename", "offsite"), ("move.after-commit", "offsite"),
                            ("move.before-source-removal", "offsite"), ("move.after-source-removal", "offsite"),
                            ("move.after-rename", "vault2")]

    @Test(arguments: storeSteps)
    func storeSurvivesACrashAt(_ step: String) async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let aip = UUID()
        let name = "bag-\(aip.uuidString.lowercased())"
        try BagFixture.random(at: h.locations.incoming + "/" + name, count: 12, size: 200_000)
        let (job, heirLog) = try await crash(at: step, h) {
            try runCLI(["aip", "store", name, "--from", "incoming", "--to", "offsite", "--remove-source"], databaseURL: h.db.url)
        }
        try await expectOneValidCopy(h, aip, name, in: "offsite", job: job)
        if step.hasSuffix("after-rename") { #expect(heirLog.contains("adopting the complete copy"), "not copied again: \(heirLog)") }
    }

    @Test(arguments: moveSteps)
    func moveSurvivesACrashAt(_ step: String, _ destination: String) async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let (aip, name) = try await storedInVault(h)
        let (job, heirLog) = try await crash(at: step, h) {
            try runCLI(["aip", "move", aip.uuidString, "--to", destination], databaseURL: h.db.url)
        }
        try await expectOneValidCopy(h, aip, name, in: destination, job: job)
        if step.hasSuffix("after-rename") { #expect(heirLog.contains("adopting the complete copy"), "not copied again: \(heirLog)") }
        let events = try await h.events(aip).map(\.type)
        #expect(events == ["stored", "moved"], "one move recorded once")
    }

    /// (step, destination, where the AIP ends): a cancel before the commit undoes the
    /// move, unless only the new place has the AIP (a rename); after it, it is done.
    static let cancelledMoveSteps = [("move.after-copy", "offsite", "vault"), ("move.after-rename", "offsite", "vault"),
                                     ("move.after-rename", "vault2", "vault2"), ("move.after-commit", "offsite", "offsite")]

    /// Cancelled while its worker lies dead at `step`: the heir starts the job stopped, and
    /// the AIP is whole at exactly one place, the one recorded (it was left `moving`).
    @Test(arguments: cancelledMoveSteps)
    func aMoveCancelledWhileItsWorkerIsDeadLeavesTheAIPWholeAtOnePlace(_ step: String, _ destination: String, _ endsIn: String) async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let (aip, name) = try await storedInVault(h)
        let (job, heirLog) = try await crash(at: step, h, cancelWhileDead: true) {
            try runCLI(["aip", "move", aip.uuidString, "--to", destination], databaseURL: h.db.url)
        }
        let record = try await h.db.job(job)
        #expect(record.state == (step.hasSuffix("after-commit") ? .succeeded : .cancelled), "\(record.state): \(heirLog)")
        let p = try await h.package(aip)
        #expect(p.status == .stored && p.locationName == endsIn, "\(p.status) in \(p.locationName)")
        #expect(p.cleanupPath == nil)
        #expect(try PackageVerifier.verify(p.fullPath, side: "test", control: TransferControl()).sha256 == p.sha256)
        #expect(h.locations.copies(named: name) == 1, "exactly once: \(h.locations.everything())")
        #expect(h.locations.temporaries().isEmpty, "\(h.locations.temporaries())")
    }

    /// A copy into a pipeline's shared directory: after the heir finishes, the tree is
    /// there once, whole, and no temporary is left.
    @Test(arguments: ["copy.after-copy", "copy.after-rename"])
    func copyIntoTheSharedDirectorySurvivesACrashAt(_ step: String) async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let shared = h.locations.root + "/shared"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        _ = try await h.db.withConnection { c in
            try await Locations.add(name: "shared", path: shared, purpose: .currentlyProcessing, on: c, logger: h.db.logger)
        }
        _ = try BagFixture.random(at: h.locations.incoming + "/transfer", count: 12, size: 200_000)
        let (job, _) = try await crash(at: step, h) {
            try runCLI(["location", "copy", "incoming", "transfer", "--to", "shared", "--as", "active/transfer"], databaseURL: h.db.url)
        }
        let record = try await h.db.job(job)
        #expect(record.state == .succeeded && record.attempt == 2, "\(record.state) after \(record.attempt) attempts")
        let copied = BagFixture.contents(of: shared + "/active/transfer")
        #expect(copied.count > 12 && copied == BagFixture.contents(of: h.locations.incoming + "/transfer"), "whole, once")
        #expect(try FileManager.default.contentsOfDirectory(atPath: shared) == ["active"], "no temporary left")
    }

    /// A re-ingest's copy into the pipeline's shared directory: after the heir finishes,
    /// `tmp/<bag>` holds what the type sends, once and whole, and the pipeline was called once.
    @Test(arguments: ["reingest.after-copy", "reingest.after-rename"])
    func reingestSurvivesACrashAt(_ step: String) async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let shared = h.locations.root + "/shared"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        let fake = try FakePipeline(shared: shared)
        let pipeline = UUID().uuidString.lowercased()
        try fake.register(pipeline, shared: shared, databaseURL: h.db.url)
        let aip = UUID(), id = aip.uuidString.lowercased(), name = "aip-\(id)"
        var files = ["METS.\(id).xml": Data("<mets:mets/>".utf8), "objects/submissionDocumentation/s.pdf": Data("pdf".utf8)]
        for i in 0..<12 { files["objects/file-\(i).bin"] = BagFixture.randomData(200_000) }
        try BagFixture.make(at: h.locations.incoming + "/" + name, files: files)
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let store = try await h.submit { r, c in try await r.store(path: name, from: "incoming", to: "vault", on: c) }
            #expect(try await h.finish(store).state == .succeeded)
        }
        let (job, _) = try await crash(at: step, h) {
            try runCLI(["aip", "reingest", id, "--pipeline", pipeline, "--type", "objects"], databaseURL: h.db.url)
        }
        let record = try await h.db.job(job)
        #expect(record.state == .succeeded && record.attempt == 2, "\(record.state) after \(record.attempt) attempts")
        let sent = BagFixture.contents(of: shared + "/tmp/" + name)
        let expected = BagFixture.contents(of: h.locations.incoming + "/" + name).filter {
            $0.key.hasPrefix("data/") && !$0.key.hasPrefix("data/objects/submissionDocumentation/")
        }
        #expect(sent.count == 13 && sent == expected, "whole, once: \(sent.keys.sorted())")
        #expect(try FileManager.default.contentsOfDirectory(atPath: shared) == ["tmp"], "no temporary left")
        #expect(try fake.requests().filter { $0["path"] == "/api/ingest/reingest" }.count == 1, "the pipeline is called once")
    }

    /// The end of a re-ingest, killed at each of its steps: after the heir finishes, the AIP
    /// is its merged version, valid, at its place once, with nothing set aside or
    /// temporary left; before the commit the stored version is whole at its place or set
    /// aside, never lost.
    @Test(arguments: [("update.after-build", false), ("update.after-set-aside", false), ("update.after-rename", false),
                      ("update.after-commit", false), ("update.after-set-aside", true)])
    func updateSurvivesACrashAt(_ step: String, _ compressed: Bool) async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let shared = h.locations.root + "/shared"
        try FileManager.default.createDirectory(atPath: shared + "/uploadedAIPs", withIntermediateDirectories: true)
        let fake = try FakePipeline(shared: shared)
        let pipeline = UUID().uuidString.lowercased()
        try fake.register(pipeline, shared: shared, databaseURL: h.db.url)
        let aip = UUID(), id = aip.uuidString.lowercased(), name = "aip-\(id)"
        let files = ReingestFixture.aip(aip)
        let work = h.locations.root + "/work"
        let bag = try BagFixture.make(at: work + "/old/" + name, files: files)
        let new = try BagFixture.make(at: work + "/new/" + name, files: ReingestFixture.reingested(aip, originals: files))
        let stored = compressed ? name + ".7z" : name
        if compressed {
            _ = try BagFixture.archive(bag, as: .sevenZipBzip2, to: h.locations.incoming + "/" + stored)
            _ = try BagFixture.archive(new, as: .sevenZipBzip2, to: shared + "/uploadedAIPs/" + stored)
        } else {
            try FileManager.default.moveItem(atPath: bag, toPath: h.locations.incoming + "/" + name)
            try FileManager.default.moveItem(atPath: new, toPath: shared + "/uploadedAIPs/" + name)
        }
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let store = try await h.submit { r, c in try await r.store(path: stored, from: "incoming", to: "vault", on: c) }
            #expect(try await h.finish(store).state == .succeeded)
        }
        let reingest = try runCLI(["aip", "reingest", id, "--pipeline", pipeline, "--type", "objects"], databaseURL: h.db.url)
        #expect(reingest.status == 0, "\(reingest.stderr)")
        let started = try #require(UUID(uuidString: reingest.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let state = try await h.finish(started).state
            #expect(state == .succeeded)
        }
        let before = try await h.package(aip)
        let (job, _) = try await crash(at: step, h) {
            try runCLI(["aip", "update", id, "--pipeline", pipeline, "--from", "processing-\(pipeline.prefix(8))", "--path", "uploadedAIPs/" + stored],
                       databaseURL: h.db.url)
        }
        let record = try await h.db.job(job)
        #expect(record.state == .succeeded && record.attempt == 2, "\(record.state) after \(record.attempt) attempts: \(record.errors.jsonText)")
        let p = try await h.package(aip)
        #expect(p.status == .stored && p.path == before.path && p.cleanupPath == nil && p.sha256 != before.sha256)
        #expect(try PackageVerifier.verify(p.fullPath, side: "test", control: TransferControl()).sha256 == p.sha256, "valid, and what was recorded")
        var payload: [String: Data]
        if compressed {
            let out = work + "/check"
            let extracted = try runProcess("/usr/bin/7z", ["x", "-o" + out, p.fullPath], environment: [:], timeout: 60)
            #expect(extracted.status == 0)
            payload = BagFixture.contents(of: out + "/" + name)
        } else {
            payload = BagFixture.contents(of: p.fullPath)
        }
        payload = payload.filter { $0.key.hasPrefix("data/") }
        #expect(payload == ReingestFixture.merged(files, aip), "\(payload.keys.sorted())")
        let inVault = h.locations.everything().filter { $0.hasPrefix("vault/") && $0.hasSuffix("/" + stored) }
        #expect(inVault.count == 1, "exactly once: \(inVault)")
        let vault = try FileManager.default.contentsOfDirectory(atPath: h.locations.vault)
        #expect(!vault.contains { $0.hasPrefix(".ss-") }, "nothing set aside or temporary left: \(vault)")
    }

    /// A replica's worker killed after its copy and after its rename: the heir makes or
    /// adopts the one replica, verified, and records it ok; the primary is untouched.
    @Test(arguments: ["replicate.after-copy", "replicate.after-rename"])
    func replicationSurvivesACrashAt(_ step: String) async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try await h.db.execute("UPDATE locations SET purpose = 'replicator' WHERE name = 'offsite'")
        #expect(try runCLI(["location", "update", "vault", "--replicate-to", "offsite"], databaseURL: h.db.url).status == 0)
        let aip = UUID(), name = "bag-\(aip.uuidString.lowercased())"
        try BagFixture.random(at: h.locations.incoming + "/" + name, count: 12, size: 200_000)
        let doomed = try WorkerProcess(databaseURL: h.db.url, arguments: ["--lease-seconds", "2"], environment: ["SS_TEST_CRASH_AT": step])
        let store = try runCLI(["aip", "store", name, "--from", "incoming", "--to", "vault", "--remove-source"], databaseURL: h.db.url)
        #expect(store.status == 0, "\(store.stderr)")
        #expect(doomed.waitForExit(timeout: 60) != nil && doomed.log.contains("SS_TEST_CRASH_AT=\(step): killing myself"), "\(doomed.log)")
        let job = try #require(try await h.db.scalars("SELECT id FROM jobs WHERE kind = 'aip.replicate'", as: UUID.self).first)
        let heir = try WorkerProcess(databaseURL: h.db.url, arguments: ["--lease-seconds", "2"])
        let wait = try runCLI(["job", "wait", "--timeout", "90", job.uuidString], databaseURL: h.db.url, timeout: 100)
        heir.signal(SIGTERM)
        #expect(heir.waitForExit(timeout: 20) == 0)
        #expect(wait.status == 0, "\(wait.stdout) \(wait.stderr) \(heir.log)")
        let record = try await h.db.job(job)
        #expect(record.state == .succeeded && record.attempt == 2, "\(record.state) after \(record.attempt)")
        if step.hasSuffix("after-rename") { #expect(heir.log.contains("adopting the complete copy"), "not copied again: \(heir.log)") }
        let p = try await h.package(aip)
        let copies = try await h.db.withConnection { c in try await Copies.list(aip, on: c, logger: h.db.logger) }
        #expect(copies.count == 1 && copies[0].state == .ok && copies[0].sha256 == p.sha256, "\(copies)")
        for path in [p.fullPath, copies[0].fullPath] {
            #expect(try PackageVerifier.verify(path, side: "test", control: TransferControl()).sha256 == p.sha256, "\(path)")
        }
        #expect(h.locations.copies(named: name) == 2, "the primary and its replica, once each: \(h.locations.everything())")
        #expect(h.locations.temporaries().isEmpty, "\(h.locations.temporaries())")
    }

    /// A repair's worker killed after its verified copy and after the swap: the heir
    /// verifies every copy again, repairs what is still bad, removes what the first left
    /// (the copy, or the bad one swapped out), and every copy ends ok and equal.
    @Test(arguments: ["repair.after-copy", "repair.after-rename"])
    func repairSurvivesACrashAt(_ step: String) async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try await h.db.execute("UPDATE locations SET purpose = 'replicator' WHERE name = 'offsite'")
        #expect(try runCLI(["location", "update", "vault", "--replicate-to", "offsite"], databaseURL: h.db.url).status == 0)
        let (aip, name) = try await storedInVault(h)
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            for job in try await h.db.scalars("SELECT id FROM jobs WHERE kind = 'aip.replicate'", as: UUID.self) {
                #expect(try await h.finish(job).state == .succeeded)
            }
        }
        let p = try await h.package(aip)
        let good = BagFixture.contents(of: p.fullPath)
        let replica = try #require(try await h.db.withConnection { c in try await Copies.list(aip, on: c, logger: h.db.logger) }.first)
        try Data("rot".utf8).write(to: URL(fileURLWithPath: replica.fullPath + "/data/objects/file-3.bin"))

        let doomed = try WorkerProcess(databaseURL: h.db.url, arguments: ["--lease-seconds", "2"], environment: ["SS_TEST_CRASH_AT": step])
        let audit = try runCLI(["aip", "audit", aip.uuidString], databaseURL: h.db.url)
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(doomed.waitForExit(timeout: 60) != nil && doomed.log.contains("SS_TEST_CRASH_AT=\(step): killing myself"), "\(doomed.log)")
        let job = try #require(UUID(uuidString: audit.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let heir = try WorkerProcess(databaseURL: h.db.url, arguments: ["--lease-seconds", "2"])
        let wait = try runCLI(["job", "wait", "--timeout", "90", job.uuidString], databaseURL: h.db.url, timeout: 100)
        heir.signal(SIGTERM)
        #expect(heir.waitForExit(timeout: 20) == 0)
        #expect(wait.status == 0, "\(wait.stdout) \(wait.stderr) \(heir.log)")
        #expect(try await h.db.job(job).attempt == 2)
        let copies = try await h.db.withConnection { c in try await Copies.list(aip, on: c, logger: h.db.logger) }
        #expect(copies.count == 1 && copies[0].state == .ok, "\(copies)")
        for path in [p.fullPath, copies[0].fullPath] { #expect(BagFixture.contents(of: path) == good, "\(path)") }
        #expect(try await h.package(aip).status == .stored)
        #expect(h.locations.copies(named: name) == 2, "the primary and its replica, once each: \(h.locations.everything())")
        #expect(h.locations.temporaries().isEmpty, "\(h.locations.temporaries())")
    }

    /// A bag of twelve files stored in vault (its source removed), to be moved.
    private func storedInVault(_ h: StorageHarness) async throws -> (UUID, String) {
        let aip = UUID()
        let name = "bag-\(aip.uuidString.lowercased())"
        try BagFixture.random(at: h.locations.incoming + "/" + name, count: 12, size: 200_000)
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let store = try await h.submit { r, c in try await r.store(path: name, from: "incoming", to: "vault", removeSource: true, on: c) }
            #expect(try await h.finish(store).state == .succeeded)
        }
        return (aip, name)
    }

    /// Submits with a worker that dies at `step` (and cancels the job while it lies dead
    /// if asked), then lets a healthy worker finish.
    private func crash(at step: String, _ h: StorageHarness, cancelWhileDead: Bool = false,
                       submit: () throws -> CommandResult) async throws -> (UUID, String) {
        let doomed = try WorkerProcess(databaseURL: h.db.url, arguments: ["--lease-seconds", "2"],
                                       environment: ["SS_TEST_CRASH_AT": step])
        let submitted = try submit()
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let job = try #require(UUID(uuidString: submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(doomed.waitForExit(timeout: 60) != nil, "the worker reached \(step)")
        #expect(doomed.log.contains("SS_TEST_CRASH_AT=\(step): killing myself"), "\(doomed.log)")
        if cancelWhileDead {
            let cancel = try runCLI(["job", "cancel", job.uuidString], databaseURL: h.db.url)
            let state = try await h.db.job(job).state
            #expect(cancel.status == 0 && state == .running, "asked of a running job: \(cancel.stderr)")
        }
        let heir = try WorkerProcess(databaseURL: h.db.url, arguments: ["--lease-seconds", "2"])
        let wait = try runCLI(["job", "wait", "--timeout", "90", job.uuidString], databaseURL: h.db.url, timeout: 100)
        #expect(wait.status == 0 || (cancelWhileDead && wait.status == 1), "\(wait.stdout) \(wait.stderr) \(heir.log)")
        heir.signal(SIGTERM)
        #expect(heir.waitForExit(timeout: 20) == 0)
        return (job, heir.log)
    }

    private func expectOneValidCopy(_ h: StorageHarness, _ aip: UUID, _ name: String, in location: String, job: UUID) async throws {
        let record = try await h.db.job(job)
        #expect(record.state == .succeeded)
        #expect(record.attempt == 2, "the first attempt died")
        let p = try await h.package(aip)
        #expect(p.status == .stored)
        #expect(p.locationName == location)
        #expect(p.cleanupPath == nil)
        let report = try PackageVerifier.verify(p.fullPath, side: "test", control: TransferControl())
        #expect(report.sha256 == p.sha256, "valid, and what was recorded")
        #expect(h.locations.copies(named: name) == 1, "exactly once: \(h.locations.everything())")
        #expect(h.locations.temporaries().isEmpty, "\(h.locations.temporaries())")
    }
}
