/// One numbered step of a component's schema. Components (QueueKit's `queue`,
/// StorageKit's `storage`) are versioned independently in one `schema_migrations` table.
public struct Migration: Sendable {
    public var component: String
    public var version: Int
    public var name: String
    public var sql: String

    public init(component: String, version: Int, name: String, sql: String) {
        self.component = component
        self.version = version
        self.name = name
        self.sql = sql
    }
}
