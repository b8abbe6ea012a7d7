import Foundation

/// What a worker needs to run one attempt of a job it has claimed.
public struct ClaimedJob: Sendable {
    public var id: UUID
    public var kind: String
    public var args: JSONValue
    public var queue: String
    public var attempt: Int
    public var maxAttempts: Int
    public var packageUUID: UUID?
}
