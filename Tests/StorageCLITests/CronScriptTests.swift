import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// docs/cron.md's nightly move, run as cron would run it: it moves everything once, a
/// re-run the same night submits nothing, and a failure is mailed.
@Suite struct CronScriptTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("contrib/cron/nightly-move").path

    func run(_ h: StorageHarness, from: String, to: String, extra: [String: String] = [:], path: String? = nil) throws -> CommandResult {
        var env: [String: String] = ["FROM": from, "TO": to, "SS_DATABASE_URL": h.db.url, "NO_COLOR": "1", "TIMEOUT": "60",
                                     "PATH": (path.map { $0 + ":" } ?? "") + Binaries.directory + ":/usr/bin:/bin"]
        env.merge(extra) { $1 }
        return try runProcess("/bin/sh", [Self.script], environment: env, timeout: 90)
    }

    @Test func theNightlyMoveMovesEverythingOnceAndMailsFailures() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let aips = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            var aips: [UUID] = []
            for i in 0..<3 {
                try BagFixture.random(at: h.locations.incoming + "/bag\(i)", count: 2, size: 2000)
                let job = try await h.submit { r, c in try await r.store(path: "bag\(i)", from: "incoming", to: "vault", removeSource: true, on: c) }
                #expect(try await h.finish(job).state == .succeeded)
                aips.append(try #require(try await h.db.job(job).packageUUID))
            }
            return aips
        }
        let empty = try run(h, from: "vault2", to: "vault")
        #expect(empty.status == 0 && empty.stderr.contains("nothing to do"), "\(empty.stderr)")

        let worker = try WorkerProcess(databaseURL: h.db.url)
        let first = try run(h, from: "vault", to: "vault2")
        #expect(first.status == 0, "\(first.stderr)")
        for aip in aips { #expect(try await h.package(aip).locationName == "vault2") }
        let jobs = try await h.jobCount()
        let again = try run(h, from: "vault", to: "vault2")
        #expect(again.status == 0 && again.stderr.contains("nothing to do"), "nothing left in vault: \(again.stderr)")
        #expect(try await h.jobCount() == jobs, "a re-run submits nothing")

        // A move whose AIP rotted since it was stored fails, and the report is mailed.
        let rotten = try await h.package(aips[1])
        try BagFixture.randomData(2000).write(to: URL(fileURLWithPath: rotten.fullPath + "/data/objects/file-0.bin"))
        let bin = h.locations.root + "/bin"
        let mailbox = h.locations.root + "/mailbox"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try Data("#!/bin/sh\n{ echo \"to: $3\"; echo \"subject: $2\"; cat; } > \(mailbox)\n".utf8).write(to: URL(fileURLWithPath: bin + "/mail"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/mail")
        let failing = try run(h, from: "vault2", to: "offsite", extra: ["MAILTO": "archivists@example.org"], path: bin)
        #expect(failing.status == 1, "\(failing.stderr)")
        let mail = try String(contentsOfFile: mailbox, encoding: .utf8)
        #expect(mail.contains("to: archivists@example.org"))
        #expect(mail.contains("did not fully succeed") && mail.contains("bag_invalid") && mail.contains("data/objects/file-0.bin"), "\(mail)")
        #expect(try await h.package(aips[1]).locationName == "vault2", "the rotten AIP stays where it was")
        let rerun = try run(h, from: "vault2", to: "offsite", extra: ["MAILTO": "archivists@example.org"], path: bin)
        #expect(rerun.status == 1, "the same night's batch, waited for again: \(rerun.stderr)")
        worker.signal(SIGTERM)
        #expect(worker.waitForExit(timeout: 20) == 0)
    }

    @Test func quietListsPrintOnlyUUIDs() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let r = try runCLI(["location", "list", "-q"], databaseURL: h.db.url)
        let lines = r.stdout.split(separator: "\n")
        #expect(r.status == 0 && lines.count == 4 && lines.allSatisfy { UUID(uuidString: String($0)) != nil })
        let jobs = try runCLI(["job", "list", "--quiet"], databaseURL: h.db.url)
        #expect(jobs.status == 0 && jobs.stdout.isEmpty)
    }
}
