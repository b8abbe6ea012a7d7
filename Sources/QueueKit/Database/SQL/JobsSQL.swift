import Foundation
import PostgresNIO

/// Every statement on the `jobs` table, each with a name, by concern: enqueue
/// (`JobsSQL+Enqueue`), an attempt's life (`+Attempts`), cancel and retry (`+Steering`),
/// the maintenance loops (`+Maintenance`), and here the reads. Hot-path statements are
/// prepared once per connection; every value is a bind. State changes are guarded in SQL
/// (`state = 'running' AND attempt = $n`), so a stale worker can never overwrite a job
/// that has moved on.
enum JobsSQL {
    /// Columns of `JobRecord`, in the order `JobRow.decode` reads them.
    static let recordColumns = """
        id, kind, queue, priority, state, attempt, max_attempts, args::text, result::text,
        errors::text, package_uuid, batch_id, idempotency_key, progress_done, progress_total,
        worker, rfc3339(created_at), rfc3339(run_at), rfc3339(started_at), rfc3339(finished_at),
        submitted_by
        """

    static func get(_ id: UUID) -> PostgresQuery {
        PostgresQuery(unsafeSQL: "SELECT \(recordColumns) FROM jobs WHERE id = $1", binds: binds(id))
    }

    /// Planner settings for a page of `job list` and for the worker's claims, endings and
    /// heartbeats: no sort, no bitmap and no scan of the whole table, so the rows are read
    /// (and an ending's locked) in index order and the read stops at its LIMIT. On
    /// statistics that say few jobs match (a table autovacuum has not analysed yet, a state
    /// that was empty then), PostgreSQL would rather gather every matching job and sort
    /// them: a million queued, for a page of 20; 300,000, for each claim of 250 (230 ms a
    /// claim); and it hashed every job to check that no other job runs on an AIP. Sorts
    /// with no other way (the claim's 250 candidates by AIP) still run, but the cost
    /// PostgreSQL adds to a disabled plan made it compile the claim with JIT each time
    /// (290 ms): so no JIT either.
    static let inIndexOrderSettings = [("enable_sort", "off"), ("enable_bitmapscan", "off"), ("enable_seqscan", "off"), ("jit", "off")]

    /// The same, for one transaction (a page of `job list`).
    static let inIndexOrder = PostgresQuery(unsafeSQL: "SELECT " + inIndexOrderSettings
        .map { "set_config('\($0.0)', '\($0.1)', true)" }.joined(separator: ", "))

    /// Newest first, `(created_at, id)` descending (the id as the indexes hold it, its
    /// bytes: migration 10), so that a page is a backward walk of an index that stops
    /// after `limit` rows, whatever the table's size: `jobs_listed`
    /// with a state, `jobs_batch_created_id` with a batch. Without either, one walk of
    /// `jobs_listed` per state, merged (`MergeAppend`) and then joined to their rows by
    /// id: the table keeps no index on `(created_at, id)` alone, which cost every insert
    /// and every change of state a seventh of its time (a million-job COPY: 6.4 s against
    /// 5.4 s without it). Only the filters given are in the WHERE (an `$1 = '' OR …`
    /// catch-all hides the index from a generic plan), and the cursor is one row comparison.
    static func list(_ f: JobFilter) -> PostgresQuery {
        var conditions: [String] = []
        var binds = PostgresBindings()
        func bind(_ value: some PostgresNonThrowingEncodable, _ condition: (String) -> String) {
            binds.append(value)
            conditions.append(condition("$\(binds.count)"))
        }
        // `lower(state)`, the expression of `jobs_listed`, which only this statement uses.
        if let state = f.state { bind(state.rawValue) { "lower(state) = \($0)" } }
        if let kind = f.kind { bind(kind) { "kind = \($0)" } }
        if let batch = f.batchID { bind(batch) { "batch_id = \($0)" } }
        if let queue = f.queue { bind(queue) { "queue = \($0)" } }
        if let after = f.after {
            binds.append(after.createdAt)
            binds.append(after.id)
            conditions.append("(created_at, uuid_send(id)) < ($\(binds.count - 1)::timestamptz, uuid_send($\(binds.count)::uuid))")
        }
        binds.append(Int32(f.limit))
        let limit = "$\(binds.count)"
        let newestFirst = "ORDER BY created_at DESC, uuid_send(id) DESC LIMIT \(limit)"
        func whereClause(_ extra: [String] = []) -> String {
            let all = extra + conditions
            return all.isEmpty ? "" : "WHERE " + all.joined(separator: " AND ")
        }
        let sql: String
        if f.state != nil || f.batchID != nil {
            sql = "SELECT \(recordColumns) FROM jobs \(whereClause()) \(newestFirst)"
        } else {
            let walks = JobState.allCases.map { state in
                "(SELECT id, created_at, uuid_send(id) AS key FROM jobs \(whereClause(["lower(state) = '\(state.rawValue)'"])) \(newestFirst))"
            }
            sql = """
                SELECT \(recordColumns) FROM (
                  SELECT id AS page_id, created_at AS page_at, key AS page_key FROM (\(walks.joined(separator: " UNION ALL "))) walks
                  ORDER BY created_at DESC, key DESC LIMIT \(limit)) page
                JOIN jobs ON id = page_id ORDER BY page_at DESC, page_key DESC
                """
        }
        var q = PostgresQuery(unsafeSQL: sql)
        q.binds = binds
        return q
    }

    /// The unfinished jobs of these AIPs, oldest first, from the view that says what
    /// unfinished means.
    static func unfinished(forPackages uuids: [UUID]) -> PostgresQuery {
        "SELECT package_uuid, id, kind FROM unfinished_jobs WHERE package_uuid = ANY(\(uuids)) ORDER BY created_at, id"
    }

    /// Which of `ids` have finished, for `job wait`.
    static func finished(among ids: [UUID]) -> PostgresQuery {
        "SELECT id, state FROM jobs WHERE id = ANY(\(ids)) AND finished_at IS NOT NULL"
    }

    static func existing(among ids: [UUID]) -> PostgresQuery {
        "SELECT id FROM jobs WHERE id = ANY(\(ids))"
    }

    /// Progress of the unfinished among `ids`: count, bytes done, bytes total.
    static func progress(among ids: [UUID]) -> PostgresQuery {
        """
        SELECT count(*) FILTER (WHERE finished_at IS NULL), coalesce(sum(progress_done), 0)::int8,
               coalesce(sum(progress_total), 0)::int8
        FROM jobs WHERE id = ANY(\(ids))
        """
    }

    private static func binds(_ id: UUID) -> PostgresBindings {
        var b = PostgresBindings()
        b.append(id)
        return b
    }
}

extension JobsSQL {
    /// Percentiles (ms) of submit→start and submit→finish of a batch, from the jobs' own
    /// timestamps.
    static func latency(batch: UUID) -> PostgresQuery {
        """
        WITH j AS (
          SELECT extract(epoch FROM started_at - created_at) * 1000 AS start_ms,
                 extract(epoch FROM finished_at - created_at) * 1000 AS total_ms
          FROM jobs WHERE batch_id = \(batch) AND state = 'succeeded')
        SELECT count(*)::int8,
               coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY start_ms), 0)::float8,
               coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY start_ms), 0)::float8,
               coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY start_ms), 0)::float8,
               coalesce(max(start_ms), 0)::float8,
               coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY total_ms), 0)::float8,
               coalesce(max(total_ms), 0)::float8
        FROM j
        """
    }
}
