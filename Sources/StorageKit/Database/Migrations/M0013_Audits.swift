import QueueKit

extension StorageMigrations {
    /// Audits: an AIP can be `damaged` (no copy of it verifies); the primary has a state
    /// of its own, as each replica has; `audited_at` (when every copy last verified
    /// together) orders the scheduler's picks through a partial index, `audit_tried_at`
    /// (when a scheduler last gave it an audit) keeps a failing one from coming back at
    /// every pass; `audit_reads`
    /// counts the bytes audits read, per day, for `audit status`. Each copy gets a UUID
    /// of its own, as a replica package has in the Storage Service (v2 `replicas`);
    /// `package_events_failures` counts failed fixity checks and audits for `/metrics`.
    static let m0013Audits = Migration(component: component, version: 13, name: "audits", sql: #"""
        ALTER TABLE packages DROP CONSTRAINT packages_status_check;
        ALTER TABLE packages ADD CONSTRAINT packages_status_check
          CHECK (status IN ('pending','stored','moving','deleting','deleted','failed','damaged'));
        ALTER TABLE packages ADD COLUMN primary_state text NOT NULL DEFAULT 'ok'
          CHECK (primary_state IN ('ok','missing','corrupt','repairing'));
        ALTER TABLE packages ADD COLUMN audited_at timestamptz;
        ALTER TABLE packages ADD COLUMN audit_tried_at timestamptz;
        UPDATE packages SET audited_at = coalesce(stored_at, created_at) WHERE status IN ('stored','moving','deleting');
        CREATE INDEX packages_audit_due ON packages (audited_at, uuid) WHERE status IN ('stored','damaged');
        ALTER TABLE package_copies ADD COLUMN uuid uuid NOT NULL DEFAULT gen_random_uuid();
        CREATE UNIQUE INDEX package_copies_uuid ON package_copies (uuid);
        CREATE INDEX package_events_failures ON package_events (id) WHERE type IN ('fixity','audit') AND outcome = 'failed';
        CREATE TABLE audit_reads (
          day    date PRIMARY KEY,
          bytes  bigint NOT NULL DEFAULT 0 CHECK (bytes >= 0),
          copies bigint NOT NULL DEFAULT 0 CHECK (copies >= 0)
        );
        """#)
}
