import ArgumentParser
import Foundation
import StorageKit

struct AIPReingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reingest",
        abstract: "Send a stored AIP to a pipeline for re-ingest, as a job.",
        discussion: """
            What Archivematica's "Re-ingest" asks for (POST /api/v2/file/<uuid>/reingest/).
            The AIP is checked first, as `aip fixity` checks it; then what the type needs
            is copied (or, from a compressed AIP, extracted) into the pipeline's
            currently-processing location at tmp/<bag>/, each file read back and the
            whole renamed into place, and the pipeline's api/ingest/reingest (full:
            api/transfer/reingest) is called with the credentials given at `pipeline
            add`. The job's result holds the pipeline's reingest_uuid.

            metadata sends the METS and data/objects/metadata/; objects the METS and every
            object but the submission documentation; full the whole bag, with the
            pipeline's processing configuration named by --processing-config as
            processingMCP.xml.

            One re-ingest at a time per AIP: the AIP is marked (misc_attributes
            reingest_pipeline) until the pipeline stores the new version, or until
            PATCH /api/v2/file/<uuid>/ {"reingest": null} clears it; a job that fails
            for good clears it too. An AIP that is not an AIP or AIC, not stored, or
            already being re-ingested, and a pipeline without exactly one
            currently-processing location, are refused (65).

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli aip reingest 6c1d4bd5-3f55-4c6e-9d6e-1c2b3a4d5e6f --pipeline 2a63a4ff-881b-4507-872c-1e630cecc105 --type metadata --wait
            """
    )

    @Argument(help: "The AIP's UUID.") var aip: UUID
    @Option(help: "The pipeline to re-ingest it (UUID).") var pipeline: UUID
    @Option(name: .customLong("type"), help: "metadata, objects or full.") var type: ReingestType = .full
    @Option(help: ArgumentHelp("With full: the pipeline's processing configuration to use.", valueName: "name")) var processingConfig = "default"
    @OptionGroup var waiting: WaitOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let request = ReingestRequest(package: aip, pipeline: pipeline, type: type, processingConfiguration: processingConfig)
        let id = try await global.withDatabase { db in
            try await request.submit(queue: db.queue, actor: SubmissionOptions.actor, on: db.connection)
        }
        try await waiting.report(id, global)
    }
}

extension ReingestType: ExpressibleByArgument {}
