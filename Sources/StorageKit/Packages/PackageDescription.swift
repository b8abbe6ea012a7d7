import Foundation
import QueueKit

/// The package types of the Storage Service, each with the locations it goes to: AIPs
/// and AICs to AIP storage (or a replicator, or the backlog, as ss always allowed), DIPs
/// to DIP storage, transfers to the backlog. AIPs and AICs are bags (a directory or an
/// archive); a DIP or a transfer may also be a plain directory, as Archivematica makes them.
public enum PackageType: String, Sendable, CaseIterable, Codable {
    case aip = "AIP"
    case aic = "AIC"
    case dip = "DIP"
    case transfer

    /// As a client spells it, in any case (`aip`, `DIP`, `Transfer`).
    public init?(named name: String) {
        guard let type = Self.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else { return nil }
        self = type
    }

    public var purposes: [LocationPurpose] {
        switch self {
        case .aip, .aic: [.aipStorage, .replicator, .backlog]
        case .dip: [.dipStorage]
        case .transfer: [.backlog]
        }
    }

    /// Whether a directory without bagit.txt may be stored as this type.
    public var mayBePlainDirectory: Bool { self == .dip || self == .transfer }

    /// What a recovery or a re-ingest replaces: AIPs and AICs, as the Storage Service has it.
    public var canBeRecovered: Bool { self == .aip || self == .aic }

    /// `AIP`, `DIP`, … as the messages name them.
    public var noun: String { self == .transfer ? "transfer" : rawValue }
}

/// What a pipeline says of a package as it stores it (`POST /api/v2/file/`), kept with
/// the package and returned by every read of it.
public struct PackageDescription: Sendable, Equatable {
    public var type: PackageType
    /// The pipeline it came from (`origin_pipeline`).
    public var originPipeline: UUID?
    /// Packages it relates to (`related_package_uuid`: a DIP's AIP).
    public var related: [UUID]
    /// `misc_attributes`, an object.
    public var miscAttributes: JSONValue
    /// `{"events": [...], "agents": [...]}` as sent, for the pointer file.
    public var premis: JSONValue?

    public init(type: PackageType = .aip, originPipeline: UUID? = nil, related: [UUID] = [], miscAttributes: JSONValue = .object([:]),
                premis: JSONValue? = nil) {
        self.type = type
        self.originPipeline = originPipeline
        self.related = related
        self.miscAttributes = miscAttributes
        self.premis = premis
    }
}
