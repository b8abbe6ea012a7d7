extension QueueMigrations {
    /// The pruner reads each retention's range, `state = 'succeeded' AND finished_at < t`:
    /// an index on `(state, finished_at)` gives exactly those rows, where the index on
    /// `finished_at` alone had it walk every ending younger than its retention too.
    static let m0006PruneIndex = Migration(component: component, version: 6, name: "prune by state and finish time", sql: #"""
        CREATE INDEX jobs_finished_state ON jobs (state, finished_at) WHERE finished_at IS NOT NULL;
        DROP INDEX jobs_finished;
        """#)
}
