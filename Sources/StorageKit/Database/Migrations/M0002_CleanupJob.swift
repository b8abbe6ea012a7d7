import QueueKit

extension StorageMigrations {
    /// Which job left a copy to remove, so that only that job's retry finishes by
    /// removing it; any other job first clears a leftover, then does its own work.
    static let m0002CleanupJob = Migration(component: component, version: 2, name: "cleanup job", sql: #"""
        ALTER TABLE packages ADD COLUMN cleanup_job uuid;
        """#)
}
