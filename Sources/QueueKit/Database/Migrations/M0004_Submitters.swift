extension QueueMigrations {
    /// Who submitted each job and batch (`submitted_by`: an API user, or '' for an
    /// operator on the host), so that a key may steer only its own jobs; idempotency keys
    /// are unique per submitter, so one user's key never answers with another's job; and
    /// the digest of the request that first used a key, so that the same key sent with
    /// another request is refused instead of answered with a job that does something else.
    /// Adding a column with a constant default rewrites no rows.
    static let m0004Submitters = Migration(component: component, version: 4, name: "submitters, idempotency per submitter", sql: #"""
        ALTER TABLE jobs ADD COLUMN submitted_by text NOT NULL DEFAULT '',
                         ADD COLUMN idempotency_digest text;
        DROP INDEX jobs_idempotency_key;
        CREATE UNIQUE INDEX jobs_idempotency_key ON jobs (submitted_by, idempotency_key)
          WHERE idempotency_key IS NOT NULL;

        ALTER TABLE batches ADD COLUMN submitted_by text NOT NULL DEFAULT '',
                            ADD COLUMN idempotency_digest text;
        ALTER TABLE batches DROP CONSTRAINT batches_idempotency_key_key;
        CREATE UNIQUE INDEX batches_idempotency_key ON batches (submitted_by, idempotency_key)
          WHERE idempotency_key IS NOT NULL;
        """#)
}
