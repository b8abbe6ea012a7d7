import Foundation
import PostgresNIO

/// Every statement on `location_replicas` and `package_copies`.
enum CopiesSQL {
    static func replicas(of location: UUID) -> PostgresQuery {
        "SELECT replica_uuid FROM location_replicas WHERE location_uuid = \(location) ORDER BY replica_uuid"
    }

    /// Replaces the location's replicas with `replicas` (none: it replicates nowhere).
    static func setReplicas(_ location: UUID, _ replicas: [UUID]) -> PostgresQuery {
        """
        WITH gone AS (DELETE FROM location_replicas WHERE location_uuid = \(location) AND replica_uuid <> ALL(\(replicas)::uuid[]))
        INSERT INTO location_replicas (location_uuid, replica_uuid) SELECT \(location), unnest(\(replicas)::uuid[]) ON CONFLICT DO NOTHING
        """
    }

    static let copyColumns = "c.location_uuid, l.name, c.path, l.path || '/' || c.path, c.state, c.sha256, c.verified_at"

    static func copies(of package: UUID) -> PostgresQuery {
        """
        SELECT \(unescaped: copyColumns) FROM package_copies c JOIN locations l ON l.uuid = c.location_uuid
        WHERE c.package_uuid = \(package) ORDER BY l.name
        """
    }

    /// A copy to be made (again): pending, whatever it was. An existing copy keeps its
    /// recorded path until the job has made the new one (and removed the old).
    static func pending(_ package: UUID, at location: UUID, path: String) -> PostgresQuery {
        """
        INSERT INTO package_copies (package_uuid, location_uuid, path, state) VALUES (\(package), \(location), \(path), 'pending')
        ON CONFLICT (package_uuid, location_uuid) DO UPDATE SET state = 'pending', updated_at = now()
        """
    }

    static func verified(_ package: UUID, at location: UUID, path: String, sha256: String) -> PostgresQuery {
        """
        UPDATE package_copies SET state = 'ok', path = \(path), sha256 = \(sha256), verified_at = now(), updated_at = now()
        WHERE package_uuid = \(package) AND location_uuid = \(location)
        """
    }

    static func setState(_ package: UUID, at location: UUID, _ state: String) -> PostgresQuery {
        "UPDATE package_copies SET state = \(state), updated_at = now() WHERE package_uuid = \(package) AND location_uuid = \(location)"
    }

    static func remove(_ package: UUID, at location: UUID) -> PostgresQuery {
        "DELETE FROM package_copies WHERE package_uuid = \(package) AND location_uuid = \(location)"
    }
}
