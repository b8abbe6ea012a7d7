import Foundation
import PostgresNIO
import QueueKit
import StorageTesting
import Testing

/// Real `ss-worker` processes: exactly-once across processes, SIGKILL rescue, SIGTERM.
@Suite(.serialized) struct WorkerProcessTests {
    @Test func twoWorkerProcessesRunTwoThousandJobsExactlyOnce() async throws {
        let db = try await TestDatabase.make()
        let workers = try (0..<2).map { _ in try WorkerProcess(databaseURL: db.url, arguments: ["--concurrency", "16"]) }
        let r = try runCLI(["ping", "--count", "2000", "--timeout", "120"], databaseURL: db.url, timeout: 150)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("all 2000 succeeded"))
        let bad: [Int] = try await db.scalars("SELECT count(*) FROM jobs WHERE attempt <> 1 OR state <> 'succeeded'")
        #expect(bad == [0], "every job ran once")
        let perWorker: [Int] = try await db.scalars("SELECT count(DISTINCT worker) FROM jobs")
        #expect(perWorker == [2], "both processes took jobs")
        for w in workers { w.signal(SIGTERM) }
        for w in workers { #expect(w.waitForExit(timeout: 20) == 0) }
    }

    @Test func aKilledWorkersJobIsRescuedAndFinishedByAnother() async throws {
        let db = try await TestDatabase.make()
        let id = try await db.enqueue([NewJob(kind: "system.noop", args: ["sleep_ms": 1500])])[0]
        let doomed = try WorkerProcess(databaseURL: db.url, arguments: ["--lease-seconds", "2"])
        try await TestDatabase.eventually("the job runs") { try await db.job(id).state == .running }
        doomed.signal(SIGKILL)
        _ = doomed.waitForExit(timeout: 10)
        let doomedName = try await db.job(id).worker
        let heir = try WorkerProcess(databaseURL: db.url, arguments: ["--lease-seconds", "2"])
        let wait = try runCLI(["job", "wait", "--timeout", "60", id.uuidString], databaseURL: db.url, timeout: 70)
        #expect(wait.status == 0, "\(wait.stderr)")
        let job = try await db.job(id)
        #expect(job.state == .succeeded)
        #expect(job.attempt == 2)
        #expect(job.worker != doomedName)
        guard case .array(let errors) = job.errors else { throw TestFailure("no errors") }
        #expect(errors.count == 1 && errors[0]["code"] == .string("lease_expired"))
        heir.signal(SIGTERM)
        #expect(heir.waitForExit(timeout: 20) == 0)
    }

    @Test func sigtermReleasesUnfinishedJobsAndExitsZero() async throws {
        let db = try await TestDatabase.make()
        let id = try await db.enqueue([NewJob(kind: "system.noop", args: ["sleep_ms": 60_000])])[0]
        let worker = try WorkerProcess(databaseURL: db.url, arguments: ["--shutdown-grace", "0.5"])
        try await TestDatabase.eventually("the job runs") { try await db.job(id).state == .running }
        worker.signal(SIGTERM)
        #expect(worker.waitForExit(timeout: 20) == 0, "\(worker.log)")
        let job = try await db.job(id)
        #expect(job.state == .queued)
        #expect(job.attempt == 0)
        #expect(worker.log.contains("job started"))
        #expect(worker.log.contains("released"))
    }

    @Test func cancelStopsARunningJobAndWaitExitsOne() async throws {
        let db = try await TestDatabase.make()
        let id = try await db.enqueue([NewJob(kind: "system.noop", args: ["sleep_ms": 60_000])])[0]
        let worker = try WorkerProcess(databaseURL: db.url, arguments: ["--shutdown-grace", "0.5"])
        try await TestDatabase.eventually("the job runs") { try await db.job(id).state == .running }
        let cancel = try runCLI(["job", "cancel", id.uuidString], databaseURL: db.url)
        #expect(cancel.status == 0)
        let wait = try runCLI(["job", "wait", "--timeout", "20", id.uuidString], databaseURL: db.url, timeout: 30)
        #expect(wait.status == 1)
        #expect(wait.stdout.contains("cancelled"))
        let retry = try runCLI(["job", "retry", id.uuidString], databaseURL: db.url)
        #expect(retry.status == 0)
        #expect(try await db.job(id).state != .cancelled)
        worker.signal(SIGTERM)
        #expect(worker.waitForExit(timeout: 20) == 0)
    }

    @Test func pingWithoutWorkersTimesOutWith75() async throws {
        let db = try await TestDatabase.make()
        let r = try runCLI(["ping", "--timeout", "1"], databaseURL: db.url)
        #expect(r.status == 75)
        #expect(r.stderr.contains("is an ss-worker running"))
        let noWait = try runCLI(["ping", "--count", "3", "--no-wait"], databaseURL: db.url)
        #expect(noWait.status == 0)
        let batch = try #require(UUID(uuidString: noWait.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let inBatch: [Int] = try await db.scalars("SELECT count(*) FROM jobs WHERE batch_id = \(batch)")
        #expect(inBatch == [3])
    }
}
