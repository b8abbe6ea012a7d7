import Foundation
import PostgresNIO
@testable import QueueKit
import StorageTesting
import Testing

/// The worker's and the maintenance loops' statements keep plans that are index lookups
/// whatever the statistics say: on a big table never analysed; on one analysed while
/// nothing ran and then given 50,000 running jobs (the state in which the generic plan of
/// `Finish` walked every running job for each batch, and a deep drain collapsed); and on
/// one analysed while its rows were still being written, which the statistics count as
/// none.
@Suite struct StablePlanTests {
    static let rows = 200_000

    /// When the statistics of the big table are taken.
    enum Statistics { case never, whileAllQueued, whileBeingWritten }

    /// 200,000 jobs: 100,000 queued, 50,000 running, 50,000 just succeeded (nothing to
    /// prune), with statistics taken at `statistics`.
    func bigTable(_ statistics: Statistics) async throws -> TestDatabase {
        let db = try await TestDatabase.queueOnly()
        try await db.execute("ALTER TABLE jobs SET (autovacuum_enabled = false)")  // the statistics are this test's
        // Rows 1–50,000 running, the next 50,000 succeeded, the rest queued (`inStates`), or all queued.
        func insert(inStates: Bool) -> PostgresQuery {
            let n = inStates ? "i" : "\(Self.rows)"
            return PostgresQuery(unsafeSQL: """
                INSERT INTO jobs (id, kind, state, args, attempt, lease_expires_at, finished_at)
                SELECT gen_random_uuid(), 'system.noop', CASE WHEN \(n) <= 50000 THEN 'running' WHEN \(n) <= 100000 THEN 'succeeded' ELSE 'queued' END, '{}',
                       CASE WHEN \(n) <= 100000 THEN 1 ELSE 0 END, CASE WHEN \(n) <= 50000 THEN now() + interval '5 minutes' END,
                       CASE WHEN \(n) > 50000 AND \(n) <= 100000 THEN now() END
                FROM generate_series(1, \(Self.rows)) i
                """)
        }
        switch statistics {
        case .never, .whileAllQueued:
            try await db.execute(insert(inStates: false))
            if statistics == .whileAllQueued { try await db.execute("ANALYZE jobs") }
            try await db.execute("""
                WITH picked AS (SELECT id, row_number() OVER () AS n FROM jobs LIMIT 100000)
                UPDATE jobs j SET state = CASE WHEN n <= 50000 THEN 'running' ELSE 'succeeded' END, attempt = 1,
                       lease_expires_at = CASE WHEN n <= 50000 THEN now() + interval '5 minutes' END,
                       finished_at = CASE WHEN n > 50000 THEN now() END
                FROM picked WHERE j.id = picked.id
                """)
        case .whileBeingWritten:
            // As when autovacuum analyses the table during a bulk enqueue's COPY: the pages
            // are there, and none of their rows is committed yet. (On such statistics the
            // UPDATE above, a join without a MATERIALIZED side, did not end in ten minutes.)
            try await db.withConnection { c in
                try await c.transaction(logger: db.logger) { tx in
                    try await tx.run(insert(inStates: true), logger: db.logger)
                    try await db.execute("ANALYZE jobs")
                }
            }
            let counted = try await db.scalars("SELECT reltuples::int8 FROM pg_class WHERE oid = 'jobs'::regclass", as: Int.self)
            #expect(counted == [0], "the statistics count none of the rows")
        }
        return db
    }

