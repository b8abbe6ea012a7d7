extension QueueMigrations {
    /// Batches: jobs submitted together, and the idempotency key that makes a re-run
    /// submission answer with the batch it already made.
    static let m0002Batches = Migration(component: component, version: 2, name: "batches", sql: #"""
        CREATE TABLE batches (
          id              uuid PRIMARY KEY,
          idempotency_key text UNIQUE,
          jobs            integer NOT NULL DEFAULT 0,
          created_at      timestamptz NOT NULL DEFAULT now()
        );
        """#)
}
