import Foundation
import PostgresNIO

/// Every statement on `batches`, and those that read a batch's jobs (cancelling them is
/// `JobsSQL.cancel(.batch(_:))`, the one cancel rule).
enum BatchesSQL {
    /// Returns the id when inserted; nothing when the key is taken.
    static func insert(_ id: UUID, key: String?, digest: String?, submitter: String, jobs: Int) -> PostgresQuery {
        """
        INSERT INTO batches (id, idempotency_key, idempotency_digest, submitted_by, jobs)
        VALUES (\(id), \(key), \(digest), \(submitter), \(jobs))
        ON CONFLICT (submitted_by, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING id
        """
    }

    static func byKey(_ key: String, submitter: String) -> PostgresQuery {
        "SELECT id, idempotency_digest FROM batches WHERE submitted_by = \(submitter) AND idempotency_key = \(key)"
    }

    /// The newest batches, each with its jobs per state (a row per batch and state; a
    /// batch whose jobs are all pruned has one row with no state).
    static func recent(limit: Int) -> PostgresQuery {
        """
        SELECT b.id, b.created_at, b.submitted_by, c.state, coalesce(c.n, 0)::int8
        FROM (SELECT id, created_at, submitted_by FROM batches ORDER BY created_at DESC, id DESC LIMIT \(limit)) b
        LEFT JOIN LATERAL (SELECT state, count(*) AS n FROM jobs WHERE batch_id = b.id GROUP BY state) c ON true
        ORDER BY b.created_at DESC, b.id DESC
        """
    }

    static func submitter(_ id: UUID) -> PostgresQuery {
        "SELECT submitted_by FROM batches WHERE id = \(id)"
    }

    /// Jobs per state, and the bytes done and to do of those that report progress.
    static func counts(_ id: UUID) -> PostgresQuery {
        """
        SELECT state, count(*)::int8, coalesce(sum(progress_done), 0)::int8, coalesce(sum(progress_total), 0)::int8
        FROM jobs WHERE batch_id = \(id) GROUP BY state
        """
    }

    /// The latest error of the first failed (or retrying) jobs, oldest first.
    static func firstErrors(_ id: UUID, limit: Int) -> PostgresQuery {
        """
        SELECT id, state, coalesce(errors -> -1 ->> 'code', ''), coalesce(errors -> -1 ->> 'message', '')
        FROM jobs WHERE batch_id = \(id) AND jsonb_array_length(errors) > 0 AND state IN ('failed','retryable')
        ORDER BY created_at, uuid_send(id) LIMIT \(limit)
        """
    }

    static func exists(_ id: UUID) -> PostgresQuery {
        "SELECT EXISTS (SELECT 1 FROM batches WHERE id = \(id)) OR EXISTS (SELECT 1 FROM jobs WHERE batch_id = \(id))"
    }

    static func jobIDs(_ id: UUID) -> PostgresQuery {
        "SELECT id FROM jobs WHERE batch_id = \(id) ORDER BY created_at, uuid_send(id)"
    }

    /// Batches whose jobs are all gone (pruned) and that are past the longest retention.
    static func prune(olderThanSeconds: Double) -> PostgresQuery {
        """
        WITH gone AS (
          DELETE FROM batches b WHERE created_at < now() - make_interval(secs => \(olderThanSeconds))
            AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.batch_id = b.id) RETURNING 1
        ) SELECT count(*)::int8 FROM gone
        """
    }
}
