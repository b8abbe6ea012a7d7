import ArgumentParser
import Foundation
import StorageKit

struct AIPReindex: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Index a backlogged transfer's files from its METS, as reindex/ does.",
        discussion: """
            Reads metadata/submissionDocumentation/METS.xml (below data/ in a bag) of a
            transfer in a backlog location and adds each file of its physical structMap to
            the package's file index (file/<uuid>/contents/, file/metadata/), under the
            name its last "name cleanup" or "filename change" event gives it. Files already
            indexed with the same fields are not added again; prints "Files indexed: N",
            the index's size. Another package type, or a transfer elsewhere, is 65; a METS
            that is missing or not one Archivematica writes is 65, naming what is wrong.

            \(ExitCodes.discussion)
            """
    )

    @Argument(help: "The transfer's UUID.") var transfer: UUID
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let count = try await global.withDatabase { [transfer] db in
            try await TransferReindex.run(transfer, on: db.connection, logger: db.queue.logger)
        }
        Terminal.out("Files indexed: \(count)")
    }
}
