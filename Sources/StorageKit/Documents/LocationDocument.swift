import Foundation
import QueueKit

/// A location as `location show --json` and `location list --json` print it, and as
/// `/api/v3/locations` serves it.
public struct LocationDocument: Sendable, Encodable {
    public var uuid: String
    public var name: String
    public var purpose: String
    public var path: String
    public var space: String
    public var description: String
    public var createdAt: String
    public var packages: Int
    public var bytes: Int64
    public var removableSource: Bool
    /// The UUIDs of the pipelines it serves; empty means every pipeline.
    public var pipelines: [String]

    enum CodingKeys: String, CodingKey {
        case uuid, name, purpose, path, space, description, packages, bytes, pipelines
        case createdAt = "created_at", removableSource = "removable_source"
    }

    public init(_ l: Location, usage: (packages: Int, bytes: Int64)) {
        uuid = l.uuid.uuidString.lowercased()
        name = l.name
        purpose = l.purpose.rawValue
        path = l.path
        space = l.spaceUUID.uuidString.lowercased()
        description = l.description
        createdAt = RFC3339.string(l.createdAt)
        packages = usage.packages
        bytes = usage.bytes
        removableSource = l.removableSource
        pipelines = l.pipelines.map { $0.uuidString.lowercased() }
    }
}
