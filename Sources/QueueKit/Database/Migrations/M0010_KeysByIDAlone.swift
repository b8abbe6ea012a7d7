extension QueueMigrations {
    /// Only the primary key holds `id` itself; the claim and list indexes break their ties
    /// on `uuid_send(id)`, its bytes, which sort as the uuid does. Statistics taken while a
    /// bulk enqueue's rows were still uncommitted (autovacuum's ANALYZE during the COPY)
    /// count no row in pages holding a million, and PostgreSQL then costs every index
    /// alike: a lookup by id (`Finish`, `Heartbeat`, `job status`) walked the whole of
    /// `jobs_listed` for its last column, 8 s for a batch of endings, and the drain fell
    /// from 25,000 jobs/s to 80. No statement can hand a lookup by id to an index that
    /// does not have the column.
    static let m0010KeysByIDAlone = Migration(component: component, version: 10, name: "only the primary key holds id", sql: #"""
        DROP INDEX jobs_claimable;
        CREATE INDEX jobs_claimable ON jobs (priority DESC, run_at, created_at, uuid_send(id))
          WHERE state IN ('queued','scheduled','retryable');
        DROP INDEX jobs_listed;
        CREATE INDEX jobs_listed ON jobs (lower(state), created_at, uuid_send(id));
        DROP INDEX jobs_batch_created_id;
        CREATE INDEX jobs_batch_created_id ON jobs (batch_id, created_at, uuid_send(id)) WHERE batch_id IS NOT NULL;
        """#)
}
