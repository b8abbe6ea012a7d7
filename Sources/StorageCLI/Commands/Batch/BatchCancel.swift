import ArgumentParser
import Foundation

struct BatchCancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel every unfinished job of a batch.",
        discussion: """
            Queued and retrying jobs are cancelled at once; running ones stop at their next
            checkpoint (a copy removes its partial copy). Finished jobs are left as they are.

            \(ExitCodes.discussion)
            """
    )

    @Argument(help: "The batch's UUID.") var batch: UUID
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let (cancelled, stopping) = try await global.withDatabase { [batch] db in try await db.queue.cancelBatch(batch, on: db.connection) }
        Terminal.message("cancelled \(cancelled) jobs; asked \(stopping) running jobs to stop")
    }
}
