import Foundation
import QueueKit

/// The package types of the Storage Service that ss stores. DIPs and transfers are
/// known to the schema and come with their own locations (DIP storage, the backlog).
public enum PackageType: String, Sendable, CaseIterable, Codable {
    case aip = "AIP"
    case aic = "AIC"
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
