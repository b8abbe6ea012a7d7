import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// Cancelling a running store or move removes its partial copy and leaves the source and
/// the package as they were. The worker copies slowly (`SS_TEST_SLOW_COPY_MS`) so that
/// the cancel lands mid-copy.
@Suite(.serialized) struct CancelCopyTests {
    @Test func cancellingAStoreMidCopyLeavesNothingBehind() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let bytes = BagFixture.randomData(48 << 20)
        try bytes.write(to: URL(fileURLWithPath: h.locations.incoming + "/big.bin"))
        let worker = try WorkerProcess(databaseURL: h.db.url, environment: ["SS_TEST_SLOW_COPY_MS": "500"])
        let submit = try runCLI(["aip", "store", "big.bin", "--from", "incoming", "--to", "offsite"], databaseURL: h.db.url)
        let job = try #require(UUID(uuidString: submit.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let aip = try #require(try await h.db.job(job).packageUUID)
        try await cancelMidCopy(h, job)
        #expect(try await h.package(aip).status == .pending, "as it was")
        #expect(try Data(contentsOf: URL(fileURLWithPath: h.locations.incoming + "/big.bin")) == bytes, "the source is untouched")
        #expect(h.locations.everything() == ["incoming/big.bin"], "no partial copy: \(h.locations.everything())")
        worker.signal(SIGTERM)
        #expect(worker.waitForExit(timeout: 20) == 0)
    }

    @Test func cancellingAMoveMidCopyLeavesTheAIPWhereItWas() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try BagFixture.make(at: h.locations.incoming + "/b", files: ["big.bin": BagFixture.randomData(48 << 20)])
        let aip = UUID()
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let store = try await h.submit { r, c in try await r.store(path: "b", from: "incoming", to: "vault", uuid: aip, removeSource: true, on: c) }
            #expect(try await h.finish(store).state == .succeeded)
        }
        let before = try await h.package(aip)
        let worker = try WorkerProcess(databaseURL: h.db.url, environment: ["SS_TEST_SLOW_COPY_MS": "500"])
        let submit = try runCLI(["aip", "move", aip.uuidString, "--to", "offsite"], databaseURL: h.db.url)
        let job = try #require(UUID(uuidString: submit.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        try await cancelMidCopy(h, job)
        let after = try await h.package(aip)
        #expect(after == before, "the package is as it was")
        #expect(try PackageVerifier.verify(after.fullPath, side: "test", control: TransferControl()).sha256 == before.sha256)
        #expect(!h.locations.everything().contains { $0.hasPrefix("offsite/") }, "\(h.locations.everything())")
        worker.signal(SIGTERM)
        #expect(worker.waitForExit(timeout: 20) == 0)
    }

    /// Waits until the job has copied something, cancels it, and waits for it to end.
    private func cancelMidCopy(_ h: StorageHarness, _ job: UUID) async throws {
        try await TestDatabase.eventually("the copy is under way", timeout: .seconds(60)) {
            let j = try await h.db.job(job)
            return (j.state == .running && (j.progress.done ?? 0) > 0) || ![.queued, .running].contains(j.state)
        }
        let running = try await h.db.job(job)
        #expect(running.state == .running, "still copying when cancelled")
        let progress = running.progress
        #expect((progress.done ?? 0) < (progress.total ?? 0), "cancelled mid-copy")
        #expect(try runCLI(["job", "cancel", job.uuidString], databaseURL: h.db.url).status == 0)
        let wait = try runCLI(["job", "wait", "--timeout", "30", job.uuidString], databaseURL: h.db.url, timeout: 40)
        #expect(wait.status == 1)
        #expect(try await h.db.job(job).state == .cancelled)
    }
}

/// `--wait --progress` off a terminal: plain lines with bytes, rate and ETA.
@Suite struct CopyProgressTests {
    @Test func waitProgressPrintsPlainLinesWithRateAndETA() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try BagFixture.randomData(40 << 20).write(to: URL(fileURLWithPath: h.locations.incoming + "/f.bin"))
        let worker = try WorkerProcess(databaseURL: h.db.url, environment: ["SS_TEST_SLOW_COPY_MS": "400"])
        let r = try runCLI(["aip", "store", "f.bin", "--from", "incoming", "--to", "offsite", "--wait", "--progress", "--timeout", "60"],
                           databaseURL: h.db.url, timeout: 70)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.contains { $0.contains("%") && $0.contains("MiB/s") && $0.contains("ETA") }, "\(r.stderr)")
        #expect(!r.stderr.contains("\u{1B}["), "no terminal control codes off a terminal")
        worker.signal(SIGTERM)
        #expect(worker.waitForExit(timeout: 20) == 0)
    }
}
