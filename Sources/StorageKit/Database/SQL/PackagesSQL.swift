import Foundation
import PostgresNIO
import QueueKit

/// Every statement on `packages` and `package_events`.
enum PackagesSQL {
    /// A package's columns, in the order `Packages.package` reads them.
    static let columns = """
        p.uuid, p.name, p.status, p.location_uuid, l.name, p.path, l.path, p.size, p.sha256, p.stored_at, p.cleanup_path, p.cleanup_job,
        p.package_type, p.origin_pipeline, p.misc_attributes::text, p.primary_state, p.audited_at
        """

    static let select = """
        SELECT \(columns)
        FROM packages p JOIN locations l ON l.uuid = p.location_uuid
        """

    /// The PREMIS events and agents a pipeline sent with the package, for its pointer file.
    static func premis(_ uuid: UUID) -> PostgresQuery {
        "SELECT premis::text FROM packages WHERE uuid = \(uuid)"
    }

    static func get(_ uuid: UUID) -> PostgresQuery {
        "\(unescaped: select) WHERE p.uuid = \(uuid)"
    }

    /// Newest first, a backward walk of `packages_created` that stops after `limit` rows.
    static func list(location: UUID?, status: String?, limit: Int) -> PostgresQuery {
        """
        \(unescaped: select)
        WHERE (\(location)::uuid IS NULL OR p.location_uuid = \(location)) AND (\(status)::text IS NULL OR p.status = \(status))
        ORDER BY p.created_at DESC, p.uuid DESC LIMIT \(limit)
        """
    }

    /// The packages whose name begins with `text`, in any case, in name order (the
    /// dashboard's search): a range of `packages_name_prefix`, read no further than `limit`.
    /// `%`, `_` and `\` in `text` stand for themselves.
    static func search(name text: String, limit: Int) -> PostgresQuery {
        let pattern = text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        return """
            \(unescaped: select)
            WHERE (lower(p.name) COLLATE "C") LIKE (lower(\(pattern)) || '%')
            ORDER BY (lower(p.name) COLLATE "C"), p.uuid LIMIT \(limit)
            """
    }

    /// The status as Archivematica's Storage Service names it: a stored AIP with a deletion
    /// request pending is `DEL_REQ`, as is one being deleted (`RECOVER_REQ` with a recovery
    /// request pending); one with a move submitted is
    /// `MOVING` from the submission on (not only once a worker starts it), read from the
    /// queue's `unfinished_jobs` view.
    static let archivematicaStatus = """
        CASE p.status
          WHEN 'stored' THEN CASE
            WHEN EXISTS (SELECT 1 FROM deletion_requests d WHERE d.package_uuid = p.uuid AND d.status = 'pending') THEN 'DEL_REQ'
            WHEN EXISTS (SELECT 1 FROM recovery_requests r WHERE r.package_uuid = p.uuid AND r.status = 'pending') THEN 'RECOVER_REQ'
            WHEN EXISTS (SELECT 1 FROM unfinished_jobs j WHERE j.package_uuid = p.uuid AND j.kind = 'aip.move') THEN 'MOVING'
            ELSE 'UPLOADED' END
          WHEN 'pending' THEN 'PENDING' WHEN 'moving' THEN 'MOVING' WHEN 'deleting' THEN 'DEL_REQ' WHEN 'deleted' THEN 'DELETED'
          ELSE 'FAIL' END
        """

    /// One page in the order the Storage Service lists (oldest first): the columns of
    /// `select`, then the Archivematica status.
    static func page(_ q: PackageQuery) -> PostgresQuery {
        """
        SELECT * FROM (
          SELECT \(unescaped: columns), \(unescaped: archivematicaStatus) AS am_status, p.created_at AS created
          FROM packages p JOIN locations l ON l.uuid = p.location_uuid) s
        WHERE (\(q.uuid)::uuid IS NULL OR uuid = \(q.uuid)) AND (\(q.location)::uuid IS NULL OR location_uuid = \(q.location))
          AND (\(q.archivematicaStatuses)::text[] IS NULL OR am_status = ANY(\(q.archivematicaStatuses)))
          AND (\(q.types)::text[] IS NULL OR package_type = ANY(\(q.types)))
        ORDER BY created, uuid LIMIT \(q.limit) OFFSET \(q.offset)
        """
    }

