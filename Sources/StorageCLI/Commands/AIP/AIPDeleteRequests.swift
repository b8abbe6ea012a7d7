import ArgumentParser
import Foundation
import QueueKit
import StorageKit

extension DeletionRequest.Status: ExpressibleByArgument {}

/// What `delete-requests` and `recover-requests` share: the listing and the decisions,
/// each of its own kind of request.
enum RequestReview {
    static func list(_ kind: DeletionRequest.Kind, status: DeletionRequest.Status?, json: Bool, _ global: GlobalOptions) async throws {
        let requests = try await global.withDatabase { db in
            try await DeletionRequests.list(status: status, kind: kind, on: db.connection, logger: db.queue.logger)
        }
        if json { return try JSONOutput.lines(requests.map(DeletionRequestDocument.init)) }
        var table = Table(header: ["ID", "AIP", "STATUS", "REQUESTED", "BY", "REASON"])
        for r in requests {
            table.rows.append(["\(r.id)", r.package.uuidString.lowercased(), r.status.rawValue, RFC3339.string(r.requestedAt),
                               r.userEmail.isEmpty ? r.requestedBy : r.userEmail, r.reason])
        }
        table.render().forEach(Terminal.out)
    }

    static func approve(_ kind: DeletionRequest.Kind, _ id: Int64, reason: String, _ global: GlobalOptions) async throws {
        let request = try await global.withDatabase { db in
            try await DeletionRequests.approve(id, by: SubmissionOptions.actor, reason: reason,
                                               requests: AIPRequests(queue: db.queue, actor: SubmissionOptions.actor), kind: kind, on: db.connection)
        }
        Terminal.out(request.job?.uuidString.lowercased() ?? "")
    }

    static func reject(_ kind: DeletionRequest.Kind, _ id: Int64, reason: String, _ global: GlobalOptions) async throws {
        _ = try await global.withDatabase { db in
            try await DeletionRequests.reject(id, by: SubmissionOptions.actor, reason: reason, kind: kind, on: db.connection, logger: db.queue.logger)
        }
        Terminal.message("rejected \(kind.rawValue == "delete" ? "deletion" : "recovery") request \(id)")
    }
}

/// Reviewing the deletion requests Archivematica makes through the v2 API.
struct AIPDeleteRequests: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete-requests",
        abstract: "Review requests to delete AIPs: list, approve (enqueues the delete), reject.",
        discussion: """
            Archivematica asks for deletions with POST /api/v2/file/<uuid>/delete_aip/; the
            AIP is untouched until a person approves. Approving enqueues the delete job and
            prints its UUID, in the same transaction that records the decision.

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli aip delete-requests list
              JOB=$(ss-cli aip delete-requests approve 12 --reason "checked with the donor")
              ss-cli job wait "$JOB"
            """,
        subcommands: [List.self, Approve.self, Reject.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List deletion requests (pending ones unless --status says otherwise).",
            discussion: """
                --json prints JSON Lines with the keys id, aip, reason, pipeline, user_id,
                user_email, requested_by, requested_at, status, decided_by, decided_at,
                decision_reason and job_id.
                """
        )

        @Option(help: "pending, approved or rejected.") var status: DeletionRequest.Status = .pending
        @Flag(help: "Every request, whatever its status.") var all = false
        @Flag(help: "Print JSON Lines.") var json = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await RequestReview.list(.delete, status: all ? nil : status, json: json, global)
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a request: enqueue the delete and print the job's UUID.")

        @Argument(help: "The request's id.") var id: Int64
        @Option(help: "Why (goes into the AIP's history; default: the request's reason).") var reason = ""
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await RequestReview.approve(.delete, id, reason: reason, global)
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a request; the AIP stays stored.")

        @Argument(help: "The request's id.") var id: Int64
        @Option(help: "Why.") var reason: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await RequestReview.reject(.delete, id, reason: reason, global)
        }
    }
}
