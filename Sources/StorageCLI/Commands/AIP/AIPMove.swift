import ArgumentParser
import Foundation
import StorageKit

struct AIPMove: AIPSubmission {
    static let configuration = CommandConfiguration(
        commandName: "move",
        abstract: "Move a stored AIP to another location.",
        discussion: """
            Within one filesystem the move is a rename. Otherwise the AIP is copied and
            verified against its recorded SHA-256 (and its bag manifests), the AIP is
            recorded at its new place, and only then is the old copy removed. The AIP's
            replicas stay; the new location's replicas are made (--wait waits for them,
            and exits 1 unless every copy is verified). An AIP never moves into a
            location that holds its own replica.

            \(ExitCodes.discussion)

            EXAMPLES
              JOB=$(ss-cli aip move 6c1d4bd5-3f55-4c6e-9d6e-1c2b3a4d5e6f --to offsite)
              ss-cli job wait --progress "$JOB"
            """
    )

    @Argument(help: "The AIP's UUID.") var aip: UUID
    @Option(help: ArgumentHelp("The location to move it to (name or UUID).", valueName: "location")) var to: String
    @OptionGroup var submission: SubmissionOptions
    @OptionGroup var global: GlobalOptions

    var operation: AIPOperation { .move(aip, to: to) }

    func run() async throws {
        try await submission.submit(operation, global)
    }
}
