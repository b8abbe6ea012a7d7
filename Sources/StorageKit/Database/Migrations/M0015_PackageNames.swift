import QueueKit

extension StorageMigrations {
    /// The dashboard finds AIPs by the beginning of their name, in any case. The index is
    /// in byte order (`COLLATE "C"`), the one in which a `LIKE 'abc%'` is a range of it and
    /// the matches come out sorted: a search reads the 50 rows it shows, whether the
    /// archive holds a thousand AIPs or ten million, where one for any part of a name read
    /// every row.
    static let m0015PackageNames = Migration(component: component, version: 15, name: "AIPs by the beginning of their name", sql: #"""
        CREATE INDEX packages_name_prefix ON packages ((lower(name) COLLATE "C"), uuid);
        """#)
}
