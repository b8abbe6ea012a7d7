import ArgumentParser
import Foundation
import QueueKit

struct BatchStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a batch: jobs per state, bytes done, and its first errors.",
        discussion: """
            --json prints one document with the keys id, jobs, states ({state: count}),
            bytes_done, bytes_total and errors (each {job, state, code, message}).

            \(ExitCodes.discussion)
            """
    )

    @Argument(help: "The batch's UUID.") var batch: UUID
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let status = try await global.withDatabase { [batch] db in try await db.queue.batchStatus(batch, on: db.connection) }
        if json {
            try JSONOutput.document(status)
            return
        }
        lines(status).forEach(Terminal.out)
    }

    func lines(_ s: JobQueue.BatchStatus) -> [String] {
        let order = ["queued", "scheduled", "running", "retryable", "succeeded", "failed", "cancelled"]
        var out = ["batch     \(s.id.uuidString.lowercased())", "jobs      \(s.jobs) (\(s.finished) finished)"]
        out.append("states    " + order.compactMap { state in s.states[state].map { "\(state) \($0)" } }.joined(separator: ", "))
        if s.bytesTotal > 0 { out.append("progress  " + JobText.progress(done: s.bytesDone, total: s.bytesTotal)) }
        if !s.errors.isEmpty {
            out.append("errors")
            for e in s.errors { out.append("  \(e.job.uuidString.lowercased()) \(e.state): \(e.code): \(e.message)") }
        }
        return out
    }
}
