extension QueueMigrations {
    /// What the rest of ss may read of the queue in SQL: the jobs not yet ended. StorageKit
    /// shows an AIP with a move waiting as `MOVING` from this view, so the `jobs` table and
    /// its states stay the queue's own to change.
    static let m0008UnfinishedJobs = Migration(component: component, version: 8, name: "unfinished_jobs view", sql: #"""
        CREATE VIEW unfinished_jobs AS
          SELECT id, kind, queue, state, package_uuid, batch_id, created_at FROM jobs
          WHERE state IN ('queued','scheduled','running','retryable');
        """#)
}
