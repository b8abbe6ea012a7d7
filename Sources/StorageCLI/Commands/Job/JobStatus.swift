import ArgumentParser
import Foundation

struct JobStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show one job.",
        discussion: """
            --json prints one document with the keys id, kind, queue, priority, state, attempt,
            max_attempts, args, result, errors, package_uuid, batch_id, idempotency_key,
            progress ({done, total}), worker, created_at, run_at, started_at, finished_at
            (times RFC 3339 in UTC with microseconds).

            \(ExitCodes.discussion)
            """
    )

    @Argument(help: "The job's UUID.") var job: UUID
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let record = try await global.withDatabase { db in try await db.queue.get(job, on: db.connection) }
        if json {
            try JSONOutput.document(record)
        } else {
            JobText.block(record).forEach(Terminal.out)
        }
    }
}
