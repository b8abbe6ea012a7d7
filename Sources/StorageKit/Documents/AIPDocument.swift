import Foundation
import QueueKit

/// An AIP as `aip show --json` prints it (and, without events, each line of `aip list --json`),
/// and as `/api/v3/aips` serves it.
public struct AIPDocument: Sendable, Encodable {
    public struct LocationRef: Sendable, Encodable {
        public var uuid: String
        public var name: String
    }

    public struct Event: Sendable, Encodable {
        public var type: String
        public var at: String
        public var outcome: String
        public var detail: String
        public var actor: String
        public var jobID: String?

        enum CodingKeys: String, CodingKey {
            case type, at, outcome, detail, actor
            case jobID = "job_id"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            try c.encode(at, forKey: .at)
            try c.encode(outcome, forKey: .outcome)
            try c.encode(detail, forKey: .detail)
            try c.encode(actor, forKey: .actor)
            try c.encode(jobID, forKey: .jobID)
        }
    }

    /// One copy of the AIP: its primary, then each replica.
    public struct Copy: Sendable, Encodable {
        public var location: LocationRef
        public var role: String
        public var fullPath: String
        public var sha256: String?
        public var state: String
        public var verifiedAt: String?

        enum CodingKeys: String, CodingKey {
            case location, role, sha256, state
            case fullPath = "full_path", verifiedAt = "verified_at"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(location, forKey: .location)
            try c.encode(role, forKey: .role)
            try c.encode(fullPath, forKey: .fullPath)
            try c.encode(sha256, forKey: .sha256)
            try c.encode(state, forKey: .state)
            try c.encode(verifiedAt, forKey: .verifiedAt)
        }
    }

    public var uuid: String
    public var name: String
    public var status: String
    public var location: LocationRef
    public var path: String
    public var fullPath: String
    public var size: Int64?
    public var sha256: String?
    public var storedAt: String?
    /// `AIP`, `AIC`, `DIP` or `transfer`.
    public var type: String
    /// The pipeline that stored it, when one said so.
    public var originPipeline: String?
    public var events: [Event]?
    /// With the events (`aip show`): the primary, verified when it was last stored,
    /// re-ingested or checked, and each replica with its own state.
    public var copies: [Copy]?

    enum CodingKeys: String, CodingKey {
        case uuid, name, status, location, path, size, sha256, type, events, copies
        case fullPath = "full_path", storedAt = "stored_at", originPipeline = "origin_pipeline"
    }

    public init(_ p: Package, events: [PackageEvent]?, copies: [PackageCopy]? = nil) {
        uuid = p.uuid.uuidString.lowercased()
        name = p.name
        status = p.status.rawValue
        location = LocationRef(uuid: p.locationUUID.uuidString.lowercased(), name: p.locationName)
        path = p.path
        fullPath = p.fullPath
        size = p.size
        sha256 = p.sha256
        storedAt = p.storedAt.map(RFC3339.string)
        type = p.type.rawValue
        originPipeline = p.originPipeline?.uuidString.lowercased()
        self.events = events?.map {
            Event(type: $0.type, at: RFC3339.string($0.at), outcome: $0.outcome, detail: $0.detail, actor: $0.actor,
                  jobID: $0.jobID?.uuidString.lowercased())
        }
        if let copies {
            let verified = events?.last { ["stored", "fixity", "reingested", "recovered", "audit"].contains($0.type) && $0.outcome == "ok" }
            let primary = Copy(location: location, role: "primary", fullPath: fullPath, sha256: sha256,
                               state: [.stored, .damaged].contains(p.status) ? p.primaryState.rawValue : p.status.rawValue,
                               verifiedAt: (verified?.at ?? p.storedAt).map(RFC3339.string))
            self.copies = [primary] + copies.map {
                Copy(location: LocationRef(uuid: $0.locationUUID.uuidString.lowercased(), name: $0.locationName), role: "replica",
                     fullPath: $0.fullPath, sha256: $0.sha256, state: $0.state.rawValue, verifiedAt: $0.verifiedAt.map(RFC3339.string))
            }
        }
    }

    /// Null-valued keys are written, not left out, so every document has every key.
    public func encode(to encoder: any Encoder) throws {
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
        try c.encode(type, forKey: .type)
        try c.encode(originPipeline, forKey: .originPipeline)
        if let events { try c.encode(events, forKey: .events) }
        if let copies { try c.encode(copies, forKey: .copies) }
    }
}
