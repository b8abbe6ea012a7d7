import Foundation
import PostgresNIO

/// The maintenance loops' statements: each works a slice at a time, on an index range
/// that holds only the rows it may touch, so its cost follows the slice, not the table.
extension JobsSQL {
    /// Returns jobs whose lease expired (their worker died) to `retryable`, or to `failed`
    /// when attempts are spent. A job whose cancel was asked for goes back too, whatever
    /// its attempts: only its handler knows what the dead attempt began (a move may have
    /// renamed the AIP into its new place), so a worker claims it stopped and the handler
    /// undoes or finishes it; ended here, its AIP would be left `moving`. Only running
    /// jobs have a lease (`lease_iff_running`), so the scan asks for expired leases alone,
    /// a range of `jobs_lease` that no other index can stand in for. The WHERE is
    /// re-checked on the locked row, so a job completed meanwhile is left alone; the
    /// re-check compares with the CTE's columns, so the update reaches rows by primary key
    /// by `id = ANY(…)` (as in `JobsSQL+Attempts`), and the lease through `coalesce`, which
    /// does not imply it is set: `j.lease_expires_at < …` let statistics that count no row
    /// walk the whole of `jobs_lease` for the join.
    static func rescue(limit: Int, schema: QueueSchema) -> PostgresQuery {
        """
        WITH expired AS (
          SELECT id, 'running'::text AS running, now() AS at FROM jobs WHERE lease_expires_at < now()
          ORDER BY lease_expires_at LIMIT \(Int32(limit)) FOR UPDATE SKIP LOCKED
        ), rescued AS (
          UPDATE jobs j SET
            state = CASE WHEN j.attempt >= j.max_attempts AND j.cancel_requested_at IS NULL THEN 'failed' ELSE 'retryable' END,
            finished_at = CASE WHEN j.attempt >= j.max_attempts AND j.cancel_requested_at IS NULL THEN now() END,
            errors = j.errors || jsonb_build_array(jsonb_build_object(
              'at', rfc3339(now()), 'attempt', j.attempt, 'code', 'lease_expired', 'retryable', true,
              'message', 'lease expired: worker ' || coalesce(j.worker, '?') || ' stopped heartbeating (it died or lost the database)')),
            run_at = now(), lease_expires_at = NULL
          FROM expired WHERE j.id = ANY(ARRAY(SELECT id FROM expired)) AND j.id = expired.id
            AND j.state = expired.running AND coalesce(j.lease_expires_at, expired.at) < expired.at
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

    /// Deletes finished jobs past their retention, a slice at a time: the succeeded due
    /// are one range of the `(state, finished_at)` index, so a table of a million recent
    /// successes costs nothing to look through (an OR of both retentions walked every
    /// ending); the failed and cancelled, few, are read from an index of their own.
    static func prune(succeededSeconds: Double, otherSeconds: Double, limit: Int) -> PostgresQuery {
        """
        WITH deleted AS (
          DELETE FROM jobs WHERE id IN (
            SELECT id FROM (
              (SELECT id FROM jobs WHERE state = 'succeeded'
                 AND finished_at < now() - make_interval(secs => \(succeededSeconds)) LIMIT \(Int32(limit)))
              UNION ALL
              (SELECT id FROM jobs WHERE state IN ('failed','cancelled')
                 AND finished_at < now() - make_interval(secs => \(otherSeconds)) LIMIT \(Int32(limit)))
            ) due LIMIT \(Int32(limit)))
          RETURNING 1)
        SELECT count(*) FROM deleted
        """
    }

    /// The table's dead and live rows, as the statistics count them (updated within a
    /// second or so), and the seconds since a vacuum of it last ended, anyone's.
    static let deadRows: PostgresQuery = """
        SELECT n_dead_tup::int8, n_live_tup::int8,
               coalesce(extract(epoch FROM now() - greatest(last_vacuum, last_autovacuum)), 'Infinity')::float8
        FROM pg_stat_user_tables WHERE relid = 'jobs'::regclass
        """

    /// Not in a transaction (VACUUM refuses one); skips the table if a vacuum holds it.
    static let vacuum: PostgresQuery = "VACUUM (SKIP_LOCKED) jobs"
}
