import ArgumentParser
import Foundation
import QueueKit

extension JobState: ExpressibleByArgument {}

struct JobList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List jobs, newest first.",
        discussion: """
            --json prints JSON Lines: one job document (as `job status --json`) per line.

            \(ExitCodes.discussion)
            """
    )

    @Option(help: "Only jobs in this state (queued, scheduled, running, retryable, succeeded, failed, cancelled).")
    var state: JobState?
    @Option(help: "Only jobs of this kind, e.g. system.noop.") var kind: String?
    @Option(help: "Only jobs of this batch.") var batch: UUID?
    @Option(help: "Only jobs in this queue.") var queue: String?
    @Option(help: "At most this many jobs.") var limit = 50
    @Flag(help: "Print JSON Lines.") var json = false
    @Flag(name: .shortAndLong, help: "Print only the jobs' UUIDs, one per line.") var quiet = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard limit >= 1, limit <= 100_000 else { throw ValidationError("--limit must be between 1 and 100000") }
    }

    func run() async throws {
        let filter = JobFilter(state: state, kind: kind, batchID: batch, queue: queue, limit: limit)
        let jobs = try await global.withDatabase { db in try await db.queue.list(filter, on: db.connection) }
        if quiet {
            jobs.forEach { Terminal.out($0.id.uuidString.lowercased()) }
        } else if json {
            try JSONOutput.lines(jobs)
        } else {
            JobText.table(jobs).forEach(Terminal.out)
        }
    }
}
