import Foundation

/// A job to enqueue. The id is chosen by the client so that a bulk insert can hand back
/// each job's id without relying on the order of `RETURNING`.
public struct NewJob: Sendable {
    public var id: UUID
    public var kind: String
    /// The arguments as JSON text, as stored.
    public var argsJSON: String
    public var args: JSONValue {
        get { (try? JSONValue(jsonText: argsJSON)) ?? .null }
        set { argsJSON = newValue.jsonText }
    }
    public var queue: String
    public var priority: Int
    public var maxAttempts: Int
    /// When set in the future the job is `scheduled`; otherwise `queued`.
    public var runAt: Date?
    /// Unique among the jobs of one submitter.
    public var idempotencyKey: String?
    /// The digest of the request the key was sent with; a later request with the same key
    /// and another digest is refused. Nil: the key is not bound to a request.
    public var idempotencyDigest: String?
    /// The API user who submitted it; empty for an operator on the host.
    public var submittedBy = ""
    public var batchID: UUID?
    /// The AIP the job acts on: at most one job per package runs at a time.
    public var packageUUID: UUID?

    public init(
        id: UUID = .timeOrdered(), kind: String, args: JSONValue = .object([:]), queue: String = "default",
        priority: Int = 0, maxAttempts: Int = 25, runAt: Date? = nil, idempotencyKey: String? = nil,
        batchID: UUID? = nil, packageUUID: UUID? = nil
    ) {
        self.init(id: id, kind: kind, argsJSON: args.jsonText, queue: queue, priority: priority, maxAttempts: maxAttempts,
                  idempotencyKey: idempotencyKey, batchID: batchID, packageUUID: packageUUID)
        self.runAt = runAt
    }

    /// A job whose arguments are already JSON text: a submission of 100,000 jobs encodes
    /// each job's arguments once, straight to text (and a million `ping` jobs none).
    public init(
        id: UUID = .timeOrdered(), kind: String, argsJSON: String, queue: String = "default", priority: Int = 0,
        maxAttempts: Int = 25, idempotencyKey: String? = nil, batchID: UUID? = nil, packageUUID: UUID? = nil
    ) {
        self.id = id
        self.kind = kind
        self.argsJSON = argsJSON
        self.queue = queue
        self.priority = priority
        self.maxAttempts = maxAttempts
        self.idempotencyKey = idempotencyKey
        self.batchID = batchID
        self.packageUUID = packageUUID
    }
}
