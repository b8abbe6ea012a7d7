import Foundation
import PostgresNIO

/// Every statement on `locations` and `spaces`.
enum LocationsSQL {
    /// With the pipelines it serves (none: every pipeline).
    static let columns = """
        uuid, name, purpose, path, space_uuid, description, created_at, removable_source,
        ARRAY(SELECT lp.pipeline_uuid FROM location_pipelines lp WHERE lp.location_uuid = locations.uuid ORDER BY 1)
        """

    /// The location and its pipelines, in one statement.
    static func insert(_ l: Location) -> PostgresQuery {
        """
        WITH l AS (
          INSERT INTO locations (uuid, name, purpose, path, space_uuid, description, removable_source)
          VALUES (\(l.uuid), \(l.name), \(l.purpose.rawValue), \(l.path), \(l.spaceUUID), \(l.description), \(l.removableSource))
          ON CONFLICT DO NOTHING RETURNING uuid),
        p AS (INSERT INTO location_pipelines (location_uuid, pipeline_uuid) SELECT l.uuid, unnest(\(l.pipelines)::uuid[]) FROM l)
        SELECT uuid FROM l
        """
    }

    /// `pipeline` may use the location from now on (a no-op when it serves every pipeline).
    static func link(_ location: UUID, to pipeline: UUID) -> PostgresQuery {
        """
        INSERT INTO location_pipelines (location_uuid, pipeline_uuid)
        SELECT \(location), \(pipeline) WHERE EXISTS (SELECT 1 FROM location_pipelines WHERE location_uuid = \(location))
        ON CONFLICT DO NOTHING
        """
    }

    /// The location's row, locked against another change of it until the transaction
    /// ends (NO KEY: stores referring to it are not held up).
    static func lock(_ uuid: UUID) -> PostgresQuery {
        "SELECT uuid FROM locations WHERE uuid = \(uuid) FOR NO KEY UPDATE"
    }

    /// AIPs anywhere that a job is storing, moving or deleting, and copies in the
    /// location still to be made.
    static func unsettled(_ location: UUID) -> PostgresQuery {
        """
        SELECT (SELECT count(*) FROM packages WHERE status IN ('pending','moving','deleting'))
             + (SELECT count(*) FROM package_copies WHERE location_uuid = \(location) AND state = 'pending')
        """
    }

    /// The relative paths of the AIPs (primaries and replicas) kept in the location, but
    /// those an audit found missing.
    static func heldPaths(_ location: UUID) -> PostgresQuery {
        """
        SELECT path FROM packages WHERE location_uuid = \(location) AND status IN ('stored','damaged') AND primary_state <> 'missing'
        UNION ALL SELECT path FROM package_copies WHERE location_uuid = \(location) AND state <> 'missing'
        """
    }

    /// The location's new directory, and the leftovers recorded under its old one.
    static func setPath(_ uuid: UUID, from old: String, to new: String) -> PostgresQuery {
        """
        WITH l AS (UPDATE locations SET path = \(new) WHERE uuid = \(uuid))
        UPDATE packages SET cleanup_path = \(new) || substr(cleanup_path, length(\(old)) + 1)
        WHERE left(cleanup_path, length(\(old)) + 1) = \(old) || '/'
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

    /// By name; with a pipeline, only the locations it may use.
    static func list(purpose: String?, pipeline: UUID?) -> PostgresQuery {
        """
        SELECT \(unescaped: columns) FROM locations
        WHERE (\(purpose)::text IS NULL OR purpose = \(purpose))
          AND (\(pipeline)::uuid IS NULL
               OR NOT EXISTS (SELECT 1 FROM location_pipelines lp WHERE lp.location_uuid = locations.uuid)
               OR EXISTS (SELECT 1 FROM location_pipelines lp WHERE lp.location_uuid = locations.uuid AND lp.pipeline_uuid = \(pipeline)))
        ORDER BY name
        """
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
