extension QueueMigrations {
    /// The claim order ends with the id: jobs enqueued together share `created_at`, and
    /// their ids (time-ordered, increasing) keep them in the order they were given.
    static let m0003ClaimOrder = Migration(component: component, version: 3, name: "claim order by id last", sql: #"""
        DROP INDEX jobs_claimable;
        CREATE INDEX jobs_claimable ON jobs (priority DESC, run_at, created_at, id)
          WHERE state IN ('queued','scheduled','retryable');
        """#)
}
