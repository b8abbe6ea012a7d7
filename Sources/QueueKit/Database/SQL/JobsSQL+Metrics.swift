import PostgresNIO

/// The statements behind `/metrics`: each one pass over the table (or over its running
/// jobs), run once per scrape at most (the page is cached).
extension JobsSQL {
    static let countsByStateKindQueue: PostgresQuery = "SELECT state, kind, queue, count(*)::bigint FROM jobs GROUP BY 1, 2, 3"

    /// Per queue, how long its oldest job that could run has waited.
    static let oldestWaiting: PostgresQuery = """
        SELECT queue, extract(epoch FROM now() - min(run_at))::float8 FROM jobs
        WHERE state IN ('queued','scheduled','retryable') AND run_at <= now() GROUP BY queue
        """

    /// Per worker: its running jobs, and the seconds until the first of their leases runs
    /// out (negative: it stopped heartbeating, and the rescuer will take them). A running
    /// job is one with a lease (`lease_iff_running`): said so, the walk is of `jobs_lease`,
    /// not of the table (64 ms at a million queued jobs).
    static let workerLeases: PostgresQuery = """
        SELECT coalesce(worker, ''), count(*)::bigint, extract(epoch FROM min(lease_expires_at) - now())::float8 FROM jobs
        WHERE state = 'running' AND lease_expires_at IS NOT NULL GROUP BY worker
        """

    /// Jobs that ended in each of the last 24 hours, succeeded and failed: a walk of
    /// `jobs_finished_state` over the day's endings only.
    static let endingsPerHour: PostgresQuery = """
        SELECT floor(extract(epoch FROM now() - finished_at) / 3600)::int8 AS ago,
               count(*) FILTER (WHERE state = 'succeeded')::int8, count(*) FILTER (WHERE state = 'failed')::int8
        FROM jobs WHERE state IN ('succeeded','failed') AND finished_at > now() - interval '24 hours' GROUP BY 1
        """
}
