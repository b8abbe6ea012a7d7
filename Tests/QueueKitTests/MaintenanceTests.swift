import Foundation
import PostgresNIO
import QueueKit
import StorageTesting
import Testing

@Suite struct MaintenanceTests {
    /// Makes a job look claimed by a worker that died `ago` seconds after its lease ran out.
    func orphan(_ db: TestDatabase, attempt: Int, maxAttempts: Int = 25, cancelRequested: Bool = false, leaseLeft: Double = -1) async throws -> UUID {
        let id = try await db.enqueue([NewJob(kind: "system.noop", maxAttempts: maxAttempts)])[0]
        try await db.execute("""
            UPDATE jobs SET state = 'running', attempt = \(attempt), started_at = now(), worker = 'dead:1',
                   lease_expires_at = now() + make_interval(secs => \(leaseLeft)),
                   cancel_requested_at = CASE WHEN \(cancelRequested) THEN now() END
            WHERE id = \(id)
            """)
        return id
    }

    @Test func theRescuerReturnsJobsOfDeadWorkers() async throws {
        let db = try await TestDatabase.queueOnly()
        let retry = try await orphan(db, attempt: 1)
        let spent = try await orphan(db, attempt: 3, maxAttempts: 3)
        let cancelled = try await orphan(db, attempt: 1, cancelRequested: true)
        let alive = try await orphan(db, attempt: 1, leaseLeft: 60)
        let rescued = try await db.withPool { client in
            try await Rescuer(db: client, schema: db.schema, logger: db.logger).runOnce()
        }
        #expect(Set(rescued.map(\.0)) == [retry, spent, cancelled])
        #expect(try await db.job(retry).state == .retryable)
        #expect(try await db.job(spent).state == .failed)
        #expect(try await db.job(cancelled).state == .retryable, "for a worker to undo what it began")
        let cancelSpent = try await orphan(db, attempt: 3, maxAttempts: 3, cancelRequested: true)
        _ = try await db.withPool { client in try await Rescuer(db: client, schema: db.schema, logger: db.logger).runOnce() }
        #expect(try await db.job(cancelSpent).state == .retryable, "even with its attempts spent")
        #expect(try await db.job(alive).state == .running)
        guard case .array(let errors) = try await db.job(retry).errors else { throw TestFailure("no errors") }
        #expect(errors.first?["code"] == .string("lease_expired"))
    }

    /// A cancel asked again of a rescued job on its way to a worker leaves it for that
    /// worker (which undoes what the dead attempt began) rather than ending it in SQL.
    @Test func aSecondCancelOfARescuedJobLeavesItToAWorker() async throws {
        let db = try await TestDatabase.queueOnly()
        let id = try await orphan(db, attempt: 1, cancelRequested: true)
        _ = try await db.withPool { client in try await Rescuer(db: client, schema: db.schema, logger: db.logger).runOnce() }
        let again = try await db.withConnection { c in try await db.queue.cancel(id, on: c) }
        #expect(again == .requested)
        #expect(try await db.job(id).state == .retryable)
    }

    @Test func thePrunerDeletesOnlyFinishedJobsPastRetention() async throws {
        let db = try await TestDatabase.queueOnly()
        let ids = try await db.enqueue((0..<5).map { _ in NewJob(kind: "system.noop") })
        let finish: [(String, Int)] = [("succeeded", 15), ("succeeded", 1), ("failed", 15), ("failed", 91), ("cancelled", 91)]
        for (id, (state, days)) in zip(ids, finish) {
            try await db.execute("""
                UPDATE jobs SET state = \(state), finished_at = now() - make_interval(days => \(Int32(days))) WHERE id = \(id)
                """)
        }
        let running = try await orphan(db, attempt: 1, leaseLeft: 60)
        let deleted = try await db.withPool { client in try await Pruner(db: client, logger: db.logger).runOnce() }
        #expect(deleted == 3)
        let left: [UUID] = try await db.scalars("SELECT id FROM jobs ORDER BY created_at")
        #expect(Set(left) == [ids[1], ids[2], running])
    }
}
