import Foundation
import PostgresNIO

/// Decodes the columns of `JobsSQL.recordColumns` into a `JobRecord`.
enum JobRow {
    static func decode(_ row: PostgresRow) throws -> JobRecord {
        let c = row.makeRandomAccess()
        func v<T: PostgresDecodable>(_ i: Int, _: T.Type) throws -> T { try c[i].decode(T.self) }
        return JobRecord(
            id: try v(0, UUID.self),
            kind: try v(1, String.self),
            queue: try v(2, String.self),
            priority: Int(try v(3, Int32.self)),
            state: JobState(rawValue: try v(4, String.self)) ?? .failed,
            attempt: Int(try v(5, Int32.self)),
            maxAttempts: Int(try v(6, Int32.self)),
            args: try JSONValue(jsonText: try v(7, String.self)),
            result: try v(8, String?.self).map(JSONValue.init(jsonText:)),
            errors: try JSONValue(jsonText: try v(9, String.self)),
            packageUUID: try v(10, UUID?.self),
            batchID: try v(11, UUID?.self),
            idempotencyKey: try v(12, String?.self),
            progress: .init(done: try v(13, Int64?.self), total: try v(14, Int64?.self)),
            worker: try v(15, String?.self),
            createdAt: try v(16, String.self),
            runAt: try v(17, String.self),
            startedAt: try v(18, String?.self),
            finishedAt: try v(19, String?.self),
            submittedBy: try v(20, String.self).nonEmpty
        )
    }
}

extension String {
    /// Nil for the empty string, which the queue's columns use for "none".
    var nonEmpty: String? { isEmpty ? nil : self }
}
