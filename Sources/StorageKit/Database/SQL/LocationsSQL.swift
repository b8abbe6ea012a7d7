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

    /// AIPs per location that are not deleted, and their bytes.
    static func usage(_ uuid: UUID) -> PostgresQuery {
        "SELECT count(*), coalesce(sum(size), 0)::bigint FROM packages WHERE location_uuid = \(uuid) AND status <> 'deleted'"
    }

    static func space(_ uuid: UUID) -> PostgresQuery {
        "SELECT uuid, kind, root FROM spaces WHERE uuid = \(uuid)"
    }
}
