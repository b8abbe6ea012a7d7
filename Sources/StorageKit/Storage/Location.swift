import Foundation

/// What a location is for, in ss's words; the v2 API speaks the Storage Service's
/// two-letter codes for the same purposes (`V2.purpose`). AIPs are stored in
/// `aip-storage` (and `replicator`, `backlog`) locations; new AIPs come from
/// `transfer-source` ones; a pipeline's shared directory is its `currently-processing`
/// location, which it asks for before it stores anything.
public enum LocationPurpose: String, Sendable, CaseIterable, Codable {
    case aipStorage = "aip-storage"
    case transferSource = "transfer-source"
    case replicator
    case backlog
    case currentlyProcessing = "currently-processing"
    case dipStorage = "dip-storage"
    case aipRecovery = "aip-recovery"
    case storageServiceInternal = "storage-service-internal"
    case swordDeposit = "sword-deposit"

    /// Whether AIPs may be stored or moved into it.
    public var holdsAIPs: Bool { PackageType.aip.purposes.contains(self) }
}

extension Location {
    /// Whether `pipeline` may use it: a location with no pipelines serves every one.
    public func serves(_ pipeline: UUID) -> Bool { pipelines.isEmpty || pipelines.contains(pipeline) }
}

/// A named directory inside a space.
public struct Location: Sendable, Equatable {
    public var uuid: UUID
    public var name: String
    public var purpose: LocationPurpose
    /// Absolute, as given when added.
    public var path: String
    public var spaceUUID: UUID
    public var description: String
    public var createdAt: Date
    /// A transfer-source an operator let stores remove their sources from (`--removable-source`).
    public var removableSource = false
    /// The pipelines it serves, by UUID; empty means every pipeline.
    public var pipelines: [UUID] = []

    public init(uuid: UUID, name: String, purpose: LocationPurpose, path: String, spaceUUID: UUID, description: String, createdAt: Date,
                removableSource: Bool = false, pipelines: [UUID] = []) {
        self.removableSource = removableSource
        self.pipelines = pipelines
        self.uuid = uuid
        self.name = name
        self.purpose = purpose
        self.path = path
        self.spaceUUID = spaceUUID
        self.description = description
        self.createdAt = createdAt
    }
}
