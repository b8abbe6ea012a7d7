import Foundation
import PostgresNIO

/// Every statement on `api_keys`, `pipelines`, `deletion_requests` and `async_tasks`.
enum APISQL {
    // MARK: API keys

    static func insertKey(_ user: String, sha256: [UInt8], scopes: [String], by actor: String, replace: Bool) -> PostgresQuery {
        let bytes = ByteBuffer(bytes: sha256)
        return replace
            ? """
              INSERT INTO api_keys (username, key_sha256, scopes, created_by) VALUES (\(user), \(bytes), \(scopes), \(actor))
              ON CONFLICT (username) DO UPDATE SET key_sha256 = EXCLUDED.key_sha256, scopes = EXCLUDED.scopes, created_at = now(),
                created_by = EXCLUDED.created_by, last_used_at = NULL
              RETURNING username
              """
            : """
              INSERT INTO api_keys (username, key_sha256, scopes, created_by) VALUES (\(user), \(bytes), \(scopes), \(actor))
              ON CONFLICT DO NOTHING RETURNING username
              """
    }

    static let listKeys: PostgresQuery = "SELECT username, scopes, created_at, created_by, last_used_at FROM api_keys ORDER BY username"

    static func setScopes(_ user: String, _ scopes: [String]) -> PostgresQuery {
        "UPDATE api_keys SET scopes = \(scopes) WHERE username = \(user) RETURNING username"
    }

    static func deleteKey(_ user: String) -> PostgresQuery {
        "DELETE FROM api_keys WHERE username = \(user) RETURNING username"
    }

    /// The key's hash, and whether `last_used_at` is stale enough to be worth a write.
    static func keyHash(_ user: String) -> PostgresQuery {
        "SELECT key_sha256, coalesce(last_used_at < now() - interval '1 minute', true), scopes FROM api_keys WHERE username = \(user)"
    }

    static func touchKey(_ user: String) -> PostgresQuery {
        "UPDATE api_keys SET last_used_at = now() WHERE username = \(user)"
    }

    // MARK: Pipelines

    /// What any read of a pipeline returns: never its credentials.
    static let pipelineColumns = "uuid, description, remote_name, created_at"

    static func insertPipeline(_ uuid: UUID, description: String, remoteName: String, credentials: PipelineCredentials) -> PostgresQuery {
        """
        INSERT INTO pipelines (uuid, description, remote_name, api_username, api_key)
        VALUES (\(uuid), \(description), \(remoteName), \(credentials.username), \(credentials.key))
        ON CONFLICT DO NOTHING RETURNING \(unescaped: pipelineColumns)
        """
    }

    /// The registered among `uuids`.
    static func registeredPipelines(among uuids: [UUID]) -> PostgresQuery {
        "SELECT uuid FROM pipelines WHERE uuid = ANY(\(uuids))"
    }

    static let listPipelines: PostgresQuery = "SELECT \(unescaped: pipelineColumns) FROM pipelines ORDER BY created_at, uuid"

    /// Where and how to call a pipeline back: read by the job that calls it, never shown.
    static func pipelineRemote(_ uuid: UUID) -> PostgresQuery {
        "SELECT remote_name, api_username, api_key FROM pipelines WHERE uuid = \(uuid)"
    }

    static func pipeline(_ uuid: UUID) -> PostgresQuery {
        "SELECT \(unescaped: pipelineColumns) FROM pipelines WHERE uuid = \(uuid)"
    }

    // MARK: Deletion requests

    static let requestColumns = """
        id, package_uuid, reason, pipeline_uuid, user_id, user_email, requested_by, requested_at, status,
        decided_by, decided_at, decision_reason, job_id
        """

    /// Where requests of `kind` are kept.
    static func requestTable(_ kind: DeletionRequest.Kind) -> String {
        kind == .delete ? "deletion_requests" : "recovery_requests"
    }

    static func insertRequest(_ r: DeletionRequests.New) -> PostgresQuery {
        """
        INSERT INTO \(unescaped: requestTable(r.kind)) (package_uuid, reason, pipeline_uuid, user_id, user_email, requested_by)
        VALUES (\(r.package), \(r.reason), \(r.pipeline), \(r.userID), \(r.userEmail), \(r.actor))
        ON CONFLICT (package_uuid) WHERE status = 'pending' DO NOTHING
        RETURNING \(unescaped: requestColumns)
        """
    }

    static func requests(status: String?, package: UUID?, kind: DeletionRequest.Kind) -> PostgresQuery {
        """
        SELECT \(unescaped: requestColumns) FROM \(unescaped: requestTable(kind))
        WHERE (\(status)::text IS NULL OR status = \(status)) AND (\(package)::uuid IS NULL OR package_uuid = \(package))
        ORDER BY id
        """
    }

    static func request(_ id: Int64, kind: DeletionRequest.Kind) -> PostgresQuery {
        "SELECT \(unescaped: requestColumns) FROM \(unescaped: requestTable(kind)) WHERE id = \(id) FOR UPDATE"
    }

    static func decide(_ id: Int64, kind: DeletionRequest.Kind, status: String, by actor: String, reason: String, job: UUID?) -> PostgresQuery {
        """
        UPDATE \(unescaped: requestTable(kind)) SET status = \(status), decided_by = \(actor), decided_at = now(),
          decision_reason = \(reason), job_id = \(job)
        WHERE id = \(id) AND status = 'pending'
        """
    }

    /// Marks the AIP's pending deletion requests approved by the delete that removed it,
    /// and its pending recovery requests rejected: there is nothing left to recover.
    static func closeRequests(_ package: UUID, job: UUID, actor: String) -> PostgresQuery {
        """
        WITH recoveries AS (
          UPDATE recovery_requests SET status = 'rejected', decided_by = \(actor), decided_at = now(),
            decision_reason = 'the AIP was deleted by job ' || \(job.uuidString.lowercased())
          WHERE package_uuid = \(package) AND status = 'pending')
        UPDATE deletion_requests SET status = 'approved', decided_by = \(actor), decided_at = now(),
          decision_reason = 'the AIP was deleted by job ' || \(job.uuidString.lowercased()), job_id = \(job)
        WHERE package_uuid = \(package) AND status = 'pending'
        """
    }

    /// Of `uuids`, the AIPs with a deletion request pending.
    static func pendingRequests(among uuids: [UUID]) -> PostgresQuery {
        "SELECT package_uuid FROM deletion_requests WHERE status = 'pending' AND package_uuid = ANY(\(uuids))"
    }

    // MARK: v2 async ids

    static func asyncID(for job: UUID) -> PostgresQuery {
        """
        WITH new AS (INSERT INTO async_tasks (job_id) VALUES (\(job)) ON CONFLICT (job_id) DO NOTHING RETURNING id)
        SELECT id FROM new UNION ALL SELECT id FROM async_tasks WHERE job_id = \(job)
        """
    }

    static func asyncJob(_ id: Int64) -> PostgresQuery {
        "SELECT job_id, created_at FROM async_tasks WHERE id = \(id)"
    }
}
