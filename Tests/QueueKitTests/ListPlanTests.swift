import Foundation
import PostgresNIO
@testable import QueueKit
import StorageTesting
import Testing

/// `job list` on a big table reads a page, not the table: its plan is a backward walk of
/// `jobs_listed` per state, merged, with no sort, with and without a cursor, and pages
/// are newest first without gaps or repeats, across states.
@Suite struct ListPlanTests {
    func plan(_ db: TestDatabase, _ filter: JobFilter) async throws -> String {
        let q = JobsSQL.list(filter)
        let explain = PostgresQuery(unsafeSQL: "EXPLAIN " + q.sql, binds: q.binds)
        return try await db.withConnection { c in
            try await c.transaction(logger: db.logger) { tx in
                try await tx.run(JobsSQL.inIndexOrder, logger: db.logger)
                return try await tx.query(explain, logger: db.logger).collect().map { try $0.decode(String.self) }.joined(separator: "\n")
            }
        }
    }

    /// A sort node in the plan (a Merge Append's sort key is not one).
    func sorts(_ plan: String) -> Bool {
        plan.split(separator: "\n").contains { $0.wholeMatch(of: /\s*(->\s+)?(Incremental )?Sort\s+\(.*/) != nil }
    }

    @Test func aPageReadsOnlyItsRowsWhateverTheTableSize() async throws {
        let db = try await TestDatabase.queueOnly()
        try await db.execute("""
            INSERT INTO jobs (id, kind, state, args, created_at)
            SELECT gen_random_uuid(), 'system.noop', 'queued', '{}', now() - make_interval(secs => i % 5000)
            FROM generate_series(1, 100000) i
            """)
        try await pagesByState(db)  // before autovacuum has analysed the table
        try await db.execute("ANALYZE jobs")
        try await pagesByState(db)
        let first = try await db.withConnection { c in try await db.queue.list(JobFilter(limit: 20), on: c) }
        #expect(first.count == 20)
        for filter in [JobFilter(limit: 20), JobFilter(limit: 20, after: JobCursor(after: first[19])), JobFilter(kind: "system.noop", limit: 20)] {
            let text = try await plan(db, filter)
            #expect(text.contains("Merge Append") && text.contains("Scan Backward using jobs_listed"), "\(text)")
            #expect(!sorts(text), "no sort of the table for a page: \(text)")
        }
        let batch = try await plan(db, JobFilter(batchID: UUID(), limit: 20))
        #expect(batch.contains("Index Scan Backward using jobs_batch_created_id") && !sorts(batch), "\(batch)")
    }

    /// Each state is one range of `jobs_listed`, whatever the statistics say of it (none
    /// failed, none running), and the claim's index is never handed to a page.
    func pagesByState(_ db: TestDatabase) async throws {
        for state in JobState.allCases {
            let text = try await plan(db, JobFilter(state: state, kind: "system.noop", limit: 20))
            #expect(text.contains("Index Scan Backward using jobs_listed") && !sorts(text), "\(state): \(text)")
        }
    }

    @Test func pagesAreNewestFirstWithoutGapsOrRepeats() async throws {
        let db = try await TestDatabase.queueOnly()
        // Jobs made together share created_at; the id breaks the tie.
        let ids = try await db.enqueue((0..<7).map { _ in NewJob(kind: "system.noop") })
        // In three states, so that the page merges the walks of each.
        try await db.execute("UPDATE jobs SET state = 'succeeded', finished_at = now() WHERE id IN (\(ids[1]), \(ids[4]))")
        try await db.execute("UPDATE jobs SET state = 'cancelled', finished_at = now() WHERE id = \(ids[2])")
        var seen: [UUID] = [], cursor: JobCursor?
        repeat {
            let page = try await db.withConnection { c in try await db.queue.list(JobFilter(limit: 3, after: cursor), on: c) }
            seen += page.map(\.id)
            cursor = page.count == 3 ? JobCursor(after: page[2]) : nil
        } while cursor != nil
        #expect(seen == ids.reversed(), "time-ordered ids, newest first")
    }
}
