import Foundation
import PostgresNIO

/// Cancel and retry: the one place that says what cancelling means, for a job or a batch.
extension JobsSQL {
    /// The jobs a cancel acts on: one job, or every job of a batch.
    enum Selection {
        case job(UUID)
        case batch(UUID)

        fileprivate var condition: String {
            switch self {
            case .job: "id = $1"
            case .batch: "batch_id = $1"
            }
        }

        fileprivate var id: UUID {
            switch self {
            case .job(let id), .batch(let id): id
            }
        }
    }

    /// Locks one job for a state change decided in Swift (cancel, retry).
    static func lockState(_ id: UUID) -> PostgresQuery {
        "SELECT state, queue FROM jobs WHERE id = \(id) FOR UPDATE"
    }

    /// Cancels the selected jobs that wait (queued, scheduled, retrying) at once, and asks
    /// the workers of the running ones to stop them (NOTIFY; the heartbeat's answer says it
    /// too, for a worker that missed it). Returns how many of each. A job already asked to
    /// stop that waits as `retryable` was rescued from a dead worker so that a worker undoes
    /// what it began (`rescue`): it is left to that worker, and counted as asked.
    static func cancel(_ selection: Selection, schema: QueueSchema) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(selection.id)
        binds.append(schema.doneChannel)
        binds.append(schema.workerChannel)
        return PostgresQuery(unsafeSQL: """
            WITH now_cancelled AS (
              UPDATE jobs SET state = 'cancelled', finished_at = now(), cancel_requested_at = now()
              WHERE \(selection.condition) AND state IN ('queued','scheduled','retryable')
                AND NOT (state = 'retryable' AND cancel_requested_at IS NOT NULL) RETURNING id
            ), asked AS (
              UPDATE jobs SET cancel_requested_at = COALESCE(cancel_requested_at, now())
              WHERE \(selection.condition)
                AND (state = 'running' OR (state = 'retryable' AND cancel_requested_at IS NOT NULL)) RETURNING id
            ), woke_waiters AS (
              SELECT pg_notify($2, '') FROM (SELECT 1 FROM now_cancelled LIMIT 1) x
            ), woke_workers AS (
              SELECT pg_notify($3, 'cancel ' || id) FROM asked
            )
            SELECT (SELECT count(*) FROM now_cancelled)::int8, (SELECT count(*) FROM asked)::int8,
                   (SELECT count(*) FROM woke_waiters)::int8, (SELECT count(*) FROM woke_workers)::int8
            """, binds: binds)
    }

    static func retry(_ id: UUID, workerChannel: String) -> PostgresQuery {
        """
        UPDATE jobs SET state = 'queued', attempt = 0, run_at = now(), finished_at = NULL,
               cancel_requested_at = NULL, result = NULL, progress_done = NULL, progress_total = NULL
        WHERE id = \(id) AND state IN ('failed','cancelled')
        RETURNING pg_notify(\(workerChannel), 'ready ' || queue)::text
        """
    }
}
