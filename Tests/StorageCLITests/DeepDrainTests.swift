import Foundation
import QueueKit
import StorageTesting
import Testing

/// The queue at depth, as a nightly cron leaves it: 200,000 jobs queued by `ping
/// --no-wait`, two real `ss-worker --concurrency 250`, SIGTERM in the middle of the drain.
/// Running never exceeds the workers' concurrency, no lease runs out under an ending
/// waiting to be written, and the shutdown leaves every job succeeded or queued: none
/// running, none failed, none rescued. (Before back-pressure, one worker held 245,000
/// jobs `running` and the rescuer failed them after SIGTERM.)
@Suite(.serialized) struct DeepDrainTests {
    @Test func sigtermInADeepDrainLosesNoEnding() async throws {
        let db = try await TestDatabase.make()
        let total = 200_000, concurrency = 250
        let enqueue = try runCLI(["ping", "--count", String(total), "--no-wait"], databaseURL: db.url, timeout: 120)
        #expect(enqueue.status == 0, "\(enqueue.stderr)")
        let quiet = ["SS_LOG_LEVEL": "warning"]
        let workers = try (0..<2).map { _ in
            try WorkerProcess(databaseURL: db.url, arguments: ["--concurrency", String(concurrency), "--lease-seconds", "3"],
                              environment: quiet)
        }
        var mostRunning = 0, expired = 0
        let end = ContinuousClock.now + .seconds(8)
        while ContinuousClock.now < end {
            mostRunning = max(mostRunning, try await db.scalars("SELECT count(*)::int FROM jobs WHERE state = 'running'", as: Int.self)[0])
            expired += try await db.scalars("SELECT count(*)::int FROM jobs WHERE state = 'running' AND lease_expires_at < now()", as: Int.self)[0]
            try await Task.sleep(for: .milliseconds(200))
        }
        for w in workers { w.signal(SIGTERM) }
        for w in workers { #expect(w.waitForExit(timeout: 40) == 0, "\(w.log)") }

        #expect(mostRunning <= 2 * concurrency, "running never above the workers' concurrency: \(mostRunning)")
        #expect(expired == 0, "no lease ran out under a claimed job")
        let states = Dictionary(uniqueKeysWithValues: try await db.withConnection { c in
            try await c.query("SELECT state, count(*)::int FROM jobs GROUP BY state", logger: db.logger).collect().map { try $0.decode((String, Int).self) }
        })
        #expect(Set(states.keys).isSubset(of: ["succeeded", "queued"]), "none running, failed or retrying after SIGTERM: \(states)")
        #expect(states.values.reduce(0, +) == total)
        #expect(states["succeeded", default: 0] > 2 * concurrency, "the drain got going: \(states)")
        let rescued: [Int] = try await db.scalars("SELECT count(*)::int FROM jobs WHERE errors <> '[]' OR attempt > 1")
        #expect(rescued == [0], "no job was rescued or ran twice")
    }
}
