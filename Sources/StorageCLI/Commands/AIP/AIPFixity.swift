import ArgumentParser
import Foundation
import StorageKit

struct AIPFixity: AIPSubmission {
    static let configuration = CommandConfiguration(
        commandName: "fixity",
        abstract: "Check a stored AIP: re-hash it where it is (and re-validate its bag).",
        discussion: """
            The outcome is recorded in the AIP's history. A mismatch fails the job with the
            mismatching files named in its error (see `job status`).

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli aip fixity 6c1d4bd5-3f55-4c6e-9d6e-1c2b3a4d5e6f --wait
            """
    )

    @Argument(help: "The AIP's UUID.") var aip: UUID
    @OptionGroup var submission: SubmissionOptions
    @OptionGroup var global: GlobalOptions

    var operation: AIPOperation { .fixity(aip) }

    func run() async throws {
        try await submission.submit(operation, global)
    }
}
