import Foundation
import PostgresNIO
import QueueKit
import StorageTesting
import Testing

@Suite struct WorkerTests {
    func waitAll(_ db: TestDatabase, _ ids: [UUID], timeout: Duration = .seconds(60)) async throws -> [UUID: JobState] {
        try await db.withConnection { c in try await db.queue.wait(for: ids, timeout: timeout, on: c) }
    }

    func noop(_ args: [String: JSONValue] = [:], maxAttempts: Int = 25, package: UUID? = nil) -> NewJob {
        NewJob(kind: "system.noop", args: .object(args), maxAttempts: maxAttempts, packageUUID: package)
    }

    @Test func twoWorkersRunTwoThousandJobsExactlyOnce() async throws {
        let db = try await TestDatabase.queueOnly()
        let ledger = Ledger()
        let ids = try await db.enqueue((0..<2000).map { _ in NewJob(kind: LedgerHandler.kind, maxAttempts: 1) })
        let states = try await withWorkers(db, count: 2, handlers: LedgerHandler.handlers(ledger), configure: { $0.concurrency = 16 }) { _ in
            try await waitAll(db, ids)
        }
        #expect(states.values.allSatisfy { $0 == .succeeded })
        #expect(ledger.runs.count == 2000)
        #expect(ledger.runs.values.allSatisfy { $0 == 1 })
        let attempts: [Int] = try await db.scalars("SELECT count(*) FROM jobs WHERE attempt <> 1 OR state <> 'succeeded'")
        #expect(attempts == [0])
        let workers: [Int] = try await db.scalars("SELECT count(DISTINCT worker) FROM jobs")
        #expect(workers == [2])
    }

    @Test func aRetryableFailureBacksOffAndFailsWhenAttemptsAreSpent() async throws {
        let db = try await TestDatabase.queueOnly()
        let id = try await db.enqueue([noop(["fail": "retryable"], maxAttempts: 3)])[0]
        try await withWorkers(db) { _ in
            try await TestDatabase.eventually("the first attempt failed") { try await db.job(id).state == .retryable }
            let waiting: [Bool] = try await db.scalars("SELECT run_at > now() + interval '0.4 s' FROM jobs WHERE id = \(id)")
            #expect(waiting == [true], "back-off puts run_at in the future")
            for _ in 0..<2 {  // skip the back-off rather than sleep through it
                try await db.execute("UPDATE jobs SET run_at = now() WHERE id = \(id) AND state = 'retryable'")
                try await Task.sleep(for: .milliseconds(300))
            }
            try await TestDatabase.eventually("attempts are spent") { try await db.job(id).state == .failed }
        }
        let job = try await db.job(id)
        #expect(job.attempt == 3)
        guard case .array(let errors) = job.errors else { throw TestFailure("errors is not an array") }
        #expect(errors.count == 3)
        #expect(errors.allSatisfy { $0["code"] == .string("noop_failure") && $0["retryable"] == .bool(true) })
    }

    @Test func aPermanentFailureFailsAtOnce() async throws {
        let db = try await TestDatabase.queueOnly()
        let id = try await db.enqueue([noop(["fail": "permanent"], maxAttempts: 5)])[0]
        let states = try await withWorkers(db) { _ in try await waitAll(db, [id]) }
        #expect(states[id] == .failed)
        let job = try await db.job(id)
        #expect(job.attempt == 1)
        guard case .array(let errors) = job.errors else { throw TestFailure("errors is not an array") }
        #expect(errors.count == 1 && errors[0]["retryable"] == .bool(false))
    }

