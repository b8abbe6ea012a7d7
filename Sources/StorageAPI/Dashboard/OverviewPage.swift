import Foundation
import Hummingbird
import QueueKit
import StorageKit

/// `/ui/`: at a glance, what the queue holds per queue, what ended in the last day, what
/// runs now and how far it is, what failed last, and what waits for someone.
enum OverviewPage {
    struct Cell { var count: String; var href: String; var zero: Bool }
    struct QueueRow { var queue: String; var cells: [Cell] }
    struct Failure { var id: String; var kind: String; var error: String; var finished: String }

    struct Page {
        var states: [String]
        var queues: [QueueRow]
        var chart: String
        var succeeded: String
        var failed: String
        var running: [JobPages.Running]
        var failures: [Failure]
        var batches: [BatchPages.Row]
        var pendingReviews: Int
        var damaged: Int
        /// Mustache takes any number, 0 included, as true (and sees stored properties only):
        /// these say whether to colour the tiles.
        var anyPending: Bool
        var anyDamaged: Bool
        var oldestWaiting: String?
        /// How long ago the counts were read ("now", "12 s ago").
        var countedAgo: String
    }

    static func register(_ routes: RouteTable, _ ui: Dashboard) {
        routes.page(.get, "/ui", .read) { _, context in
            async let counted = ui.backend.figures.value(acceptingUpTo: Dashboard.staleCounts)
            async let ended = ui.endings.value(acceptingUpTo: Dashboard.staleCounts)
            let (figures, age) = try await counted
            let hours = try await ended.value
            async let newest = ui.batches.value(acceptingUpTo: Dashboard.staleCounts)
            let (running, failed, reviews) = try await ui.backend.database { db in
                (try await ui.backend.queue.list(JobFilter(state: .running, limit: 20), on: db),
                 try await ui.backend.queue.list(JobFilter(state: .failed, limit: 5), on: db),
                 try await DeletionRequests.list(status: .pending, on: db, logger: ui.backend.logger).count)
            }
            let batches = try await newest.value.prefix(3)
            let damaged = Int(figures.storage.aips.filter { $0.status == PackageStatus.damaged.rawValue }.reduce(0) { $0 + $1.count })
            let page = Page(
                states: JobState.allCases.map(\.rawValue), queues: queues(figures.queue.jobs),
                chart: Chart.endings(hours),
                succeeded: Format.count(hours.reduce(0) { $0 + $1.succeeded }), failed: Format.count(hours.reduce(0) { $0 + $1.failed }),
                running: running.map { JobPages.Running($0) }, failures: failed.map(failure), batches: batches.map(BatchPages.Row.init),
                pendingReviews: reviews, damaged: damaged, anyPending: reviews > 0, anyDamaged: damaged > 0,
                oldestWaiting: figures.queue.oldestWaiting.map(\.seconds).max().map(Format.duration),
                countedAgo: Format.age(age))
            return try ui.render("overview", "Overview", section: "/ui/", page: page, live: true, context)
        }
    }

    /// Jobs per queue and state, each count a link to those jobs; the busiest queues first.
    static func queues(_ jobs: [(state: String, kind: String, queue: String, count: Int64)]) -> [QueueRow] {
        var table: [String: [String: Int64]] = [:]
        for j in MetricsPage.folded(jobs) { table[j.queue, default: [:]][j.state, default: 0] += j.count }
        return table.sorted { ($0.value.values.reduce(0, +), $1.key) > ($1.value.values.reduce(0, +), $0.key) }.map { queue, counts in
            QueueRow(queue: queue, cells: JobState.allCases.map { state in
                let n = Int(counts[state.rawValue] ?? 0)
                return Cell(count: Format.count(n), href: Dashboard.link("/ui/jobs", ["state": state.rawValue, "queue": queue]), zero: n == 0)
            })
        }
    }

    static func failure(_ job: JobRecord) -> Failure {
        Failure(id: Format.uuid(job.id), kind: job.kind, error: JobPages.lastError(job) ?? "", finished: Format.time(job.finishedAt))
    }
}
