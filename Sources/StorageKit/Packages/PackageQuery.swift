import Foundation

/// What the v2 API's `file/` list narrows by, and which page of it.
public struct PackageQuery: Sendable {
    /// The statuses Archivematica's Storage Service knows.
    public static let archivematicaStatuses = ["PENDING", "STAGING", "UPLOADED", "VERIFIED", "FAIL", "DEL_REQ", "DELETED", "FINALIZE", "MOVING", "RECOVER_REQ"]

    public var uuid: UUID?
    public var location: UUID?
    /// Archivematica statuses (`UPLOADED`, `DEL_REQ`, …); nil means any.
    public var archivematicaStatuses: [String]?
    /// Package types (`AIP`, `AIC`); nil means any.
    public var types: [String]?
    public var limit: Int
    public var offset: Int

    public init(uuid: UUID? = nil, location: UUID? = nil, archivematicaStatuses: [String]? = nil, limit: Int = 20, offset: Int = 0) {
        self.uuid = uuid
        self.location = location
        self.archivematicaStatuses = archivematicaStatuses
        self.limit = limit
        self.offset = offset
    }
}
