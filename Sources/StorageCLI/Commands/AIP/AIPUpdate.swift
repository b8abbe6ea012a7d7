import ArgumentParser
import Foundation
import StorageKit

struct AIPUpdate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Update a stored AIP with the version its re-ingest made, as a job.",
        discussion: """
            The end of a re-ingest (what Archivematica asks for with PUT
            /api/v2/file/<uuid>/): the version the pipeline made, at PATH in its
            currently-processing location, updates the AIP as the Storage Service does.
            The stored bag keeps every original and takes the new METS, the new
            data/objects/metadata/ files and the new preservation derivatives (each
            replacing the derivatives of the same original); its manifests are rewritten,
            and it is kept as the pipeline sent it (a directory, or compressed again the
            same way). The new version is built and validated beside the stored one, the
            stored one set aside (never removed before the commit), the new one renamed
            into place and committed, and only then the old one removed: a crash at any
            step leaves one whole version at the AIP's place, and the retry finishes.

            The AIP must be being re-ingested on --pipeline (`aip reingest`), and the
            new version named for it (<name>-<uuid>[.7z|.tar.…]).

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli aip update 6c1d4bd5-3f55-4c6e-9d6e-1c2b3a4d5e6f --pipeline 2a63a4ff-881b-4507-872c-1e630cecc105 \\
                --from processing-2a63a4ff --path uploadedAIPs/aip-6c1d4bd5-3f55-4c6e-9d6e-1c2b3a4d5e6f.7z --wait
            """
    )

    @Argument(help: "The AIP's UUID.") var aip: UUID
    @Option(help: "The pipeline that re-ingested it (UUID).") var pipeline: UUID
    @Option(help: "Its currently-processing location (name or UUID).") var from: String
    @Option(help: "The new version, relative to that location.") var path: String
    @Option(help: "Where to keep it (default: the AIP's location).") var to: String?
    @OptionGroup var waiting: WaitOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let id = try await global.withDatabase { db in
            let destination: String
            if let to { destination = to } else { destination = try await Packages.get(aip, on: db.connection, logger: db.queue.logger).locationUUID.uuidString }
            let request = UpdateRequest(package: aip, pipeline: pipeline, origin: from, originPath: path, destination: destination)
            return try await request.submit(queue: db.queue, actor: SubmissionOptions.actor, on: db.connection)
        }
        try await waiting.report(id, global)
    }
}
