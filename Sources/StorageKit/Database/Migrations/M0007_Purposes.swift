import QueueKit

extension StorageMigrations {
    /// Every location purpose of the Storage Service: a pipeline asks for its
    /// currently-processing location before it stores anything, and for DIP storage
    /// locations on its processing-configuration page.
    static let m0007Purposes = Migration(component: component, version: 7, name: "every location purpose", sql: #"""
        ALTER TABLE locations DROP CONSTRAINT locations_purpose_check,
          ADD CONSTRAINT locations_purpose_check CHECK (purpose IN ('aip-storage', 'transfer-source', 'replicator', 'backlog',
            'currently-processing', 'dip-storage', 'aip-recovery', 'storage-service-internal', 'sword-deposit'));
        """#)
}
