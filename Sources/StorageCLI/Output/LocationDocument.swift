import Foundation
import QueueKit
import StorageKit

/// A location as `location show --json` and `location list --json` print it.
struct LocationDocument: Encodable {
    var uuid: String
    var name: String
    var purpose: String
    var path: String
    var space: String
    var description: String
    var createdAt: String
    var packages: Int
    var bytes: Int64

    enum CodingKeys: String, CodingKey {
        case uuid, name, purpose, path, space, description, packages, bytes
        case createdAt = "created_at"
    }

    init(_ l: Location, usage: (packages: Int, bytes: Int64)) {
        uuid = l.uuid.uuidString.lowercased()
        name = l.name
        purpose = l.purpose.rawValue
        path = l.path
        space = l.spaceUUID.uuidString.lowercased()
        description = l.description
        createdAt = RFC3339.string(l.createdAt)
        packages = usage.packages
        bytes = usage.bytes
    }
}
