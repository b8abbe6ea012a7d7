import Foundation
import PostgresNIO

/// The statements of an attempt's life: claim, heartbeat, finish, release.
///
/// Those that take a batch of (id, attempt) pairs reach each row by its primary key and
/// nothing else, whatever the statistics say: the pairs are a MATERIALIZED CTE and the
/// `state = 'running'` guard compares with one of its columns, not with a constant, so
/// no index on running jobs (`jobs_lease`) can be the outer side of the join; and the
/// rows are asked for by `id = ANY($1)`, a condition of the primary key (the only index
/// holding `id`, migration 10), so that statistics counting no row cannot make the join
/// read the whole key (a hash of every job, for each batch).
/// A generic plan that walked every running job for every batch is what made a deep
/// drain collapse (`StablePlanTests` checks the plans on a big table).
extension JobsSQL {
    /// The claim order, `jobs_claimable`'s: priority, then run_at, then age, then id (its
    /// bytes, as the index holds it: migration 10), so that jobs made together, a batch's,
    /// run in the order they were given.
    static let claimOrder = "priority DESC, run_at, created_at, uuid_send(id)"

    /// Claims up to `limit` jobs in claim order, skipping rows other claimers hold and AIPs
    /// that already have a running job. The MATERIALIZED CTE is an optimisation fence, so
    /// LIMIT bounds the rows updated.
    struct Claim: PostgresPreparedStatement {
        static let sql = """
            WITH candidates AS MATERIALIZED (
              SELECT j.id, j.package_uuid, j.priority, j.run_at, j.created_at FROM jobs j
              WHERE j.state IN ('queued','scheduled','retryable') AND j.run_at <= now()
                AND (cardinality($1::text[]) = 0 OR j.queue = ANY($1::text[]))
                AND j.kind = ANY($2::text[])
                AND (j.package_uuid IS NULL OR NOT EXISTS (
                      SELECT 1 FROM jobs r WHERE r.package_uuid = j.package_uuid AND r.state = 'running'))
              ORDER BY \(claimOrder)
              LIMIT $3 FOR UPDATE SKIP LOCKED
            ), chosen AS (
              SELECT id FROM (
                SELECT id, package_uuid, row_number() OVER (
                  PARTITION BY package_uuid ORDER BY \(claimOrder)) AS n
                FROM candidates) c
              WHERE package_uuid IS NULL OR n = 1
            )
            UPDATE jobs j SET state = 'running', attempt = j.attempt + 1, started_at = now(),
                   lease_expires_at = now() + make_interval(secs => $4), worker = $5,
                   progress_done = NULL, progress_total = NULL
            FROM chosen WHERE j.id = chosen.id
            RETURNING j.id, j.kind, j.args::text, j.queue, j.attempt, j.max_attempts, j.package_uuid,
                      j.cancel_requested_at IS NOT NULL
            """
        typealias Row = (UUID, String, String, String, Int32, Int32, UUID?, Bool)
        var queues: [String], kinds: [String], limit: Int32, leaseSeconds: Double, worker: String

        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings(capacity: 5)
            b.append(queues); b.append(kinds); b.append(limit); b.append(leaseSeconds); b.append(worker)
            return b
        }
        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    // Finish, Release and Heartbeat lock their rows in id order (the CTE's ORDER BY, the
    // outer side of the primary-key lookups): a worker's heartbeat extends the leases of
    // endings not yet written while its completer writes them, and in two orders the two
    // statements deadlocked, one waiting a second to be cancelled.

    /// Records the outcome of many attempts at once: succeeded, retryable, failed or
    /// cancelled. Wakes `job wait` once per statement, and workers when an AIP is free again.
    struct Finish: PostgresPreparedStatement {
        static let sql = """
            WITH u AS MATERIALIZED (
              SELECT u.*, 'running'::text AS running
              FROM unnest($1::uuid[], $2::int4[], $3::text[], $4::text[], $5::text[], $6::float8[])
                AS u(id, attempt, state, result, error, delay)
              ORDER BY u.id
            ), done AS (
              UPDATE jobs j SET state = u.state,
                     result = CASE WHEN u.result = '' THEN j.result ELSE u.result::jsonb END,
                     errors = CASE WHEN u.error = '' THEN j.errors ELSE j.errors || jsonb_build_array(u.error::jsonb) END,
                     finished_at = CASE WHEN u.state IN ('succeeded','failed','cancelled') THEN now() END,
                     run_at = CASE WHEN u.state = 'retryable' THEN now() + make_interval(secs => u.delay) ELSE j.run_at END,
                     lease_expires_at = NULL
              FROM u WHERE j.id = ANY($1::uuid[]) AND j.id = u.id AND j.state = u.running AND j.attempt = u.attempt
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
            WITH u AS MATERIALIZED (
              SELECT u.*, 'running'::text AS running FROM unnest($1::uuid[], $2::int4[]) AS u(id, attempt) ORDER BY u.id
            ), released AS (
              UPDATE jobs j SET state = 'queued', attempt = j.attempt - 1, lease_expires_at = NULL,
                     run_at = now(), progress_done = NULL, progress_total = NULL
              FROM u WHERE j.id = ANY($1::uuid[]) AND j.id = u.id AND j.state = u.running AND j.attempt = u.attempt
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
            WITH u AS MATERIALIZED (
              SELECT u.*, 'running'::text AS running
              FROM unnest($1::uuid[], $2::int4[], $3::int8[], $4::int8[]) AS u(id, attempt, done, total)
              ORDER BY u.id)
            UPDATE jobs j SET lease_expires_at = now() + make_interval(secs => $5),
                   progress_done = CASE WHEN u.done < 0 THEN j.progress_done ELSE u.done END,
                   progress_total = CASE WHEN u.total < 0 THEN j.progress_total ELSE u.total END
            FROM u WHERE j.id = ANY($1::uuid[]) AND j.id = u.id AND j.state = u.running AND j.attempt = u.attempt
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

    /// Locks the row while it is still the given attempt's (for `JobContext.transaction`).
    static func lockAttempt(_ id: UUID, attempt: Int) -> PostgresQuery {
        "SELECT 1 FROM jobs WHERE id = \(id) AND state = 'running' AND attempt = \(attempt) FOR UPDATE"
    }
}
