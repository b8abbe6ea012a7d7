import Foundation
import PostgresNIO
@testable import QueueKit
import StorageTesting
import Testing

/// After a drain, the claim's scan steps over a dead entry per claimed job until the
/// table is vacuumed; the vacuumer does that once the dead rows reach its threshold, and
/// the claim's scan is short again.
@Suite struct VacuumerTests {
    /// Pages one claim's scan reads (shared buffers hit or read).
    func claimScanPages(_ db: TestDatabase) async throws -> Int {
        let plan = try await db.scalars("""
            EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM jobs WHERE state IN ('queued','scheduled','retryable')
            AND run_at <= now() ORDER BY \(unescaped: JobsSQL.claimOrder) LIMIT 250
            """, as: String.self).joined(separator: "\n")
        let numbers = try Regex(#"Buffers: shared hit=(\d+)(?: read=(\d+))?"#)
        guard let m = plan.firstMatch(of: numbers) else { throw TestFailure("no buffers in \(plan)") }
        return (Int(m.output[1].substring ?? "") ?? 0) + (m.output[2].substring.flatMap { Int($0) } ?? 0)
    }

    @Test func aDrainedHeadIsVacuumedAndTheClaimScanIsShortAgain() async throws {
        let db = try await TestDatabase.queueOnly()
        try await db.execute("ALTER TABLE jobs SET (autovacuum_enabled = false)")  // this test's vacuum, not autovacuum's
        _ = try await db.enqueue((0..<100_000).map { _ in NewJob(kind: "system.noop") })
        // A drain of the first 60,000: claimed, then succeeded, in claim order.
        try await db.execute("""
            UPDATE jobs SET state = 'succeeded', attempt = 1, finished_at = now()
            WHERE id IN (SELECT id FROM jobs ORDER BY priority DESC, run_at, created_at, id LIMIT 60000)
            """)
        var configuration = Vacuumer.Configuration()
        configuration.threshold = 50_000
        let (before, after) = try await db.withPool { pool in
            let vacuumer = Vacuumer(db: pool, configuration: configuration, logger: db.logger)
            _ = try await claimScanPages(db)  // the first scan marks the dead entries; count the next
            let before = try await claimScanPages(db)
            try await TestDatabase.eventually("the statistics count the dead rows") { try await vacuumer.runOnce() }
            let after = try await claimScanPages(db)
            #expect(try await !vacuumer.runOnce(), "nothing dead is left to vacuum for")
            return (before, after)
        }
        #expect(before > 100, "the dead head is long before the vacuum: \(before) pages")
        #expect(after * 10 < before, "and short after it: \(after) pages against \(before)")
        let queued: [Int] = try await db.scalars("SELECT count(*)::int FROM jobs WHERE state = 'queued'")
        #expect(queued == [40_000], "a vacuum loses no job")
    }

    /// On a big table a few dead rows are not worth a read of every index: the vacuumer
    /// waits for a fiftieth of the live rows, whatever its threshold.
    @Test func aBigTableWaitsForAFiftiethOfItsRowsToBeDead() async throws {
        let db = try await TestDatabase.queueOnly()
        try await db.execute("ALTER TABLE jobs SET (autovacuum_enabled = false)")
        _ = try await db.enqueue((0..<100_000).map { _ in NewJob(kind: "system.noop") })
        try await db.execute("DELETE FROM jobs WHERE id IN (SELECT id FROM jobs LIMIT 1500)")
        var configuration = Vacuumer.Configuration()
        configuration.threshold = 1000
        try await TestDatabase.eventually("the statistics count the dead rows") {
            try await db.scalars(JobsSQL.deadRows, as: Int.self).first ?? 0 >= 1500
        }
        let vacuumed = try await db.withPool { pool in try await Vacuumer(db: pool, configuration: configuration, logger: db.logger).runOnce() }
        #expect(!vacuumed, "1,500 dead among 98,500 live is under a fiftieth")
    }

    /// Each worker runs a vacuumer, but the table is vacuumed at most once an interval:
    /// a vacuum that has just ended, anyone's, keeps the others off however much is dead.
    @Test func aVacuumJustEndedKeepsTheOtherWorkersOff() async throws {
        let db = try await TestDatabase.queueOnly()
        try await db.execute("ALTER TABLE jobs SET (autovacuum_enabled = false)")
        _ = try await db.enqueue((0..<30_000).map { _ in NewJob(kind: "system.noop") })
        var everyMinute = Vacuumer.Configuration(), always = Vacuumer.Configuration()
        everyMinute.threshold = 1000; everyMinute.interval = .seconds(60)
        always.threshold = 1000; always.interval = .zero
        let dead: PostgresQuery = "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs LIMIT 5000)"
        let (first, second, unhurried) = try await db.withPool { pool in
            let one = Vacuumer(db: pool, configuration: everyMinute, logger: db.logger)
            let other = Vacuumer(db: pool, configuration: everyMinute, logger: db.logger)
            try await db.execute(dead)
            var first = false
            try await TestDatabase.eventually("the statistics count the dead rows") { first = try await one.runOnce(); return first }
            try await db.execute(dead)
            try await TestDatabase.eventually("the statistics count the new dead rows") {
                try await db.scalars(JobsSQL.deadRows, as: Int.self).first ?? 0 >= 5000
            }
            let second = try await other.runOnce()
            let unhurried = try await Vacuumer(db: pool, configuration: always, logger: db.logger).runOnce()
            return (first, second, unhurried)
        }
        #expect(first, "the first vacuumer vacuums 5,000 dead rows")
        #expect(!second, "another, a moment later, leaves the next 5,000 to the next minute")
        #expect(unhurried, "one with no interval vacuums them")
        let left: [Int] = try await db.scalars("SELECT count(*)::int FROM jobs")
        #expect(left == [20_000], "the vacuums lose no job")
    }
}
