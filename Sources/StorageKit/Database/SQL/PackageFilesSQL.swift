import Foundation
import PostgresNIO

/// Every statement on `package_files`.
enum PackageFilesSQL {
    static let columns = "package_uuid, name, source_id, source_package, accessionid, origin, checksum"

    static func add(_ package: UUID, _ files: [PackageFile]) -> PostgresQuery {
        """
        INSERT INTO package_files (package_uuid, name, source_id, source_package, accessionid, origin)
        SELECT \(package), * FROM unnest(\(files.map(\.name))::text[], \(files.map(\.sourceID))::text[], \(files.map(\.sourcePackage))::text[],
                                          \(files.map(\.accessionID))::text[], \(files.map(\.origin))::text[])
        """
    }

    /// `add`, but only the files the index lacks with these very fields (the Storage
    /// Service's `update_or_create`), each once, in the order given.
    static func addMissing(_ package: UUID, _ files: [PackageFile]) -> PostgresQuery {
        """
        INSERT INTO package_files (package_uuid, name, source_id, source_package, accessionid, origin)
        SELECT \(package), name, source_id, source_package, accessionid, origin FROM (
          SELECT DISTINCT ON (name, source_id, source_package, accessionid, origin) *
          FROM unnest(\(files.map(\.name))::text[], \(files.map(\.sourceID))::text[], \(files.map(\.sourcePackage))::text[],
                      \(files.map(\.accessionID))::text[], \(files.map(\.origin))::text[]) WITH ORDINALITY AS f(name, source_id, source_package, accessionid, origin, n)
          ORDER BY name, source_id, source_package, accessionid, origin, n) f
        WHERE NOT EXISTS (SELECT 1 FROM package_files p WHERE p.package_uuid = \(package) AND p.name = f.name AND p.source_id = f.source_id
                            AND p.source_package = f.source_package AND p.accessionid = f.accessionid AND p.origin = f.origin)
        ORDER BY n
        """
    }

    static func count(_ package: UUID) -> PostgresQuery {
        "SELECT count(*)::int8 FROM package_files WHERE package_uuid = \(package)"
    }

    static func list(_ package: UUID) -> PostgresQuery {
        "SELECT \(unescaped: columns) FROM package_files WHERE package_uuid = \(package) ORDER BY id"
    }

    static func remove(_ package: UUID) -> PostgresQuery {
        "DELETE FROM package_files WHERE package_uuid = \(package)"
    }

    /// Only the fields given narrow it; each has its index.
    static func find(_ q: PackageFile.Query, limit: Int) -> PostgresQuery {
        var conditions: [String] = []
        var binds = PostgresBindings()
        for (column, value) in [("name", q.name), ("source_id", q.sourceID), ("accessionid", q.accessionID), ("source_package", q.sourcePackage)] {
            guard let value else { continue }
            binds.append(value)
            conditions.append("\(column) = $\(binds.count)")
        }
        binds.append(Int32(limit))
        var query = PostgresQuery(unsafeSQL: "SELECT \(columns) FROM package_files WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT $\(binds.count)")
        query.binds = binds
        return query
    }
}
