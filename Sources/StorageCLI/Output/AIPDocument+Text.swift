import Foundation
import StorageKit

extension AIPDocument {
    /// The human form: a key/value block, then the history.
    var lines: [String] {
        var pairs: [(String, String)] = [
            ("uuid", uuid), ("name", name), ("type", type), ("status", status), ("location", "\(location.name) (\(location.uuid))"),
            ("path", fullPath),
        ]
        if let originPipeline { pairs.append(("pipeline", originPipeline)) }
        if let size { pairs.append(("size", "\(ByteCount.text(size)) (\(size) bytes)")) }
        if let sha256 { pairs.append(("sha256", sha256)) }
        if let storedAt { pairs.append(("stored", storedAt)) }
        let width = pairs.map(\.0.count).max() ?? 0
        var out = pairs.map { "\($0.0.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.1)" }
        if let copies, copies.count > 1 {
            out.append("copies")
            for c in copies {
                out.append("  \(c.role) \(c.location.name)  \(c.state)" + (c.verifiedAt.map { "  verified \($0)" } ?? "") + "  \(c.fullPath)")
            }
        }
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
