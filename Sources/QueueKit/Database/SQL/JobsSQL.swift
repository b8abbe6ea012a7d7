import Foundation
import PostgresNIO

/// Every statement on the `jobs` table, each with a name. Hot-path statements are
/// prepared once per connection; every value is a bind. State changes are guarded in SQL
/// (`state = 'running' AND attempt = $n`), so a stale worker can never overwrite a job
/// that has moved on.
enum JobsSQL {
    /// Columns of `JobRecord`, in the order `JobRow.decode` reads them.
    static let recordColumns = """
        id, kind, queue, priority, state, attempt, max_attempts, args::text, result::text,
        errors::text, package_uuid, batch_id, idempotency_key, progress_done, progress_total,
        worker, rfc3339(created_at), rfc3339(run_at), rfc3339(started_at), rfc3339(finished_at),
        submitted_by
        """

    /// The columns of a bulk enqueue: one array per column, any number of jobs. Empty
    /// strings stand for NULL, because PostgresNIO binds no optional array elements.
    struct NewJobColumns: Sendable {
        var ids: [UUID], kinds: [String], queues: [String], priorities: [Int32], args: [String]
        var maxAttempts: [Int32], runAts: [String], keys: [String], batches: [String], packages: [String]
        var submitters: [String], digests: [String]

        static let insertSQL = """
            INSERT INTO jobs (id, kind, queue, priority, state, args, max_attempts, run_at,
                              idempotency_key, batch_id, package_uuid, submitted_by, idempotency_digest)
            SELECT u.id, u.kind, u.queue, u.priority,
                   CASE WHEN NULLIF(u.run_at, '')::timestamptz > now() THEN 'scheduled' ELSE 'queued' END,
                   u.args::jsonb, u.max_attempts, COALESCE(NULLIF(u.run_at, '')::timestamptz, now()),
                   NULLIF(u.key, ''), NULLIF(u.batch, '')::uuid, NULLIF(u.package, '')::uuid,
                   u.submitter, NULLIF(u.digest, '')
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int4[], $5::text[], $6::int4[],
                        $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
                 AS u(id, kind, queue, priority, args, max_attempts, run_at, key, batch, package, submitter, digest)
            """

        func bindings() -> PostgresBindings {
            var b = PostgresBindings(capacity: 12)
            b.append(ids); b.append(kinds); b.append(queues); b.append(priorities); b.append(args)
            b.append(maxAttempts); b.append(runAts); b.append(keys); b.append(batches); b.append(packages)
            b.append(submitters); b.append(digests)
            return b
        }
    }

    /// Bulk enqueue in one statement, for jobs without idempotency keys: nothing to
    /// report back, so no `RETURNING` (which costs a row per job).
    struct Insert: PostgresPreparedStatement {
        static let sql = NewJobColumns.insertSQL
        typealias Row = Int
        var columns: NewJobColumns
        func makeBindings() throws -> PostgresBindings { columns.bindings() }
        func decodeRow(_ row: PostgresRow) throws -> Int { 0 }
    }

    /// Bulk enqueue where some jobs carry idempotency keys: a key already taken skips its
    /// job, and the ids actually inserted come back.
    struct InsertKeyed: PostgresPreparedStatement {
        static let sql = NewJobColumns.insertSQL + """

            ON CONFLICT (submitted_by, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING id
            """
        typealias Row = UUID
        var columns: NewJobColumns
        func makeBindings() throws -> PostgresBindings { columns.bindings() }
        func decodeRow(_ row: PostgresRow) throws -> UUID { try row.decode(UUID.self) }
    }

    /// The jobs holding each submitter's key, with the digest each key is bound to.
    static func idsForKeys(_ submitters: [String], _ keys: [String]) -> PostgresQuery {
        """
        SELECT j.submitted_by, j.idempotency_key, j.id, j.idempotency_digest
        FROM unnest(\(submitters)::text[], \(keys)::text[]) AS k(submitter, key)
        JOIN jobs j ON j.submitted_by = k.submitter AND j.idempotency_key = k.key
        """
    }

