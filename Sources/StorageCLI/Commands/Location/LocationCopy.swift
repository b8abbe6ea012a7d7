import ArgumentParser
import Foundation
import StorageKit

struct LocationCopy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a file or directory from a transfer source into a pipeline's shared directory, as a job.",
        discussion: """
            What Archivematica asks for before it starts a transfer (POST
            /api/v2/location/<uuid>/). Files are copied from a transfer-source or
            backlog location into a currently-processing one: each is read once,
            read back, made durable and renamed into place, so a crash leaves the
            copy whole or absent. Nothing is ever overwritten: a destination that
            exists is refused (65). A symlink or special file in a directory is
            refused. Prints the job's UUID.

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli location copy incoming 2026/batch-7 --to am1-shared \\
                --as watchedDirectories/activeTransfers/standardTransfer/batch-7 --wait
            """
    )

    @Argument(help: "The location to copy from (name or UUID).") var from: String
    @Argument(help: "The file or directory, relative to it.") var path: String
    @Option(help: "The currently-processing location to copy into.") var to: String
    @Option(name: .customLong("as"), help: ArgumentHelp("Where, relative to it (default: the same path).", valueName: "path")) var destination: String?
    @Option(help: "The pipeline asking (UUID): both locations must serve it.") var pipeline: UUID?
    @OptionGroup var waiting: WaitOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let request = CopyFilesRequest(origin: from, destination: to, files: [FileCopy(source: path, destination: destination ?? path)],
                                       pipeline: pipeline)
        let id = try await global.withDatabase { db in
            try await request.submit(queue: db.queue, actor: SubmissionOptions.actor, on: db.connection)
        }
        try await waiting.report(id, global)
    }
}
