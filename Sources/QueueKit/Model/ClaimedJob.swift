import Foundation

/// What a worker needs to run one attempt of a job it has claimed.
public struct ClaimedJob: Sendable {
    public var id: UUID
    public var kind: String
    /// The arguments as stored (JSON text); handlers get them decoded as their `Arguments`.
    public var argsJSON: String
    public var queue: String
    public var attempt: Int
    public var maxAttempts: Int
    public var packageUUID: UUID?
    /// A cancel was asked for before this attempt began (its previous worker died while
    /// running it): the attempt starts stopped, so the handler undoes what was begun.
    public var cancelRequested: Bool = false
}