    @Test func aQueuedJobIsCancelledAtOnceAndCanBeRetried() async throws {
        let db = try await TestDatabase.queueOnly()
        let id = try await db.enqueue([noop()])[0]
        let result = try await db.withConnection { c in try await db.queue.cancel(id, on: c) }
        #expect(result == .cancelled)
        #expect(try await db.job(id).state == .cancelled)
        #expect(try await db.job(id).finishedAt != nil)
        let again = try await db.withConnection { c in try await db.queue.cancel(id, on: c) }
        #expect(again == .alreadyCancelled)
        try await db.withConnection { c in try await db.queue.retry(id, on: c) }
        #expect(try await db.job(id).state == .queued)
        let states = try await withWorkers(db) { _ in try await waitAll(db, [id]) }
        #expect(states[id] == .succeeded)
        await #expect {
            try await db.withConnection { c in try await db.queue.cancel(id, on: c) }
        } throws: { ($0 as? QueueError)?.code == .conflict }
    }

    @Test func aRunningJobIsCancelledAtItsNextCheckpoint() async throws {
        let db = try await TestDatabase.queueOnly()
        let id = try await db.enqueue([noop(["sleep_ms": 60_000])])[0]
        let started = ContinuousClock.now
        let states = try await withWorkers(db) { _ in
            try await TestDatabase.eventually("the job runs") { try await db.job(id).state == .running }
            let r = try await db.withConnection { c in try await db.queue.cancel(id, on: c) }
            #expect(r == .requested)
            return try await waitAll(db, [id], timeout: .seconds(20))
        }
        #expect(states[id] == .cancelled)
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    /// The rescuer hands it to a worker rather than ending it (only the handler knows
    /// what the dead attempt began), and that worker starts it stopped: it ends
    /// `cancelled` at once, not after a minute's sleep or the next heartbeat.
    @Test func aJobCancelledWhileItsWorkerWasDeadIsStoppedAsSoonAsItIsClaimed() async throws {
        let db = try await TestDatabase.queueOnly()
        let id = try await db.enqueue([noop(["sleep_ms": 60_000])])[0]
        try await db.execute("""
            UPDATE jobs SET state = 'running', attempt = 1, started_at = now(), worker = 'dead:1',
                   lease_expires_at = now() - interval '1 s', cancel_requested_at = now() WHERE id = \(id)
            """)
        _ = try await db.withPool { client in try await Rescuer(db: client, schema: db.schema, logger: db.logger).runOnce() }
        #expect(try await db.job(id).state == .retryable, "handed on, not ended")
        let states = try await withWorkers(db) { _ in try await waitAll(db, [id], timeout: .seconds(20)) }
        #expect(states[id] == .cancelled)
        let job = try await db.job(id)
        #expect(job.attempt == 2)
        let quick: [Bool] = try await db.scalars("SELECT finished_at - started_at < interval '1 s' FROM jobs WHERE id = \(id)")
        #expect(quick == [true], "stopped when claimed, not at its next heartbeat")
    }

    @Test func gracefulShutdownLetsShortJobsFinishAndReleasesLongOnes() async throws {
        let db = try await TestDatabase.queueOnly()
        let short = try await db.enqueue([noop(["sleep_ms": 1000])])[0]
        let long = try await db.enqueue([noop(["sleep_ms": 60_000])])[0]
        try await withWorkers(db, configure: { $0.shutdownGrace = .seconds(3); $0.concurrency = 2 }) { _ in
            try await TestDatabase.eventually("both started") {
                let a = try await db.job(short), b = try await db.job(long)
                return a.startedAt != nil && b.state == .running
            }
        }
        #expect(try await db.job(short).state == .succeeded)
        let released = try await db.job(long)
        #expect(released.state == .queued)
        #expect(released.attempt == 0, "releasing does not spend an attempt")
    }

    @Test func oneJobAtATimePerPackage() async throws {
        let db = try await TestDatabase.queueOnly()
        let ledger = Ledger()
        let package = UUID()
        let ids = try await db.enqueue((0..<12).map { _ in
            NewJob(kind: LedgerHandler.kind, args: .object(["sleep_ms": .number(30)]), packageUUID: package)
        } + (0..<12).map { _ in NewJob(kind: LedgerHandler.kind, args: .object(["sleep_ms": .number(30)]), packageUUID: UUID()) })
        let states = try await withWorkers(db, count: 2, handlers: LedgerHandler.handlers(ledger), configure: { $0.concurrency = 6 }) { _ in
            try await waitAll(db, ids)
        }
        #expect(states.values.allSatisfy { $0 == .succeeded })
        #expect(ledger.maxOverlap == 1)
        let attempts: [Int] = try await db.scalars("SELECT max(attempt) FROM jobs")
        #expect(attempts == [1], "waiting for the AIP spends no attempt")
    }

    @Test func scheduledJobsWaitForTheirTimeAndPrioritiesComeFirst() async throws {
        let db = try await TestDatabase.queueOnly()
        let scheduled = try await db.enqueue([NewJob(kind: "system.noop", runAt: Date().addingTimeInterval(1.5))])[0]
        let low = try await db.enqueue([NewJob(kind: "system.noop", priority: -1)])[0]
        let high = try await db.enqueue([NewJob(kind: "system.noop", priority: 10)])[0]
        let otherQueue = try await db.enqueue([NewJob(kind: "system.noop", queue: "elsewhere")])[0]
        try await withWorkers(db, configure: { $0.concurrency = 1; $0.queues = ["default"] }) { _ in
            _ = try await waitAll(db, [low, high])
            _ = try await waitAll(db, [scheduled])
            try await Task.sleep(for: .milliseconds(300))
        }
        let order: [Bool] = try await db.scalars("SELECT (SELECT started_at FROM jobs WHERE id = \(high)) < (SELECT started_at FROM jobs WHERE id = \(low))")
        #expect(order == [true])
        let onTime: [Bool] = try await db.scalars("SELECT started_at >= run_at FROM jobs WHERE id = \(scheduled)")
        #expect(onTime == [true])
        #expect(try await db.job(otherQueue).state == .queued, "a worker of queue default leaves other queues alone")
    }

    @Test func heartbeatsKeepLongJobsAndWriteProgress() async throws {
        let db = try await TestDatabase.queueOnly()
        let id = try await db.enqueue([noop(["sleep_ms": 4000])])[0]
        try await withWorkers(db, configure: { $0.leaseSeconds = 2 }) { client in
            let rescuer = Rescuer(db: client, schema: db.schema, logger: db.logger)
            try await TestDatabase.eventually("progress is written") { (try await db.job(id).progress.total) == 4000 }
            for _ in 0..<8 {
                #expect(try await rescuer.runOnce().isEmpty, "a heartbeating job is never rescued")
                try await Task.sleep(for: .milliseconds(250))
            }
            _ = try await waitAll(db, [id])
        }
        let job = try await db.job(id)
        #expect(job.state == .succeeded && job.attempt == 1)
    }

    @Test func aWorkerThatLostItsLeaseStopsTheJobAndWritesNothing() async throws {
        let db = try await TestDatabase.queueOnly()
        let id = try await db.enqueue([noop(["sleep_ms": 30_000])])[0]
        let started = ContinuousClock.now
        try await withWorkers(db, configure: { $0.leaseSeconds = 1; $0.shutdownGrace = .seconds(20) }) { _ in
            try await TestDatabase.eventually("the job runs") { try await db.job(id).state == .running }
            // As if a rescuer had taken it and another worker had claimed it again.
            try await db.execute("UPDATE jobs SET attempt = attempt + 1, worker = 'elsewhere' WHERE id = \(id)")
            try await Task.sleep(for: .seconds(1.5))
        }
        #expect(ContinuousClock.now - started < .seconds(15), "the job was stopped, not waited for")
        let job = try await db.job(id)
        #expect(job.state == .running && job.attempt == 2 && job.worker == "elsewhere", "the newer attempt's row is untouched")
    }
}
