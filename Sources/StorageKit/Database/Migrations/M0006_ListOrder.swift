import QueueKit

extension StorageMigrations {
    /// `aip list` (newest first) and the v2 API's pages (oldest first) walk one index of
    /// `(created_at, uuid)`, one backward and one forward, and stop after their page:
    /// without it every page of a million AIPs sorted them all.
    static let m0006ListOrder = Migration(component: component, version: 6, name: "list packages by creation", sql: #"""
        CREATE INDEX packages_created ON packages (created_at, uuid);
        """#)
}
