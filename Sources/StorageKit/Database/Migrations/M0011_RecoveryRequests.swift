import QueueKit

extension StorageMigrations {
    /// Requests to recover an AIP from a copy in a recovery location (`recover_aip/`) are
    /// reviewed as requests to delete one are: the same table, told apart by `kind`, one
    /// pending request of each kind per AIP.
    static let m0011RecoveryRequests = Migration(component: component, version: 11, name: "recovery requests", sql: #"""
        ALTER TABLE deletion_requests ADD COLUMN kind text NOT NULL DEFAULT 'delete' CHECK (kind IN ('delete', 'recover'));
        DROP INDEX deletion_requests_one_pending;
        CREATE UNIQUE INDEX deletion_requests_one_pending ON deletion_requests (package_uuid, kind) WHERE status = 'pending';
        """#)
}
