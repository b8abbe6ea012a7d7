import Foundation

/// A copy of an AIP beyond its primary, in a replicator location: made by its own job
/// from the verified primary, and verified when it was made.
public struct PackageCopy: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        case pending, ok, missing, corrupt, repairing
    }

    /// Its own, as the v2 API's replica package (`/api/v2/file/<uuid>/`).
    public var uuid: UUID
    public var package: UUID
    public var locationUUID: UUID
    public var locationName: String
    /// Relative to the location; the primary's path when it was made.
    public var path: String
    /// The location's directory.
    public var locationPath: String
    public var fullPath: String { locationPath + "/" + path }
    public var state: State
    public var sha256: String?
    public var verifiedAt: Date?
}