    static func count(_ q: PackageQuery) -> PostgresQuery {
        """
        SELECT count(*)::int FROM (SELECT p.uuid, p.location_uuid, p.package_type, \(unescaped: archivematicaStatus) AS am_status FROM packages p) s
        WHERE (\(q.uuid)::uuid IS NULL OR uuid = \(q.uuid)) AND (\(q.location)::uuid IS NULL OR location_uuid = \(q.location))
          AND (\(q.archivematicaStatuses)::text[] IS NULL OR am_status = ANY(\(q.archivematicaStatuses)))
          AND (\(q.types)::text[] IS NULL OR package_type = ANY(\(q.types)))
        """
    }

    /// What a submission checks of each AIP (`Packages.Standing`).
    static func standings(_ uuids: [UUID]) -> PostgresQuery {
        """
        SELECT p.uuid, p.status, p.location_uuid, l.name, p.package_type
        FROM packages p JOIN locations l ON l.uuid = p.location_uuid WHERE p.uuid = ANY(\(uuids))
        """
    }

    /// Serialises submissions that store the same UUIDs (until the transaction ends), so
    /// a store's checks and its insert cannot race another store of the same AIP, whether
    /// or not its row exists yet.
    static func lock(_ uuids: [UUID]) -> PostgresQuery {
        "SELECT count(pg_advisory_xact_lock(hashtextextended(u::text, 7))) FROM (SELECT unnest(\(uuids)::uuid[]) AS u ORDER BY 1) s"
    }

    /// New AIPs to store, or ones stored again under the same UUID (failed, deleted, or
    /// pending with no job, which the caller checked under `lock`); returns the UUIDs
    /// written, so that a row in any other status is refused rather than overwritten.
    static func upsertPending(uuids: [UUID], names: [String], locations: [UUID], paths: [String], types: [String]) -> PostgresQuery {
        """
        INSERT INTO packages (uuid, name, status, location_uuid, path, package_type)
        SELECT u.uuid, u.name, 'pending', u.location, u.path, u.type
        FROM unnest(\(uuids)::uuid[], \(names)::text[], \(locations)::uuid[], \(paths)::text[], \(types)::text[]) AS u(uuid, name, location, path, type)
        ON CONFLICT (uuid) DO UPDATE SET name = EXCLUDED.name, status = 'pending', location_uuid = EXCLUDED.location_uuid,
          package_type = EXCLUDED.package_type,
          path = EXCLUDED.path, size = NULL, sha256 = NULL, stored_at = NULL, cleanup_path = NULL, cleanup_job = NULL, updated_at = now()
        WHERE packages.status IN ('failed', 'deleted', 'pending')
        RETURNING uuid
        """
    }

    /// Unfinished jobs that act on these AIPs (a store, move… queued or running).
    static func setStatus(_ uuid: UUID, _ status: PackageStatus) -> PostgresQuery {
        "UPDATE packages SET status = \(status.rawValue), updated_at = now() WHERE uuid = \(uuid)"
    }

    /// Puts a package back from a status its job set, and only from that one: a failure
    /// after the package moved on (stored, say) must not undo what was committed.
    static func setStatus(_ uuid: UUID, _ status: PackageStatus, from previous: PackageStatus) -> PostgresQuery {
        "UPDATE packages SET status = \(status.rawValue), updated_at = now() WHERE uuid = \(uuid) AND status = \(previous.rawValue)"
    }

    /// Remembers what the copy hashed to before it is renamed into place, so a retry can
    /// tell a complete copy from anything else.
    static func recordDigest(_ uuid: UUID, size: Int64, sha256: String) -> PostgresQuery {
        "UPDATE packages SET size = \(size), sha256 = \(sha256), updated_at = now() WHERE uuid = \(uuid)"
    }

    /// The package is now at `location`/`path`; `cleanup` is a copy still to remove, left by `job`.
    static func placed(_ uuid: UUID, location: UUID, path: String, cleanup: String?, job: UUID, stored: Bool) -> PostgresQuery {
        let cleanupJob: UUID? = cleanup == nil ? nil : job
        return """
        UPDATE packages SET status = 'stored', location_uuid = \(location), path = \(path), cleanup_path = \(cleanup),
          cleanup_job = \(cleanupJob),
          stored_at = CASE WHEN \(stored) THEN now() ELSE stored_at END,
          audited_at = CASE WHEN \(stored) THEN now() ELSE audited_at END, primary_state = 'ok', updated_at = now()
        WHERE uuid = \(uuid)
        """
    }

