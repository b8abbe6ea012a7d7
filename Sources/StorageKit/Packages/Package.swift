import Foundation

/// Where an AIP is in its life. `moving` and `deleting` last while their job runs (and
/// after a crash, until the job's retry finishes it). `damaged`: an audit found no copy
/// that verifies; it stays so until an audit finds one (a person restored it).
public enum PackageStatus: String, Sendable, CaseIterable, Codable {
    case pending, stored, moving, deleting, deleted, failed, damaged
}

/// An AIP: where it is and what its bytes hash to.
public struct Package: Sendable, Equatable {
    public var uuid: UUID
    public var name: String
    public var status: PackageStatus
    public var locationUUID: UUID
    public var locationName: String
    /// Relative to the location (`PackageLayout.path`).
    public var path: String
    /// The location's directory.
    public var locationPath: String
    /// The location's directory joined with `path`.
    public var fullPath: String { locationPath + "/" + path }
    public var size: Int64?
    /// Of the file's bytes, or of a bag's sorted manifest (`PackageDigest`).
    public var sha256: String?
    public var storedAt: Date?
    /// A copy a move or store left to remove once its new place is committed (absolute).
    public var cleanupPath: String?
    /// The job whose commit recorded `cleanupPath`.
    public var cleanupJob: UUID?
    /// `AIP` or `AIC` (`PackageDescription`).
    public var type = PackageType.aip
    /// The pipeline that stored it, when one said so.
    public var originPipeline: UUID?
    /// `misc_attributes`, as JSON text of an object.
    public var miscAttributes = "{}"
    /// The primary copy's state as the last audit found it.
    public var primaryState = PackageCopy.State.ok
    /// When the primary and every replica last verified together (an audit, or the store).
    public var auditedAt: Date?
}

/// One entry of an AIP's append-only history.
public struct PackageEvent: Sendable, Equatable {
    public var type: String
    public var at: Date
    public var outcome: String
    public var detail: String
    public var actor: String
    public var jobID: UUID?

    public init(type: String, at: Date = Date(), outcome: String, detail: String, actor: String, jobID: UUID?) {
        self.type = type
        self.at = at
        self.outcome = outcome
        self.detail = detail
        self.actor = actor
        self.jobID = jobID
    }
}
