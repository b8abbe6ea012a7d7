import Foundation

/// A job row as users see it (`ss-cli job status --json`, the HTTP API).
///
/// Times are RFC 3339 strings in UTC with microseconds, formatted by PostgreSQL itself so
/// that no precision is lost in a `Date` round trip.
public struct JobRecord: Sendable, Codable, Equatable {
    public struct Progress: Sendable, Codable, Equatable {
        public var done: Int64?
        public var total: Int64?
    }

    public var id: UUID
    public var kind: String
    public var queue: String
    public var priority: Int
    public var state: JobState
    public var attempt: Int
    public var maxAttempts: Int
    public var args: JSONValue
    public var result: JSONValue?
    public var errors: JSONValue
    public var packageUUID: UUID?
    public var batchID: UUID?
    public var idempotencyKey: String?
    public var progress: Progress
    public var worker: String?
    public var createdAt: String
    public var runAt: String
    public var startedAt: String?
    public var finishedAt: String?
    /// The API user who submitted the job; nil for an operator on the host.
    public var submittedBy: String?

    enum CodingKeys: String, CodingKey {
        case id, kind, queue, priority, state, attempt, args, result, errors, progress, worker
        case maxAttempts = "max_attempts"
        case packageUUID = "package_uuid"
        case batchID = "batch_id"
        case idempotencyKey = "idempotency_key"
        case createdAt = "created_at"
        case runAt = "run_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case submittedBy = "submitted_by"
    }

    /// Encodes every key, `null` included, so scripts can rely on the document's shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.uuidString.lowercased(), forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(queue, forKey: .queue)
        try c.encode(priority, forKey: .priority)
        try c.encode(state, forKey: .state)
        try c.encode(attempt, forKey: .attempt)
        try c.encode(maxAttempts, forKey: .maxAttempts)
        try c.encode(args, forKey: .args)
        try c.encode(result ?? .null, forKey: .result)
        try c.encode(errors, forKey: .errors)
        try c.encode(packageUUID?.uuidString.lowercased(), forKey: .packageUUID)
        try c.encode(batchID?.uuidString.lowercased(), forKey: .batchID)
        try c.encode(idempotencyKey, forKey: .idempotencyKey)
        try c.encode(progress, forKey: .progress)
        try c.encode(worker, forKey: .worker)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(runAt, forKey: .runAt)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(submittedBy, forKey: .submittedBy)
    }
}

extension JobRecord.Progress {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(done, forKey: .done)
        try c.encode(total, forKey: .total)
    }
}
