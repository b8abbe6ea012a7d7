import ArgumentParser
import Foundation
import StorageKit

/// Reviewing the recovery requests Archivematica makes through the v2 API.
struct AIPRecoverRequests: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover-requests",
        abstract: "Review requests to recover AIPs from their recovery copies: list, approve (enqueues the recovery), reject.",
        discussion: """
            Archivematica asks for a recovery with POST /api/v2/file/<uuid>/recover_aip/; the
            AIP is untouched until a person approves. Approving enqueues an aip.update job
            and prints its UUID, in the same transaction that records the decision: the
            copy named as the AIP in the one aip-recovery location serving the AIP's
            pipeline is read back into a temporary beside the AIP and checked (a valid bag
            holding the AIP's recorded SHA-256, or the job fails and nothing changes), the
            stored version is set aside, the copy renamed into its place and committed,
            and only then the stored version removed.

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli aip recover-requests list
              JOB=$(ss-cli aip recover-requests approve 3 --reason "fixity failed on the NAS")
              ss-cli job wait "$JOB"
            """,
        subcommands: [List.self, Approve.self, Reject.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List recovery requests (pending ones unless --status says otherwise).",
            discussion: "--json prints JSON Lines with the keys of `delete-requests list --json`."
        )

        @Option(help: "pending, approved or rejected.") var status: DeletionRequest.Status = .pending
        @Flag(help: "Every request, whatever its status.") var all = false
        @Flag(help: "Print JSON Lines.") var json = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await RequestReview.list(.recover, status: all ? nil : status, json: json, global)
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a request: enqueue the recovery and print the job's UUID.")

        @Argument(help: "The request's id.") var id: Int64
        @Option(help: "Why (goes into the request's decision).") var reason = ""
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await RequestReview.approve(.recover, id, reason: reason, global)
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a request; the AIP stays as it is.")

        @Argument(help: "The request's id.") var id: Int64
        @Option(help: "Why.") var reason: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await RequestReview.reject(.recover, id, reason: reason, global)
        }
    }
}