    /// The plan of `sql` as a prepared statement under `mode` (PostgreSQL's choice after
    /// five executions is the generic one), with `arguments` as its EXECUTE list.
    /// `setup`: run first in the same transaction, as the worker runs the claim's.
    func plan(_ db: TestDatabase, _ sql: String, mode: String, arguments: [String], setup: PostgresQuery? = nil) async throws -> String {
        try await db.withConnection { c in
            try await c.transaction(logger: db.logger) { tx in
                if let setup { try await tx.run(setup, logger: db.logger) }
                try await tx.query(PostgresQuery(unsafeSQL: "SET LOCAL plan_cache_mode = \(mode)"), logger: db.logger)
                try await tx.query(PostgresQuery(unsafeSQL: "PREPARE p AS " + sql), logger: db.logger)
                let explain = "EXPLAIN EXECUTE p(" + arguments.joined(separator: ", ") + ")"
                let text = try await tx.query(PostgresQuery(unsafeSQL: explain), logger: db.logger).collect()
                    .map { try $0.decode(String.self) }.joined(separator: "\n")
                try await tx.query("DEALLOCATE p", logger: db.logger)
                return text
            }
        }
    }

    /// The claim's plan as the worker runs it, under `mode`, for `kinds`.
    func claimPlan(_ db: TestDatabase, mode: String, kinds: String = "'{system.noop}'::text[]") async throws -> String {
        try await plan(db, JobsSQL.Claim.sql, mode: mode, arguments: ["'{}'::text[]", kinds, "250", "60", "'w'"], setup: JobsSQL.inIndexOrder)
    }

