import Foundation
import QueueKit

/// The human forms of a job: a key/value block for `job status`, a row for `job list`.
enum JobText {
    static func state(_ state: JobState) -> String {
        switch state {
        case .succeeded: Terminal.paint(state.rawValue, .green)
        case .failed: Terminal.paint(state.rawValue, .red)
        case .running: Terminal.paint(state.rawValue, .blue)
        case .retryable, .cancelled: Terminal.paint(state.rawValue, .yellow)
        case .queued, .scheduled: state.rawValue
        }
    }

    static func block(_ job: JobRecord) -> [String] {
        var pairs: [(String, String)] = [
            ("id", job.id.uuidString.lowercased()),
            ("kind", job.kind),
            ("state", state(job.state)),
            ("attempt", "\(job.attempt)/\(job.maxAttempts)"),
            ("queue", job.queue),
            ("priority", "\(job.priority)"),
        ]
        if let p = job.packageUUID { pairs.append(("package", p.uuidString.lowercased())) }
        if let b = job.batchID { pairs.append(("batch", b.uuidString.lowercased())) }
        if let k = job.idempotencyKey { pairs.append(("idempotency key", k)) }
        if let total = job.progress.total { pairs.append(("progress", progress(done: job.progress.done ?? 0, total: total))) }
        if let w = job.worker { pairs.append(("worker", w)) }
        pairs.append(("created", job.createdAt))
        pairs.append(("run at", job.runAt))
        if let s = job.startedAt { pairs.append(("started", s)) }
        if let f = job.finishedAt { pairs.append(("finished", f)) }
        pairs.append(("args", job.args.jsonText))
        if let r = job.result { pairs.append(("result", r.jsonText)) }
        let width = pairs.map(\.0.count).max() ?? 0
        var lines = pairs.map { "\($0.0.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.1)" }
        if case .array(let errors) = job.errors, !errors.isEmpty {
            lines.append("errors")
            for e in errors {
                let attempt = e["attempt"].map { $0.jsonText } ?? "?"
                let at = e["at"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "?"
                let code = e["code"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "error"
                let message = e["message"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? ""
                lines.append("  attempt \(attempt) at \(at): \(code): \(message)")
            }
        }
        return lines
    }

    static func table(_ jobs: [JobRecord]) -> [String] {
        var table = Table(header: ["ID", "KIND", "STATE", "ATTEMPT", "QUEUE", "CREATED"])
        for job in jobs {
            table.rows.append([job.id.uuidString.lowercased(), job.kind, job.state.rawValue,
                               "\(job.attempt)/\(job.maxAttempts)", job.queue, job.createdAt])
        }
        return table.render()
    }

    static func progress(done: Int64, total: Int64) -> String {
        guard total > 0 else { return "\(ByteCount.text(done))" }
        let percent = Double(done) / Double(total) * 100
        return "\(ByteCount.text(done)) / \(ByteCount.text(total)) (\(String(format: "%.0f", percent))%)"
    }
}

enum ByteCount {
    static func text(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
