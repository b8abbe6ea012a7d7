import Foundation
import PostgresNIO

/// Every statement on `locations` and `spaces`.
enum LocationsSQL {
    static let columns = "uuid, name, purpose, path, space_uuid, description, created_at, removable_source"

    static func insert(_ l: Location) -> PostgresQuery {
        """
        INSERT INTO locations (uuid, name, purpose, path, space_uuid, description, removable_source)
        VALUES (\(l.uuid), \(l.name), \(l.purpose.rawValue), \(l.path), \(l.spaceUUID), \(l.description), \(l.removableSource))
        ON CONFLICT DO NOTHING RETURNING uuid
        """
    }

    static func conflicting(name: String, path: String) -> PostgresQuery {
        "SELECT name, path FROM locations WHERE name = \(name) OR path = \(path)"
    }

    static func byUUID(_ uuid: UUID) -> PostgresQuery {
        "SELECT \(unescaped: columns) FROM locations WHERE uuid = \(uuid)"
    }

    static func byName(_ name: String) -> PostgresQuery {
        "SELECT \(unescaped: columns) FROM locations WHERE name = \(name)"
    }

    static func list(purpose: String?) -> PostgresQuery {
        "SELECT \(unescaped: columns) FROM locations WHERE \(purpose)::text IS NULL OR purpose = \(purpose) ORDER BY name"
    }

    /// AIPs held (not deleted) and their bytes, for each of `uuids`, in one query.
    static func usage(_ uuids: [UUID]) -> PostgresQuery {
        """
        SELECT location_uuid, count(*), coalesce(sum(size), 0)::bigint FROM packages
        WHERE location_uuid = ANY(\(uuids)) AND status <> 'deleted' GROUP BY location_uuid
        """
    }

    static let spaces: PostgresQuery = "SELECT uuid, name, kind, root, created_at FROM spaces ORDER BY created_at, uuid"

    /// Bytes held (not deleted) per space.
    static let spaceUsage: PostgresQuery = """
        SELECT l.space_uuid, coalesce(sum(p.size), 0)::bigint FROM locations l
        JOIN packages p ON p.location_uuid = l.uuid AND p.status <> 'deleted' GROUP BY l.space_uuid
        """
}