    /// Claims up to `limit` jobs in claim order (priority, then run_at, then age, then id, so
    /// that jobs made together, a batch's, run in the order they were given), skipping
    /// rows other claimers hold and AIPs that already have a running job. The MATERIALIZED
    /// CTE is an optimisation fence, so LIMIT bounds the rows updated.
    struct Claim: PostgresPreparedStatement {
        static let sql = """
            WITH candidates AS MATERIALIZED (
              SELECT j.id, j.package_uuid, j.priority, j.run_at, j.created_at FROM jobs j
              WHERE j.state IN ('queued','scheduled','retryable') AND j.run_at <= now()
                AND (cardinality($1::text[]) = 0 OR j.queue = ANY($1::text[]))
                AND j.kind = ANY($2::text[])
                AND (j.package_uuid IS NULL OR NOT EXISTS (
                      SELECT 1 FROM jobs r WHERE r.package_uuid = j.package_uuid AND r.state = 'running'))
              ORDER BY j.priority DESC, j.run_at, j.created_at, j.id
              LIMIT $3 FOR UPDATE SKIP LOCKED
            ), chosen AS (
              SELECT id FROM (
                SELECT id, package_uuid, row_number() OVER (
                  PARTITION BY package_uuid ORDER BY priority DESC, run_at, created_at, id) AS n
                FROM candidates) c
              WHERE package_uuid IS NULL OR n = 1
            )
            UPDATE jobs j SET state = 'running', attempt = j.attempt + 1, started_at = now(),
                   lease_expires_at = now() + make_interval(secs => $4), worker = $5,
                   progress_done = NULL, progress_total = NULL
            FROM chosen WHERE j.id = chosen.id
            RETURNING j.id, j.kind, j.args::text, j.queue, j.attempt, j.max_attempts, j.package_uuid
            """
        typealias Row = (UUID, String, String, String, Int32, Int32, UUID?)
        var queues: [String], kinds: [String], limit: Int32, leaseSeconds: Double, worker: String

        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings(capacity: 5)
            b.append(queues); b.append(kinds); b.append(limit); b.append(leaseSeconds); b.append(worker)
            return b
        }
        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// Records the outcome of many attempts at once: succeeded, retryable, failed or
    /// cancelled. Wakes `job wait` once per statement, and workers when an AIP is free again.
    struct Finish: PostgresPreparedStatement {
        static let sql = """
            WITH u AS (
              SELECT * FROM unnest($1::uuid[], $2::int4[], $3::text[], $4::text[], $5::text[], $6::float8[])
                AS u(id, attempt, state, result, error, delay)
            ), done AS (
              UPDATE jobs j SET state = u.state,
                     result = CASE WHEN u.result = '' THEN j.result ELSE u.result::jsonb END,
                     errors = CASE WHEN u.error = '' THEN j.errors ELSE j.errors || jsonb_build_array(u.error::jsonb) END,
                     finished_at = CASE WHEN u.state IN ('succeeded','failed','cancelled') THEN now() END,
                     run_at = CASE WHEN u.state = 'retryable' THEN now() + make_interval(secs => u.delay) ELSE j.run_at END,
                     lease_expires_at = NULL
              FROM u WHERE j.id = u.id AND j.state = 'running' AND j.attempt = u.attempt
              RETURNING j.id, j.queue, j.package_uuid
            ), woke_waiters AS (
              SELECT pg_notify($7, '') FROM (SELECT 1 FROM done LIMIT 1) x
            ), woke_workers AS (
              SELECT pg_notify($8, 'ready ' || q) FROM (SELECT DISTINCT queue AS q FROM done WHERE package_uuid IS NOT NULL) y
            )
            SELECT (SELECT count(*) FROM done), (SELECT count(*) FROM woke_waiters), (SELECT count(*) FROM woke_workers)
            """
        typealias Row = (Int, Int, Int)
        var ids: [UUID], attempts: [Int32], states: [String], results: [String], errors: [String], delays: [Double]
        var doneChannel: String, workerChannel: String

        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings(capacity: 8)
            b.append(ids); b.append(attempts); b.append(states); b.append(results); b.append(errors)
            b.append(delays); b.append(doneChannel); b.append(workerChannel)
            return b
        }
        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// Graceful shutdown: back to `queued` without spending the attempt.
    struct Release: PostgresPreparedStatement {
        static let sql = """
            WITH released AS (
              UPDATE jobs j SET state = 'queued', attempt = j.attempt - 1, lease_expires_at = NULL,
                     run_at = now(), progress_done = NULL, progress_total = NULL
              FROM unnest($1::uuid[], $2::int4[]) AS u(id, attempt)
              WHERE j.id = u.id AND j.state = 'running' AND j.attempt = u.attempt
              RETURNING j.id, j.queue
            ), woke AS (
              SELECT pg_notify($3, 'ready ' || q) FROM (SELECT DISTINCT queue AS q FROM released) s
            )
            SELECT (SELECT count(*) FROM released), (SELECT count(*) FROM woke)
            """
        typealias Row = (Int, Int)
        var ids: [UUID], attempts: [Int32], workerChannel: String

        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings(capacity: 3)
            b.append(ids); b.append(attempts); b.append(workerChannel)
            return b
        }
        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// Extends the leases of a worker's running jobs and writes their progress. A job
    /// missing from the answer was taken from this worker (rescued); `true` = cancel requested.
    struct Heartbeat: PostgresPreparedStatement {
        static let sql = """
            UPDATE jobs j SET lease_expires_at = now() + make_interval(secs => $5),
                   progress_done = CASE WHEN u.done < 0 THEN j.progress_done ELSE u.done END,
                   progress_total = CASE WHEN u.total < 0 THEN j.progress_total ELSE u.total END
            FROM unnest($1::uuid[], $2::int4[], $3::int8[], $4::int8[]) AS u(id, attempt, done, total)
            WHERE j.id = u.id AND j.state = 'running' AND j.attempt = u.attempt
            RETURNING j.id, j.cancel_requested_at IS NOT NULL
            """
        typealias Row = (UUID, Bool)
        var ids: [UUID], attempts: [Int32], done: [Int64], total: [Int64], leaseSeconds: Double

        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings(capacity: 5)
            b.append(ids); b.append(attempts); b.append(done); b.append(total); b.append(leaseSeconds)
            return b
        }
        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// Returns jobs whose lease expired (their worker died) to `retryable`, or to `failed`
    /// when attempts are spent, or `cancelled` when a cancel was asked for. The WHERE is
    /// re-checked on the locked row, so a job completed meanwhile is left alone.
    static func rescue(limit: Int, schema: QueueSchema) -> PostgresQuery {
        """
        WITH expired AS (
          SELECT id FROM jobs WHERE state = 'running' AND lease_expires_at < now()
          ORDER BY lease_expires_at LIMIT \(Int32(limit)) FOR UPDATE SKIP LOCKED
        ), rescued AS (
          UPDATE jobs j SET
            state = CASE WHEN j.cancel_requested_at IS NOT NULL THEN 'cancelled'
                         WHEN j.attempt >= j.max_attempts THEN 'failed' ELSE 'retryable' END,
            finished_at = CASE WHEN j.cancel_requested_at IS NOT NULL OR j.attempt >= j.max_attempts THEN now() END,
            errors = j.errors || jsonb_build_array(jsonb_build_object(
              'at', rfc3339(now()), 'attempt', j.attempt, 'code', 'lease_expired', 'retryable', true,
              'message', 'lease expired: worker ' || coalesce(j.worker, '?') || ' stopped heartbeating (it died or lost the database)')),
            run_at = now(), lease_expires_at = NULL
          FROM expired WHERE j.id = expired.id AND j.state = 'running' AND j.lease_expires_at < now()
          RETURNING j.id, j.state, j.queue
        ), woke_workers AS (
          SELECT pg_notify(\(schema.workerChannel), 'ready ' || q)
          FROM (SELECT DISTINCT queue AS q FROM rescued WHERE state = 'retryable') s
        ), woke_waiters AS (
          SELECT pg_notify(\(schema.doneChannel), '') FROM (SELECT 1 FROM rescued WHERE state <> 'retryable' LIMIT 1) x
        )
        SELECT id, state, (SELECT count(*) FROM woke_workers) + (SELECT count(*) FROM woke_waiters) FROM rescued
        """
    }

