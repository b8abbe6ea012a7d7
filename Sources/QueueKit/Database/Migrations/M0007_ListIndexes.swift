extension QueueMigrations {
    /// `job list --state failed` is a sysadmin's first question, and `--batch` the next.
    /// Indexes on `(state, created_at, id)` for the states that hold few jobs, and on
    /// `(batch_id, created_at, id)`, answer them with the page's rows, where the walk of
    /// `(created_at, id)` read every job of a million to find none failed (queued and
    /// succeeded jobs are many, so that walk finds a page of them at once; running jobs
    /// are listed from `jobs_lease`, which holds only them).
    ///
    /// The state index leaves out `queued`, so the claim (queued, scheduled, retryable)
    /// can never choose it over `jobs_claimable`, and `running`, so no statement that
    /// guards on `state = 'running'` can be handed a walk of every running job; the
    /// lease index now says `lease_expires_at IS NOT NULL` (the same rows, by
    /// `lease_iff_running`), and the rescuer asks for expired leases alone.
    static let m0007ListIndexes = Migration(component: component, version: 7, name: "list by state and by batch; leases alone", sql: #"""
        CREATE INDEX jobs_few_states ON jobs (state, created_at, id)
          WHERE state IN ('scheduled','retryable','failed','cancelled');
        CREATE INDEX jobs_batch_created_id ON jobs (batch_id, created_at, id) WHERE batch_id IS NOT NULL;
        DROP INDEX jobs_batch;
        CREATE INDEX jobs_lease ON jobs (lease_expires_at) WHERE lease_expires_at IS NOT NULL;
        DROP INDEX jobs_running_lease;
        """#)
}
