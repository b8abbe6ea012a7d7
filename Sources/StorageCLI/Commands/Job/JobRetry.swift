import ArgumentParser
import Foundation

struct JobRetry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Queue a failed or cancelled job again, with a fresh attempt budget.",
        discussion: """
            The job keeps its id and its earlier errors; its attempt count starts again at 0.

            \(ExitCodes.discussion)
            """
    )

    @Argument(help: "The job's UUID.") var job: UUID
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.withDatabase { db in try await db.queue.retry(job, on: db.connection) }
        Terminal.message("queued \(job.uuidString.lowercased()) again")
    }
}
