import ArgumentParser
import Foundation

struct JobCancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a job: a waiting one at once, a running one at its next checkpoint.",
        discussion: """
            A running job's worker is told through NOTIFY; its handler stops at its next
            checkpoint and cleans up its partial output. Use `job wait` to see it end.
            Cancelling a finished job is an error (65); an already cancelled one is not.

            \(ExitCodes.discussion)
            """
    )

    @Argument(help: "The job's UUID.") var job: UUID
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let result = try await global.withDatabase { db in try await db.queue.cancel(job, on: db.connection) }
        let id = job.uuidString.lowercased()
        switch result {
        case .cancelled: Terminal.message("cancelled \(id)")
        case .requested: Terminal.message("asked the worker running \(id) to stop it")
        case .alreadyCancelled: Terminal.message("\(id) was already cancelled")
        }
    }
}