    func expectIndexWalk(_ text: String, _ mode: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(text.contains("Index Scan using jobs_claimable"), "\(mode): \(text)", sourceLocation: sourceLocation)
        #expect(!text.contains("Bitmap") && !text.contains("Seq Scan on jobs") && !text.contains("jobs_listed"),
                "\(mode): \(text)", sourceLocation: sourceLocation)
    }

    /// The batch statements, each with its EXECUTE list for a batch of `ids` (nil: all NULL).
    func batchStatements(_ ids: [UUID]?) -> [(String, String, [String])] {
        let n = ids?.count ?? 0
        func array(_ element: String, _ type: String) -> String {
            ids == nil ? "NULL" : "'{" + Array(repeating: element, count: n).joined(separator: ",") + "}'::\(type)[]"
        }
        let uuids = ids.map { "'{" + $0.map(\.uuidString).joined(separator: ",") + "}'::uuid[]" } ?? "NULL"
        let text = array("\"\"", "text")
        return [
            ("Finish", JobsSQL.Finish.sql, [uuids, array("1", "int4"), array("succeeded", "text"), text, text, array("0", "float8"), "'a'", "'b'"]),
            ("Heartbeat", JobsSQL.Heartbeat.sql, [uuids, array("1", "int4"), array("-1", "int8"), array("-1", "int8"), "60"]),
            ("Release", JobsSQL.Release.sql, [uuids, array("1", "int4"), "'b'"]),
        ]
    }

    /// The plan reaches jobs through an index condition on their id, not a walk of an index.
    func looksUpByID(_ plan: String) -> Bool {
        plan.contains("Index Cond: (id = ") || plan.contains("Index Cond: ((id = ")
    }

    func checkBatchStatements(_ db: TestDatabase) async throws {
        let running = try await db.scalars("SELECT id FROM jobs WHERE state = 'running' LIMIT 1000", as: UUID.self)
        for mode in ["force_generic_plan", "force_custom_plan"] {
            for (name, sql, arguments) in batchStatements(mode == "force_generic_plan" ? nil : running) {
                let text = try await plan(db, sql, mode: mode, arguments: arguments, setup: JobsSQL.inIndexOrder)
                #expect(text.contains("Index Scan using jobs_pkey on jobs j") && looksUpByID(text), "\(name), \(mode): \(text)")
                #expect(!text.contains("jobs_lease") && !text.contains("jobs_listed") && !text.contains("Seq Scan on jobs"), "\(name), \(mode): \(text)")
            }
        }
        let rescue = try await explain(db, JobsSQL.rescue(limit: 1000, schema: db.schema))
        // An index scan in lease order, or a bitmap of the expired leases: only they are read.
        #expect(rescue.contains(" jobs_lease") && rescue.contains(" jobs_pkey") && looksUpByID(rescue), "rescue: \(rescue)")
        #expect(!rescue.contains("Seq Scan on jobs"), "rescue: \(rescue)")
        let prune = try await explain(db, JobsSQL.prune(succeededSeconds: 86400, otherSeconds: 7 * 86400, limit: 1000))
        #expect(prune.contains("Index Cond: ((state = 'succeeded'::text) AND (finished_at <"), "the successes due are one index range: \(prune)")
        #expect(!prune.contains("Seq Scan on jobs"), "prune: \(prune)")
    }

    func explain(_ db: TestDatabase, _ query: PostgresQuery) async throws -> String {
        try await db.scalars(PostgresQuery(unsafeSQL: "EXPLAIN " + query.sql, binds: query.binds), as: String.self).joined(separator: "\n")
    }

    @Test func plansStayLookupsOnATableNeverAnalysed() async throws {
        try await checkBatchStatements(try await bigTable(.never))
    }

    @Test func plansStayLookupsWhenTheStatisticsSayNothingRuns() async throws {
        try await checkBatchStatements(try await bigTable(.whileAllQueued))
    }

    /// Statistics that count no row in pages holding 200,000 make PostgreSQL cost every
    /// index alike, and a lookup by id walked the whole of an index with `id` as its last
    /// column (`Finish` took 8 s a batch at a million, and the drain fell to 80 jobs/s).
    /// Only the primary key holds `id` itself, so it is the only index a lookup can use.
    @Test func plansStayLookupsWhenTheStatisticsCountNoRow() async throws {
        let db = try await bigTable(.whileBeingWritten)
        try await checkBatchStatements(db)
        let id = try await db.scalars("SELECT id FROM jobs LIMIT 1", as: UUID.self)[0]
        for (name, query) in [("get", JobsSQL.get(id)), ("lockState", JobsSQL.lockState(id))] {
            let text = try await explain(db, query)
            #expect(text.contains("jobs_pkey") && !text.contains("jobs_listed") && !text.contains("Seq Scan"), "\(name): \(text)")
        }
        let claim = try await claimPlan(db, mode: "force_custom_plan")
        expectIndexWalk(claim, "claim")
        #expect(claim.contains("Index Scan using jobs_pkey on jobs j"), "the claimed rows by primary key: \(claim)")
    }
    /// After a drain the statistics say nothing waits; then the nightly cron queues
    /// 100,000. The claim still walks `jobs_claimable` in claim order and stops at LIMIT.
    @Test func theClaimWalksItsIndexWhenTheStatisticsSayNothingWaits() async throws {
        let db = try await TestDatabase.queueOnly()
        try await db.execute("""
            INSERT INTO jobs (id, kind, state, args, attempt, finished_at)
            SELECT gen_random_uuid(), 'system.noop', 'succeeded', '{}', 1, now() FROM generate_series(1, 100000) i
            """)
        try await db.execute("ANALYZE jobs")
        _ = try await db.enqueue((0..<100_000).map { _ in NewJob(kind: "system.noop") })
        for mode in ["force_generic_plan", "force_custom_plan"] { expectIndexWalk(try await claimPlan(db, mode: mode), mode) }
    }

    /// The worker's claim connection starts with the settings the claim's plans are
    /// checked under here, and the worker's other connections do not.
    @Test func theClaimConnectionStartsWithItsSettings() async throws {
        let db = try await TestDatabase.queueOnly()
        try await db.withPool { pool in
            let claims = pool.starting(with: JobsSQL.inIndexOrderSettings, maximumConnections: 1)
            func show(_ name: String, _ on: ConnectionPool) async throws -> [String] {
                try await on.decode(PostgresQuery(unsafeSQL: "SHOW \(name)"), as: String.self, logger: db.logger)
            }
            for (name, value) in JobsSQL.inIndexOrderSettings {
                #expect(try await show(name, claims) == [value])
                #expect(try await show(name, pool) != [value])
            }
            let paths = (try await show("search_path", claims), try await show("search_path", pool))
            #expect(paths.0 == paths.1)
            await claims.close()
        }
    }

    /// A fresh install: 100,000 queued on a table autovacuum has not analysed yet. Left to
    /// itself PostgreSQL gathers every queued job and sorts them for each claim of 250
    /// (10 ms a claim at 20,000 queued, 230 ms at 300,000: the drain ran at half speed, or
    /// collapsed); in the claim's own transaction (`JobsSQL.inIndexOrder`) it walks the
    /// index. And jobs on AIPs, on statistics taken while nothing ran: the check for a
    /// running job on the same AIP stays a lookup in `jobs_one_running_per_package`, not
    /// a scan of every job hashed.
    @Test func theClaimWalksItsIndexOnATableNeverAnalysed() async throws {
        let db = try await TestDatabase.queueOnly()
        _ = try await db.enqueue((0..<100_000).map { _ in NewJob(kind: "system.noop") })
        let unguarded = try await plan(db, JobsSQL.Claim.sql, mode: "force_generic_plan",
                                       arguments: ["'{}'::text[]", "'{system.noop}'::text[]", "250", "60", "'w'"])
        #expect(unguarded.contains("Bitmap Heap Scan") || unguarded.contains("Sort Key: j"),
                "the case the settings are for (if PostgreSQL no longer plans it, say so here): \(unguarded)")
        for mode in ["force_generic_plan", "force_custom_plan"] { expectIndexWalk(try await claimPlan(db, mode: mode), mode) }

        try await db.execute("ANALYZE jobs")
        _ = try await db.enqueue((0..<50_000).map { _ in NewJob(kind: "aip.move", packageUUID: UUID()) })
        for mode in ["force_generic_plan", "force_custom_plan"] {
            let text = try await claimPlan(db, mode: mode, kinds: "'{system.noop,aip.move}'::text[]")
            expectIndexWalk(text, mode)
            #expect(text.contains("jobs_one_running_per_package") && !text.contains("Seq Scan"), "\(mode): \(text)")
        }
    }

    /// A worker's heartbeat and its completer's write touch the same rows (the endings not
    /// yet written keep their leases), each batch in its own order. Both lock in id order,
    /// so two such statements over 2,000 rows in opposite orders never deadlock; before,
    /// nearly every pair did, and PostgreSQL cancelled one after a second.
    @Test func batchStatementsOverTheSameRowsDoNotDeadlock() async throws {
        let db = try await TestDatabase.queueOnly()
        let ids = try await db.enqueue((0..<2_000).map { _ in NewJob(kind: "system.noop") }).sorted { $0.uuidString < $1.uuidString }
        try await db.execute("UPDATE jobs SET state = 'running', attempt = 1, lease_expires_at = now() + interval '1 minute', started_at = now()")
        func heartbeat(_ order: [UUID]) -> JobsSQL.Heartbeat {
            JobsSQL.Heartbeat(ids: order, attempts: order.map { _ in 1 }, done: order.map { _ in -1 }, total: order.map { _ in -1 }, leaseSeconds: 60)
        }
        try await db.withPool { pool in
            for _ in 0..<5 {
                async let forward = pool.all(heartbeat(ids), logger: db.logger)
                async let backward = pool.all(heartbeat(ids.reversed()), logger: db.logger)
                #expect(try await (forward.count, backward.count) == (2_000, 2_000))
            }
            let n = ids.count
            let finish = JobsSQL.Finish(ids: ids.reversed(), attempts: Array(repeating: 1, count: n), states: Array(repeating: "succeeded", count: n),
                                        results: Array(repeating: "", count: n), errors: Array(repeating: "", count: n),
                                        delays: Array(repeating: 0, count: n), doneChannel: "d", workerChannel: "w")
            async let beat = pool.all(heartbeat(ids), logger: db.logger)
            async let done = pool.all(finish, logger: db.logger)
            let (beaten, finished) = try await (beat, done)
            #expect(finished.first?.0 == 2_000 && beaten.count <= 2_000)
        }
        #expect(try await db.scalars("SELECT count(*)::int FROM jobs WHERE state = 'succeeded'", as: Int.self) == [2_000])
    }
}
