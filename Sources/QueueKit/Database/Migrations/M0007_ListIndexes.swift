extension QueueMigrations {
    /// `job list --state failed` is a sysadmin's first question, and `--batch` the next.
    /// Indexes on `(lower(state), created_at, id)` and `(batch_id, created_at, id)` answer
    /// them with the page's rows, where the walk of `(created_at, id)` read every job of a
    /// million to find none failed.
    ///
    /// The state index is on an expression that only `job list` writes (`lower(state) =`),
    /// so no other statement can be handed it: an index on `state` itself was chosen, on
    /// statistics that said nothing was running or waiting, by the claim (a scan of every
    /// queued job and a sort) and by the rescuer (every running job), and the list in turn
    /// was handed the claim's partial index. The lease index now says `lease_expires_at IS
    /// NOT NULL` (the same rows, by `lease_iff_running`), and the rescuer asks for expired
    /// leases alone.
    static let m0007ListIndexes = Migration(component: component, version: 7, name: "list by state and by batch; leases alone", sql: #"""
        CREATE INDEX jobs_listed ON jobs (lower(state), created_at, id);
        CREATE INDEX jobs_batch_created_id ON jobs (batch_id, created_at, id) WHERE batch_id IS NOT NULL;
        DROP INDEX jobs_batch;
        CREATE INDEX jobs_lease ON jobs (lease_expires_at) WHERE lease_expires_at IS NOT NULL;
        DROP INDEX jobs_running_lease;
        """#)
}
