import Foundation
import QueueKit
import StorageKit

/// An AIP as `aip show --json` prints it (and, without events, each line of `aip list --json`).
struct AIPDocument: Encodable {
    struct LocationRef: Encodable {
        var uuid: String
        var name: String
    }

    struct Event: Encodable {
        var type: String
        var at: String
        var outcome: String
        var detail: String
        var actor: String
        var jobID: String?

        enum CodingKeys: String, CodingKey {
            case type, at, outcome, detail, actor
            case jobID = "job_id"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            try c.encode(at, forKey: .at)
            try c.encode(outcome, forKey: .outcome)
            try c.encode(detail, forKey: .detail)
            try c.encode(actor, forKey: .actor)
            try c.encode(jobID, forKey: .jobID)
        }
    }

    var uuid: String
    var name: String
    var status: String
    var location: LocationRef
    var path: String
    var fullPath: String
    var size: Int64?
    var sha256: String?
    var storedAt: String?
    var events: [Event]?

    enum CodingKeys: String, CodingKey {
        case uuid, name, status, location, path, size, sha256, events
        case fullPath = "full_path", storedAt = "stored_at"
    }

    init(_ p: Package, events: [PackageEvent]?) {
        uuid = p.uuid.uuidString.lowercased()
        name = p.name
        status = p.status.rawValue
        location = LocationRef(uuid: p.locationUUID.uuidString.lowercased(), name: p.locationName)
        path = p.path
        fullPath = p.fullPath
        size = p.size
        sha256 = p.sha256
        storedAt = p.storedAt.map(RFC3339.string)
        self.events = events?.map {
            Event(type: $0.type, at: RFC3339.string($0.at), outcome: $0.outcome, detail: $0.detail, actor: $0.actor,
                  jobID: $0.jobID?.uuidString.lowercased())
        }
    }

    /// Null-valued keys are written, not left out, so every document has every key.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(uuid, forKey: .uuid)
        try c.encode(name, forKey: .name)
        try c.encode(status, forKey: .status)
        try c.encode(location, forKey: .location)
        try c.encode(path, forKey: .path)
        try c.encode(fullPath, forKey: .fullPath)
        try c.encode(size, forKey: .size)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(storedAt, forKey: .storedAt)
        if let events { try c.encode(events, forKey: .events) }
    }

    /// The human form: a key/value block, then the history.
    var lines: [String] {
        var pairs: [(String, String)] = [
            ("uuid", uuid), ("name", name), ("status", status), ("location", "\(location.name) (\(location.uuid))"),
            ("path", fullPath),
        ]
        if let size { pairs.append(("size", "\(ByteCount.text(size)) (\(size) bytes)")) }
        if let sha256 { pairs.append(("sha256", sha256)) }
        if let storedAt { pairs.append(("stored", storedAt)) }
        let width = pairs.map(\.0.count).max() ?? 0
        var out = pairs.map { "\($0.0.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.1)" }
        if let events, !events.isEmpty {
            out.append("events")
            for e in events {
                out.append("  \(e.at)  \(e.type) \(e.outcome)  by \(e.actor)" + (e.jobID.map { "  job \($0)" } ?? ""))
                if !e.detail.isEmpty { out.append("      \(e.detail)") }
            }
        }
        return out
    }
}
