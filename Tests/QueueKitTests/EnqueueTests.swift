import Foundation
import PostgresNIO
import QueueKit
import StorageTesting
import Testing

@Suite struct EnqueueTests {
    @Test func bulkEnqueueReturnsIdsInOrderAndSetsStates() async throws {
        let db = try await TestDatabase.make()
        let later = Date().addingTimeInterval(3600)
        let jobs = [NewJob(kind: "system.noop"), NewJob(kind: "system.noop", runAt: later), NewJob(kind: "system.noop", priority: 5)]
        let ids = try await db.enqueue(jobs)
        #expect(ids == jobs.map(\.id))
        #expect(try await db.job(ids[0]).state == .queued)
        #expect(try await db.job(ids[1]).state == .scheduled)
        #expect(try await db.job(ids[2]).priority == 5)
    }

    @Test func theSameIdempotencyKeyGivesTheSameJob() async throws {
        let db = try await TestDatabase.make()
        let first = try await db.enqueue([NewJob(kind: "system.noop", idempotencyKey: "nightly-2026-11-29")])
        let second = try await db.enqueue([NewJob(kind: "system.noop", idempotencyKey: "nightly-2026-11-29"),
                                           NewJob(kind: "system.noop", idempotencyKey: "other")])
        #expect(second[0] == first[0])
        let count: [Int] = try await db.scalars("SELECT count(*) FROM jobs")
        #expect(count == [2])
    }

    @Test func enqueueJoinsTheCallersTransaction() async throws {
        let db = try await TestDatabase.make()
        let job = NewJob(kind: "system.noop")
        struct Rollback: Error {}
        _ = try? await db.withConnection { c in
            try await c.transaction(logger: db.logger) { tx in
                _ = try await db.queue.enqueue([job], on: tx)
                throw Rollback()
            }
        }
        await #expect(throws: QueueError.self) { try await db.job(job.id) }
        try await db.withConnection { c in
            try await c.transaction(logger: db.logger) { tx in _ = try await db.queue.enqueue([job], on: tx) }
        }
        #expect(try await db.job(job.id).state == .queued)
    }

    @Test func unknownJobsAreNotFound() async throws {
        let db = try await TestDatabase.make()
        await #expect { try await db.job(UUID()) } throws: { ($0 as? QueueError)?.code == .notFound }
        await #expect {
            try await db.withConnection { c in try await db.queue.cancel(UUID(), on: c) }
        } throws: { ($0 as? QueueError)?.code == .notFound }
    }
}
