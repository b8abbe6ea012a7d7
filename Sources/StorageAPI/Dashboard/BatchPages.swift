import Foundation
import Hummingbird
import QueueKit

/// `/ui/batches` (the newest, each with its progress) and `/ui/batches/<id>` (its jobs per
/// state, its bytes, and its failed lines with their errors).
enum BatchPages {
    struct Row {
        var id: String
        var created: String
        var submitter: String
        var jobs: String
        var finished: String
        var failed: Int
        var anyFailed: Bool
        var done: Bool
        var permille: Int

        init(_ b: JobQueue.BatchSummary) {
            let ended = ["succeeded", "failed", "cancelled"].reduce(0) { $0 + (b.states[$1] ?? 0) }
            id = Format.uuid(b.id)
            created = Format.time(b.createdAt)
            submitter = b.submitter.isEmpty ? "operator" : b.submitter
            jobs = Format.count(b.jobs)
            finished = Format.count(ended)
            failed = b.states["failed"] ?? 0
            anyFailed = failed > 0
            done = ended == b.jobs
            permille = b.jobs > 0 ? ended * 1000 / b.jobs : 1000
        }
    }

    struct State { var state: String; var count: String; var href: String }
    struct Failure { var job: String; var state: String; var code: String; var message: String }

    struct Page {
        var id: String
        var jobs: String
        var states: [State]
        var permille: Int
        var bytes: String?
        var failures: [Failure]
        var failedHref: String
    }

    static func register(_ routes: RouteTable, _ ui: Dashboard) {
        routes.page(.get, "/ui/batches", .read) { _, context in
            let (batches, age) = try await ui.batches.value(acceptingUpTo: Dashboard.staleCounts)
            return try ui.render("batches", "Batches", section: "/ui/batches",
                                 page: ["batches": batches.map(Row.init), "countedAgo": Format.age(age)] as [String: Any], live: true, context)
        }

        routes.page(.get, "/ui/batches/{id}", .read) { _, context in
            let id = try uuidParameter(context, "id", what: "batch")
            let status = try await ui.backend.database { db in try await ui.backend.queue.batchStatus(id, errorLimit: 50, on: db) }
            let batch = Format.uuid(id)
            let page = Page(
                id: batch, jobs: Format.count(status.jobs),
                states: status.states.sorted { $0.key < $1.key }.map {
                    State(state: $0.key, count: Format.count($0.value), href: Dashboard.link("/ui/jobs", ["state": $0.key, "batch": batch]))
                },
                permille: status.jobs > 0 ? status.finished * 1000 / status.jobs : 1000,
                bytes: status.bytesTotal > 0 ? "\(Format.bytes(status.bytesDone)) of \(Format.bytes(status.bytesTotal))" : nil,
                failures: status.errors.map { Failure(job: Format.uuid($0.job), state: $0.state, code: $0.code, message: $0.message) },
                failedHref: Dashboard.link("/ui/jobs", ["state": "failed", "batch": batch]))
            return try ui.render("batch", "Batch \(batch)", section: "/ui/batches", page: page, live: !status.isFinished, context)
        }
    }
}
