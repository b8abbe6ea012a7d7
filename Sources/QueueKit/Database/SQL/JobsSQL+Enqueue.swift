import Foundation
import NIOCore
import PostgresNIO

/// Bulk enqueue: `COPY` for jobs without keys or start times (a batch, `ping --no-wait`),
/// an `INSERT … SELECT unnest(…)` of one array per column for the rest.
extension JobsSQL {
    /// The columns of a bulk enqueue: one array per column, any number of jobs. Empty
    /// strings stand for NULL, because PostgresNIO binds no optional array elements.
    struct NewJobColumns: Sendable {
        var ids: [UUID], kinds: [String], queues: [String], priorities: [Int32], args: [String]
        var maxAttempts: [Int32], runAts: [String], keys: [String], batches: [String], packages: [String]
        var submitters: [String], digests: [String]

        static let insertSQL = """
            INSERT INTO jobs (id, kind, queue, priority, state, args, max_attempts, run_at,
                              idempotency_key, batch_id, package_uuid, submitted_by, idempotency_digest)
            SELECT u.id, u.kind, u.queue, u.priority,
                   CASE WHEN NULLIF(u.run_at, '')::timestamptz > now() THEN 'scheduled' ELSE 'queued' END,
                   u.args::jsonb, u.max_attempts, COALESCE(NULLIF(u.run_at, '')::timestamptz, now()),
                   NULLIF(u.key, ''), NULLIF(u.batch, '')::uuid, NULLIF(u.package, '')::uuid,
                   u.submitter, NULLIF(u.digest, '')
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int4[], $5::text[], $6::int4[],
                        $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
                 AS u(id, kind, queue, priority, args, max_attempts, run_at, key, batch, package, submitter, digest)
            """

        func bindings() -> PostgresBindings {
            var b = PostgresBindings(capacity: 12)
            b.append(ids); b.append(kinds); b.append(queues); b.append(priorities); b.append(args)
            b.append(maxAttempts); b.append(runAts); b.append(keys); b.append(batches); b.append(packages)
            b.append(submitters); b.append(digests)
            return b
        }
    }

    /// Bulk enqueue in one statement, for jobs without idempotency keys: nothing to
    /// report back, so no `RETURNING` (which costs a row per job).
    struct Insert: PostgresPreparedStatement {
        static let sql = NewJobColumns.insertSQL
        typealias Row = Int
        var columns: NewJobColumns
        func makeBindings() throws -> PostgresBindings { columns.bindings() }
        func decodeRow(_ row: PostgresRow) throws -> Int { 0 }
    }

    /// Bulk enqueue where some jobs carry idempotency keys: a key already taken skips its
    /// job, and the ids actually inserted come back.
    struct InsertKeyed: PostgresPreparedStatement {
        static let sql = NewJobColumns.insertSQL + """

            ON CONFLICT (submitted_by, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING id
            """
        typealias Row = UUID
        var columns: NewJobColumns
        func makeBindings() throws -> PostgresBindings { columns.bindings() }
        func decodeRow(_ row: PostgresRow) throws -> UUID { try row.decode(UUID.self) }
    }

    /// The jobs holding each submitter's key, with the digest each key is bound to.
    static func idsForKeys(_ submitters: [String], _ keys: [String]) -> PostgresQuery {
        """
        SELECT j.submitted_by, j.idempotency_key, j.id, j.idempotency_digest
        FROM unnest(\(submitters)::text[], \(keys)::text[]) AS k(submitter, key)
        JOIN jobs j ON j.submitted_by = k.submitter AND j.idempotency_key = k.key
        """
    }

    /// The `COPY` of jobs that need nothing of the database but their rows: no key to
    /// check, no start time to compare with its clock (`run_at`, `created_at` and the
    /// state come from the columns' defaults and `queued`). The table's trigger wakes idle
    /// workers once for the whole COPY, as for one INSERT.
    enum Copy {
        static let columns = ["id", "kind", "queue", "priority", "state", "args", "max_attempts",
                              "batch_id", "package_uuid", "submitted_by"]

        /// Fewer jobs than this go in one INSERT: a COPY costs a round trip more.
        static let threshold = 64

        static func applies(to jobs: [NewJob]) -> Bool {
            jobs.count >= threshold && jobs.allSatisfy(takes)
        }

        /// A job COPY can insert: nothing to check against the database (no key) and no
        /// start time to compare with its clock.
        static func takes(_ job: NewJob) -> Bool {
            job.idempotencyKey == nil && job.runAt == nil
        }

        /// One line of COPY's text format per job.
        static func append(_ job: NewJob, to buffer: inout ByteBuffer) {
            uuid(job.id, to: &buffer)
            buffer.writeInteger(UInt8(ascii: "\t"))
            text(job.kind, to: &buffer)
            text(job.queue, to: &buffer)
            buffer.writeString(String(Int32(clamping: job.priority)))
            buffer.writeString("\tqueued\t")
            text(job.argsJSON, to: &buffer)
            buffer.writeString(String(Int32(clamping: job.maxAttempts)))
            buffer.writeInteger(UInt8(ascii: "\t"))
            uuid(job.batchID, to: &buffer)
            buffer.writeInteger(UInt8(ascii: "\t"))
            uuid(job.packageUUID, to: &buffer)
            buffer.writeInteger(UInt8(ascii: "\t"))
            text(job.submittedBy, to: &buffer, last: true)
        }

        /// A UUID's 36 characters, or `\N`.
        private static func uuid(_ id: UUID?, to buffer: inout ByteBuffer) {
            guard let id else { buffer.writeStaticString("\\N"); return }
            id.writeHexText(to: &buffer)
        }

        /// A text field and its delimiter, with COPY's escapes for the bytes it gives
        /// meaning to (backslash, tab, newline, carriage return).
        private static func text(_ value: String, to buffer: inout ByteBuffer, last: Bool = false) {
            let special: (UInt8) -> Bool = { $0 == UInt8(ascii: "\\") || $0 == 9 || $0 == 10 || $0 == 13 }
            if !value.utf8.contains(where: special) {
                buffer.writeString(value)
            } else {
                for byte in value.utf8 {
                    switch byte {
                    case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                    case 9: buffer.writeStaticString("\\t")
                    case 10: buffer.writeStaticString("\\n")
                    case 13: buffer.writeStaticString("\\r")
                    default: buffer.writeInteger(byte)
                    }
                }
            }
            buffer.writeInteger(last ? UInt8(ascii: "\n") : UInt8(ascii: "\t"))
        }
    }
}