    /// The re-ingested version's name, size and digest, with the PREMIS events and agents
    /// its pipeline sent (the old ones kept when it sent none); the re-ingest is over.
    static func reingested(_ uuid: UUID, name: String, size: Int64, sha256: String, premis: JSONValue?) -> PostgresQuery {
        """
        UPDATE packages SET name = \(name), size = \(size), sha256 = \(sha256), premis = coalesce(\(premis?.jsonText)::jsonb, premis),
          primary_state = 'ok',
          misc_attributes = misc_attributes - 'reingest_pipeline', updated_at = now()
        WHERE uuid = \(uuid)
        """
    }

    static func clearCleanup(_ uuid: UUID) -> PostgresQuery {
        "UPDATE packages SET cleanup_path = NULL, cleanup_job = NULL, updated_at = now() WHERE uuid = \(uuid)"
    }

    /// What the pipeline said of the package; its relations replace the ones it had (the
    /// statement's parts share one snapshot, so a relation kept is never deleted and
    /// re-inserted).
    static func describe(_ uuid: UUID, _ d: PackageDescription) -> PostgresQuery {
        """
        WITH p AS (
          UPDATE packages SET package_type = \(d.type.rawValue), origin_pipeline = \(d.originPipeline),
            misc_attributes = \(d.miscAttributes.jsonText)::jsonb, premis = \(d.premis?.jsonText)::jsonb, updated_at = now()
          WHERE uuid = \(uuid) RETURNING uuid),
        gone AS (DELETE FROM package_relations r USING p WHERE r.package_uuid = p.uuid AND r.related_uuid <> ALL(\(d.related)::uuid[]))
        INSERT INTO package_relations (package_uuid, related_uuid)
        SELECT p.uuid, unnest(\(d.related)::uuid[]) FROM p ON CONFLICT DO NOTHING
        """
    }

    /// Holds the package's row until the transaction ends: two submissions for one AIP
    /// (a pipeline that sends its request twice) are checked one after the other.
    static func lock(_ uuid: UUID) -> PostgresQuery {
        "SELECT uuid FROM packages WHERE uuid = \(uuid) FOR UPDATE"
    }

    /// Marks a re-ingest on `pipeline` as begun, unless one is (`reingest_pipeline` set and
    /// not null): the row comes back only when this call marked it.
    static func beginReingest(_ uuid: UUID, pipeline: UUID) -> PostgresQuery {
        """
        UPDATE packages SET misc_attributes = misc_attributes || jsonb_build_object('reingest_pipeline', \(pipeline.uuidString.lowercased())::text),
          updated_at = now()
        WHERE uuid = \(uuid) AND coalesce(misc_attributes->>'reingest_pipeline', '') = '' RETURNING uuid
        """
    }

    /// Forgets the re-ingest on `pipeline` (one that failed), not one begun since on another.
    static func endReingest(_ uuid: UUID, pipeline: UUID) -> PostgresQuery {
        """
        UPDATE packages SET misc_attributes = misc_attributes - 'reingest_pipeline', updated_at = now()
        WHERE uuid = \(uuid) AND misc_attributes->>'reingest_pipeline' = \(pipeline.uuidString.lowercased())
        """
    }

    static func clearReingest(_ uuid: UUID) -> PostgresQuery {
        "UPDATE packages SET misc_attributes = misc_attributes - 'reingest_pipeline', updated_at = now() WHERE uuid = \(uuid) RETURNING uuid"
    }

    /// The packages related to each of `uuids`, both ways.
    static func related(_ uuids: [UUID]) -> PostgresQuery {
        """
        SELECT package_uuid, related_uuid FROM package_relations WHERE package_uuid = ANY(\(uuids))
        UNION SELECT related_uuid, package_uuid FROM package_relations WHERE related_uuid = ANY(\(uuids))
        """
    }

    static func addEvent(_ uuid: UUID, _ e: PackageEvent) -> PostgresQuery {
        """
        INSERT INTO package_events (package_uuid, type, outcome, detail, actor, job_id)
        VALUES (\(uuid), \(e.type), \(e.outcome), \(e.detail), \(e.actor), \(e.jobID))
        """
    }

    static func events(_ uuid: UUID) -> PostgresQuery {
        "SELECT type, at, outcome, detail, actor, job_id FROM package_events WHERE package_uuid = \(uuid) ORDER BY id"
    }
}
