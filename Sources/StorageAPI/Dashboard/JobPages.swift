import Foundation
import Hummingbird
import QueueKit
import StorageKit

/// `/ui/jobs` (filtered by state, kind, queue and batch, newest first, a page at a time)
/// and `/ui/jobs/<id>` (its attempts, errors, arguments and progress), with cancel and
/// retry for the keys that may steer the job (`V3JobRoutes.requireOwner`).
enum JobPages {
    /// A running job as the overview and the jobs list show it: how far, how fast, how long still.
    struct Running {
        var id: String
        var kind: String
        var worker: String
        var started: String
        var hasProgress: Bool
        var done: Int64
        var total: Int64
        var progress: String
        var rate: String?
        var eta: String?

        init(_ job: JobRecord, now: Date = Date()) {
            id = Format.uuid(job.id)
            kind = job.kind
            worker = job.worker ?? ""
            let start = job.startedAt.flatMap(Format.date)
            started = start.map { Format.ago($0, now: now) } ?? ""
            done = max(0, job.progress.done ?? 0)
            total = max(0, job.progress.total ?? 0)
            hasProgress = total > 0
            // In floating point: a handler may report any 64-bit figures, and a trap here
            // would take the server down with every refresh.
            progress = hasProgress ? "\(Format.bytes(done)) of \(Format.bytes(total)) (\(Int(min(100, Double(done) * 100 / Double(total)))) %)" : ""
            let elapsed = start.map { now.timeIntervalSince($0) } ?? 0
            let perSecond = elapsed > 0 ? Double(done) / elapsed : 0
            rate = perSecond > 0 ? Format.bytes(Format.whole(perSecond)) + "/s" : nil
            eta = perSecond > 0 && total > done ? Format.duration(Double(total - done) / perSecond) : nil
        }
    }

    struct Row {
        var id: String
        var kind: String
        var queue: String
        var state: String
        var attempt: String
        var created: String
        var error: String
        var package: String?
    }

    struct ListPage {
        struct Option { var value: String; var selected: Bool }
        var states: [Option]
        var kind: String
        var queue: String
        var batch: String
        var jobs: [Row]
        var next: String?
        var filtered: Bool
    }

    struct Attempt { var attempt: String; var at: String; var code: String; var message: String; var retryable: Bool }

    struct JobPage {
        var job: Row
        var priority: Int
        var worker: String?
        var submitter: String?
        var batch: String?
        var runAt: String
        var started: String?
        var finished: String?
        var args: String
        var result: String?
        var attempts: [Attempt]
        var running: Running?
        var canCancel: Bool
        var canRetry: Bool
    }

    static func register(_ routes: RouteTable, _ ui: Dashboard) {
        routes.page(.get, "/ui/jobs", .read) { request, context in
            let query = try Query(request)
            var filter = JobFilter(limit: 50)
            if let state = query["state"] {
                guard let s = JobState(rawValue: state) else { return try Dashboard.refusal(.badRequest, "unknown state '\(state)'") }
                filter.state = s
            }
            filter.kind = query["kind"]
            filter.queue = query["queue"]
            filter.batchID = try query.uuid("batch")
            if let cursor = query["cursor"] {
                guard let c = JobCursor(text: cursor) else { return try Dashboard.refusal(.badRequest, "'cursor' is not one this server gave out") }
                filter.after = c
            }
            let jobs = try await ui.backend.database { db in try await ui.backend.queue.list(filter, on: db) }
            let next = jobs.count == filter.limit ? jobs.last.map { query.link("/ui/jobs", changing: ["cursor": JobCursor(after: $0).text]) } : nil
            let page = ListPage(
                states: JobState.allCases.map { .init(value: $0.rawValue, selected: $0 == filter.state) },
                kind: filter.kind ?? "", queue: filter.queue ?? "", batch: filter.batchID.map(Format.uuid) ?? "",
                jobs: jobs.map(row), next: next,
                filtered: filter.state != nil || filter.kind != nil || filter.queue != nil || filter.batchID != nil)
            return try ui.render("jobs", "Jobs", section: "/ui/jobs", page: page, context)
        }

        routes.page(.get, "/ui/jobs/{id}", .read) { _, context in
            let id = try uuidParameter(context, "id", what: "job")
            let job = try await ui.backend.database { db in try await ui.backend.queue.get(id, on: db) }
            let mine = context.owns(job.submittedBy) && context.scopes.allow(.submit)
            let page = JobPage(
                job: row(job), priority: job.priority, worker: job.worker.flatMap(Format.shown), submitter: job.submittedBy.flatMap(Format.shown),
                batch: job.batchID.map(Format.uuid), runAt: Format.time(job.runAt), started: job.startedAt.map { Format.time($0) },
                finished: job.finishedAt.map { Format.time($0) }, args: Format.json(job.args), result: job.result.map { Format.json($0) },
                attempts: attempts(job), running: job.state == .running ? Running(job) : nil,
                canCancel: mine && !job.state.isTerminal, canRetry: mine && (job.state == .failed || job.state == .cancelled))
            return try ui.render("job", "Job \(Format.uuid(id))", section: "/ui/jobs", page: page, live: job.state == .running, context)
        }

        for action in ["cancel", "retry"] {
            routes.page(.post, "/ui/jobs/{id}/\(action)", .submit) { _, context in
                let id = try uuidParameter(context, "id", what: "job")
                try await ui.backend.database { db in
                    let what = "job \(Format.uuid(id))"
                    try V3JobRoutes.requireOwner(try await ui.backend.queue.get(id, on: db).submittedBy, of: what, context, doing: action)
                    if action == "cancel" { _ = try await ui.backend.queue.cancel(id, on: db) } else { try await ui.backend.queue.retry(id, on: db) }
                }
                return Dashboard.seeOther("/ui/jobs/\(Format.uuid(id))")
            }
        }
    }

    static func row(_ job: JobRecord) -> Row {
        Row(id: Format.uuid(job.id), kind: job.kind, queue: job.queue, state: job.state.rawValue, attempt: "\(job.attempt)/\(job.maxAttempts)",
            created: Format.time(job.createdAt), error: job.state == .failed || job.state == .retryable ? lastError(job) ?? "" : "",
            package: job.packageUUID.map(Format.uuid))
    }

    /// `code: message` of the job's last error.
    static func lastError(_ job: JobRecord) -> String? {
        guard case .array(let entries) = job.errors, let last = entries.last else { return nil }
        return attempt(last).map { "\($0.code): \($0.message)" }
    }

    static func attempts(_ job: JobRecord) -> [Attempt] {
        guard case .array(let entries) = job.errors else { return [] }
        return entries.compactMap(attempt)
    }

    static func attempt(_ entry: JSONValue) -> Attempt? {
        guard case .object(let o) = entry else { return nil }
        func text(_ key: String) -> String {
            switch o[key] {
            case .string(let s): s
            case .number(let n): String(Format.whole(n))
            default: ""
            }
        }
        return Attempt(attempt: text("attempt"), at: Format.time(text("at")), code: text("code"), message: text("message"),
                       retryable: o["retryable"] == .bool(true))
    }
}
