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
    /// out (negative: it stopped heartbeating, and the rescuer will take them).
    static let workerLeases: PostgresQuery = """
        SELECT coalesce(worker, ''), count(*)::bigint, extract(epoch FROM min(lease_expires_at) - now())::float8 FROM jobs
        WHERE state = 'running' GROUP BY worker
        """
}
