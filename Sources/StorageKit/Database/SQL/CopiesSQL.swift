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

    static let copyColumns = "c.uuid, c.package_uuid, c.location_uuid, l.name, c.path, l.path, c.state, c.sha256, c.verified_at"

    static func copies(of packages: [UUID]) -> PostgresQuery {
        """
        SELECT \(unescaped: copyColumns) FROM package_copies c JOIN locations l ON l.uuid = c.location_uuid
        WHERE c.package_uuid = ANY(\(packages)) ORDER BY c.package_uuid, l.name
        """
    }

    static func copy(_ uuid: UUID) -> PostgresQuery {
        "SELECT \(unescaped: copyColumns) FROM package_copies c JOIN locations l ON l.uuid = c.location_uuid WHERE c.uuid = \(uuid)"
    }

    /// A copy to be made (again): pending, whatever it was. An existing copy keeps its
    /// recorded path until the job has made the new one (and removed the old).
    static func pending(_ package: UUID, at location: UUID, path: String) -> PostgresQuery {
        """
        INSERT INTO package_copies (package_uuid, location_uuid, path, state) VALUES (\(package), \(location), \(path), 'pending')
        ON CONFLICT (package_uuid, location_uuid) DO UPDATE SET state = 'pending', updated_at = now()
        """
    }

    /// A pending copy in `replica` of every AIP stored in `location` without one there;
    /// returns their UUIDs.
    static func pendingForAll(in location: UUID, at replica: UUID) -> PostgresQuery {
        """
        INSERT INTO package_copies (package_uuid, location_uuid, path, state)
        SELECT p.uuid, \(replica), p.path, 'pending' FROM packages p WHERE p.location_uuid = \(location) AND p.status = 'stored'
        ON CONFLICT (package_uuid, location_uuid) DO NOTHING
        RETURNING package_uuid
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

    /// What an audit found of the copy: `ok` (verified now), or `missing`, `corrupt` or
    /// `repairing`, its last verification kept.
    static func audited(_ package: UUID, at location: UUID, _ state: PackageCopy.State) -> PostgresQuery {
        let ok = state == .ok
        return """
        UPDATE package_copies SET state = \(state.rawValue), verified_at = CASE WHEN \(ok) THEN now() ELSE verified_at END, updated_at = now()
        WHERE package_uuid = \(package) AND location_uuid = \(location)
        """
    }

    static func remove(_ package: UUID, at location: UUID) -> PostgresQuery {
        "DELETE FROM package_copies WHERE package_uuid = \(package) AND location_uuid = \(location)"
    }
}
