import ArgumentParser
import Foundation
import QueueKit

struct BatchWait: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait",
        abstract: "Wait until every job of a batch has ended.",
        discussion: """
            Exits 0 only when every job succeeded, 1 when any failed or was cancelled (their
            first errors on stderr), 75 on --timeout. --progress shows jobs and bytes on stderr.
            --json prints the final status as `batch status --json` does.

            \(ExitCodes.discussion)
            """
    )

    @Argument(help: "The batch's UUID.") var batch: UUID
    @Option(help: "Give up after this many seconds (exit 75).") var timeout: Double?
    @Flag(help: "Show progress on stderr.") var progress = false
    @Flag(help: "Print the final status as JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let timeout, timeout < 0 { throw ValidationError("--timeout must not be negative") }
    }

    func run() async throws {
        try await Self.wait(batch, timeout: timeout, progress: progress, json: json, global: global)
    }

    static func wait(_ batch: UUID, timeout: Double?, progress: Bool, json: Bool = false, global: GlobalOptions) async throws {
        let bar = progress ? ProgressReporter() : nil
        var report: (@Sendable (JobQueue.WaitProgress) -> Void)?
        if let bar { report = { bar.update($0) } }
        let limit: Duration? = timeout.map { .milliseconds(Int($0 * 1000)) }
        let status = try await global.withDatabase { [report] db in
            try await db.queue.waitForBatch(batch, timeout: limit, on: db.connection, progress: report)
        }
        bar?.finish()
        if json {
            try JSONOutput.document(status)
        } else {
            let counts = status.states.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            Terminal.out("\(batch.uuidString.lowercased()) \(counts)")
        }
        guard status.allSucceeded else {
            for e in status.errors { Terminal.message("\(e.job.uuidString.lowercased()) \(e.state): \(e.code): \(e.message)") }
            Terminal.message("\(status.jobs - status.states["succeeded", default: 0]) of \(status.jobs) jobs did not succeed")
            throw ExitCode(ExitCodes.jobFailed)
        }
    }
}
