import Foundation
import PostgresNIO
@testable import QueueKit
import StorageTesting
import Testing

/// `job list` on a big table reads a page, not the table: its plan is a backward walk of
/// the `(created_at, id)` index with no sort, with and without a cursor, and pages are
/// newest first without gaps or repeats.
@Suite struct ListPlanTests {
    func plan(_ db: TestDatabase, _ filter: JobFilter) async throws -> String {
        let q = JobsSQL.list(filter)
        let explain = PostgresQuery(unsafeSQL: "EXPLAIN " + q.sql, binds: q.binds)
        return try await db.withConnection { c in
            try await c.query(explain, logger: db.logger).collect().map { try $0.decode(String.self) }.joined(separator: "\n")
        }
    }

    @Test func aPageReadsOnlyItsRowsWhateverTheTableSize() async throws {
        let db = try await TestDatabase.make()
        try await db.execute("""
            INSERT INTO jobs (id, kind, state, args, created_at)
            SELECT gen_random_uuid(), 'system.noop', 'queued', '{}', now() - make_interval(secs => i % 5000)
            FROM generate_series(1, 100000) i
            """)
        try await db.execute("ANALYZE jobs")
        let first = try await db.withConnection { c in try await db.queue.list(JobFilter(limit: 20), on: c) }
        #expect(first.count == 20)
        for filter in [JobFilter(limit: 20), JobFilter(limit: 20, after: JobCursor(after: first[19])), JobFilter(kind: "system.noop", limit: 20)] {
            let text = try await plan(db, filter)
            #expect(text.contains("Index Scan Backward using jobs_created_id"), "\(text)")
            #expect(!text.contains("Sort"), "no sort of the table for a page: \(text)")
        }
        // A state that no job is in (none failed) is found empty at once, not by a walk of every job.
        let failed = try await plan(db, JobFilter(state: .failed, limit: 20))
        #expect(failed.contains("Index Scan Backward using jobs_few_states") && !failed.contains("Sort"), "\(failed)")
        let running = try await plan(db, JobFilter(state: .running, limit: 20))
        #expect(running.contains("jobs_lease"), "running jobs are listed from the index that holds only them: \(running)")
        let batch = try await plan(db, JobFilter(batchID: UUID(), limit: 20))
        #expect(batch.contains("Index Scan Backward using jobs_batch_created_id") && !batch.contains("Sort"), "\(batch)")
    }

    @Test func pagesAreNewestFirstWithoutGapsOrRepeats() async throws {
        let db = try await TestDatabase.make()
        // Jobs made together share created_at; the id breaks the tie.
        let ids = try await db.enqueue((0..<7).map { _ in NewJob(kind: "system.noop") })
        var seen: [UUID] = [], cursor: JobCursor?
        repeat {
            let page = try await db.withConnection { c in try await db.queue.list(JobFilter(limit: 3, after: cursor), on: c) }
            seen += page.map(\.id)
            cursor = page.count == 3 ? JobCursor(after: page[2]) : nil
        } while cursor != nil
        #expect(seen == ids.reversed(), "time-ordered ids, newest first")
    }
}
