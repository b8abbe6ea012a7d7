extension QueueMigrations {
    /// `job list` pages newest first by `(created_at, id)` descending: an index on both
    /// lets a page of 20 read 20 rows of a table of a million, where the index on
    /// `created_at` alone left a sort of every row (the tie-break on `id`) for each page.
    static let m0005ListOrder = Migration(component: component, version: 5, name: "list order by created_at, id", sql: #"""
        CREATE INDEX jobs_created_id ON jobs (created_at, id);
        DROP INDEX jobs_created;
        """#)
}