    /// Deletes finished jobs past their retention, a slice at a time.
    static func prune(succeededSeconds: Double, otherSeconds: Double, limit: Int) -> PostgresQuery {
        """
        WITH deleted AS (
          DELETE FROM jobs WHERE id IN (
            SELECT id FROM jobs WHERE finished_at IS NOT NULL AND (
              (state = 'succeeded' AND finished_at < now() - make_interval(secs => \(succeededSeconds)))
              OR (state IN ('failed','cancelled') AND finished_at < now() - make_interval(secs => \(otherSeconds))))
            LIMIT \(Int32(limit)))
          RETURNING 1)
        SELECT count(*) FROM deleted
        """
    }

    static func get(_ id: UUID) -> PostgresQuery {
        PostgresQuery(unsafeSQL: "SELECT \(recordColumns) FROM jobs WHERE id = $1", binds: binds(id))
    }

    /// Newest first, `(created_at, id)` descending, so that a page is a backward walk of
    /// the `jobs_created_id` index that stops after `limit` rows, whatever the table's size:
    /// only the filters given are in the WHERE (an `$1 = '' OR …` catch-all hides the
    /// index from a generic plan), and the cursor is one row comparison.
    static func list(_ f: JobFilter) -> PostgresQuery {
        var conditions: [String] = []
        var binds = PostgresBindings()
        func bind(_ value: some PostgresNonThrowingEncodable, _ condition: (String) -> String) {
            binds.append(value)
            conditions.append(condition("$\(binds.count)"))
        }
        if let state = f.state { bind(state.rawValue) { "state = \($0)" } }
        if let kind = f.kind { bind(kind) { "kind = \($0)" } }
        if let batch = f.batchID { bind(batch) { "batch_id = \($0)" } }
        if let queue = f.queue { bind(queue) { "queue = \($0)" } }
        if let after = f.after {
            binds.append(after.createdAt)
            binds.append(after.id)
            conditions.append("(created_at, id) < ($\(binds.count - 1)::timestamptz, $\(binds.count)::uuid)")
        }
        binds.append(Int32(f.limit))
        let limit = "$\(binds.count)"
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        var q = PostgresQuery(unsafeSQL: "SELECT \(recordColumns) FROM jobs \(whereClause) ORDER BY created_at DESC, id DESC LIMIT \(limit)")
        q.binds = binds
        return q
    }

