import ArgumentParser
import Foundation
import StorageKit

struct AIPDelete: AIPSubmission {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a stored AIP's files, recording why.",
        discussion: """
            The reason is kept in the AIP's history with who asked; the AIP stays listed
            with the status deleted.

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli aip delete 6c1d4bd5-3f55-4c6e-9d6e-1c2b3a4d5e6f --reason "retention period over"
            """
    )

    @Argument(help: "The AIP's UUID.") var aip: UUID
    @Option(help: "Why it is deleted (required).") var reason: String
    @OptionGroup var submission: SubmissionOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("--reason must not be empty") }
    }

    var operation: AIPOperation { .delete(aip, reason: reason) }

    func run() async throws {
        try await submission.submit(operation, global)
    }
}
