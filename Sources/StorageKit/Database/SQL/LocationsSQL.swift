import Foundation
import PostgresNIO

/// Every statement on `locations` and `spaces`.
enum LocationsSQL {
    static let columns = "uuid, name, purpose, path, space_uuid, description, created_at"

    static func insert(_ l: Location) -> PostgresQuery {
        """
        INSERT INTO locations (uuid, name, purpose, path, space_uuid, description)
        VALUES (\(l.uuid), \(l.name), \(l.purpose.rawValue), \(l.path), \(l.spaceUUID), \(l.description))
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

}