    /// Locks one job for a state change decided in Swift (cancel, retry).
    /// Locks the row while it is still the given attempt's (for `JobContext.transaction`).
    static func lockAttempt(_ id: UUID, attempt: Int) -> PostgresQuery {
        "SELECT 1 FROM jobs WHERE id = \(id) AND state = 'running' AND attempt = \(attempt) FOR UPDATE"
    }

    static func lockState(_ id: UUID) -> PostgresQuery {
        "SELECT state, queue FROM jobs WHERE id = \(id) FOR UPDATE"
    }

    static func cancelNow(_ id: UUID, doneChannel: String) -> PostgresQuery {
        """
        UPDATE jobs SET state = 'cancelled', finished_at = now(), cancel_requested_at = now()
        WHERE id = \(id) AND state IN ('queued','scheduled','retryable')
        RETURNING pg_notify(\(doneChannel), '')::text
        """
    }

    static func requestCancel(_ id: UUID, workerChannel: String) -> PostgresQuery {
        """
        UPDATE jobs SET cancel_requested_at = COALESCE(cancel_requested_at, now())
        WHERE id = \(id) AND state = 'running'
        RETURNING pg_notify(\(workerChannel), 'cancel ' || id::text)::text
        """
    }

    static func retry(_ id: UUID, workerChannel: String) -> PostgresQuery {
        """
        UPDATE jobs SET state = 'queued', attempt = 0, run_at = now(), finished_at = NULL,
               cancel_requested_at = NULL, result = NULL, progress_done = NULL, progress_total = NULL
        WHERE id = \(id) AND state IN ('failed','cancelled')
        RETURNING pg_notify(\(workerChannel), 'ready ' || queue)::text
        """
    }

    /// Which of `ids` have finished, for `job wait`.
    static func finished(among ids: [UUID]) -> PostgresQuery {
        "SELECT id, state FROM jobs WHERE id = ANY(\(ids)) AND finished_at IS NOT NULL"
    }

    static func existing(among ids: [UUID]) -> PostgresQuery {
        "SELECT id FROM jobs WHERE id = ANY(\(ids))"
    }

    /// Progress of the unfinished among `ids`: count, bytes done, bytes total.
    static func progress(among ids: [UUID]) -> PostgresQuery {
        """
        SELECT count(*) FILTER (WHERE finished_at IS NULL), coalesce(sum(progress_done), 0)::int8,
               coalesce(sum(progress_total), 0)::int8
        FROM jobs WHERE id = ANY(\(ids))
        """
    }

    private static func binds(_ id: UUID) -> PostgresBindings {
        var b = PostgresBindings()
        b.append(id)
        return b
    }
}

extension JobsSQL {
    /// Percentiles (ms) of submit→start and submit→finish of a batch, from the jobs' own
    /// timestamps.
    static func latency(batch: UUID) -> PostgresQuery {
        """
        WITH j AS (
          SELECT extract(epoch FROM started_at - created_at) * 1000 AS start_ms,
                 extract(epoch FROM finished_at - created_at) * 1000 AS total_ms
          FROM jobs WHERE batch_id = \(batch) AND state = 'succeeded')
        SELECT count(*)::int8,
               coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY start_ms), 0)::float8,
               coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY start_ms), 0)::float8,
               coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY start_ms), 0)::float8,
               coalesce(max(start_ms), 0)::float8,
               coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY total_ms), 0)::float8,
               coalesce(max(total_ms), 0)::float8
        FROM j
        """
    }
}
