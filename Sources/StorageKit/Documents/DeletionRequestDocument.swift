import Foundation
import QueueKit

/// A deletion request as `aip delete-requests list --json` prints it.
public struct DeletionRequestDocument: Sendable, Encodable {
    let request: DeletionRequest

    public init(_ request: DeletionRequest) {
        self.request = request
    }

    enum CodingKeys: String, CodingKey {
        case id, aip, reason, pipeline, status
        case userID = "user_id", userEmail = "user_email", requestedBy = "requested_by", requestedAt = "requested_at"
        case decidedBy = "decided_by", decidedAt = "decided_at", decisionReason = "decision_reason", jobID = "job_id"
    }

    public func encode(to encoder: any Encoder) throws {
        let r = request
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(r.id, forKey: .id)
        try c.encode(r.package.uuidString.lowercased(), forKey: .aip)
        try c.encode(r.reason, forKey: .reason)
        try c.encode(r.pipeline?.uuidString.lowercased(), forKey: .pipeline)
        try c.encode(r.userID, forKey: .userID)
        try c.encode(r.userEmail, forKey: .userEmail)
        try c.encode(r.requestedBy, forKey: .requestedBy)
        try c.encode(RFC3339.string(r.requestedAt), forKey: .requestedAt)
        try c.encode(r.status.rawValue, forKey: .status)
        try c.encode(r.decidedBy, forKey: .decidedBy)
        try c.encode(r.decidedAt.map(RFC3339.string), forKey: .decidedAt)
        try c.encode(r.decisionReason, forKey: .decisionReason)
        try c.encode(r.job?.uuidString.lowercased(), forKey: .jobID)
    }
}
