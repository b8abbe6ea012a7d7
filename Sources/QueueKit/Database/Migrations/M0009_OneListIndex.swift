extension QueueMigrations {
    /// A page of every state is merged from the walks of `jobs_listed`, one per state
    /// (`JobsSQL.list`), so `(created_at, id)` needs no index of its own: it cost each
    /// insert and each change of state a seventh of its time.
    static let m0009OneListIndex = Migration(component: component, version: 9, name: "list every state from jobs_listed", sql: #"""
        DROP INDEX jobs_created_id;
        """#)
}
