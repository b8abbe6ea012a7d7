import Foundation

/// What `job list` narrows by; nil means any.
public struct JobFilter: Sendable {
    public var state: JobState?
    public var kind: String?
    public var batchID: UUID?
    public var queue: String?
    public var limit: Int

    public init(state: JobState? = nil, kind: String? = nil, batchID: UUID? = nil, queue: String? = nil, limit: Int = 50) {
        self.state = state
        self.kind = kind
        self.batchID = batchID
        self.queue = queue
        self.limit = limit
    }
}
