import Foundation
import Logging
import PostgresNIO
import Prometheus
import QueueKit
import StorageKit

/// `/metrics` of `ss-cli serve`: the queue, the AIPs, the locations, the copies and the
/// audits as the database has them, in the Prometheus text format (rendered by
/// swift-prometheus from a registry made afresh for each reading). A reading is a few
/// aggregate queries, kept for `freshness`, so that any number of scrapers cost one
/// reading every few seconds.
actor MetricsPage {
    let pool: ConnectionPool
    let queue: JobQueue
    let every: Duration
    let freshness: Duration
    let logger: Logger
    private var cached: (at: ContinuousClock.Instant, text: String)?

    init(pool: ConnectionPool, queue: JobQueue, every: Duration, freshness: Duration = .seconds(5), logger: Logger) {
        self.pool = pool
        self.queue = queue
        self.every = every
        self.freshness = freshness
        self.logger = logger
    }

    func text() async throws -> String {
        if let cached, ContinuousClock.now - cached.at < freshness { return cached.text }
        let (q, s) = try await pool.onConnection { [queue, every, logger] db in
            (try await queue.figures(on: db), try await StorageFigures.read(every: every, on: db, logger: logger))
        }
        let text = Self.render(q, s)
        cached = (.now, text)
        return text
    }

    static func render(_ q: QueueFigures, _ s: StorageFigures) -> String {
        let r = PrometheusCollectorRegistry()
        /// `ss_<name>_<unit>` with its help text.
        func gauge(_ name: String, _ unit: String, _ help: String, _ labels: [(String, String)] = [], _ value: Double) {
            r.makeGauge(descriptor: .init(namespace: "ss", metricName: name, unitName: unit, helpText: help), labels: labels).set(value)
        }
        func counter(_ name: String, _ help: String, _ value: Int64) {
            r.makeCounter(descriptor: .init(namespace: "ss", metricName: name, unitName: "total", helpText: help)).increment(by: value)
        }
        for j in q.jobs {
            gauge("jobs", "", "Jobs by state, kind and queue.", [("state", j.state), ("kind", j.kind), ("queue", j.queue)], Double(j.count))
        }
        for o in q.oldestWaiting {
            gauge("queue_oldest", "seconds", "How long the oldest job that could run has waited.", [("queue", o.queue)], o.seconds)
        }
        for w in q.workers {
            gauge("running_jobs", "", "Jobs running, per worker.", [("worker", w.worker)], Double(w.running))
            gauge("worker_lease_remaining", "seconds", "Seconds until the first lease of the worker's jobs runs out; below 0 it stopped heartbeating.",
                  [("worker", w.worker)], w.leaseLeft)
        }
        for a in s.aips {
            gauge("aips", "", "Packages by status and location.", [("status", a.status), ("location", a.location)], Double(a.count))
        }
        for l in s.locations {
            gauge("location", "bytes", "Bytes of the AIPs and replicas a location holds.", [("location", l.name)], Double(l.bytes))
            if let free = l.free { gauge("location_free", "bytes", "Bytes free on the location's filesystem.", [("location", l.name)], Double(free)) }
        }
        for c in s.copies {
            gauge("copies", "", "Replicas by state and location.", [("state", c.state), ("location", c.location)], Double(c.count))
        }
        gauge("copies_overdue", "", "Copies (primaries and replicas) not verified within [audit] every.", [], Double(s.copiesOverdue))
        gauge("audit_oldest", "seconds", "Seconds since the oldest audit (or store) of an AIP.", [], s.oldestAuditAge ?? 0)
        counter("audit_bytes_read", "Bytes read by every worker's audits.", s.auditBytesRead)
        counter("fixity_failures", "Fixity checks and audits that found a difference.", s.fixityFailures)
        return r.emitToString()
    }
}
