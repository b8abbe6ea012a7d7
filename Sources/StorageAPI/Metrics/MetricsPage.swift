import Foundation
import Logging
import PostgresNIO
import Prometheus
import QueueKit
import StorageKit

/// `/metrics` of `ss-cli serve` in the Prometheus text format, rendered by swift-prometheus
/// from a registry made afresh for each reading. At most `queueLimit` queues are shown
/// one by one, the rest summed as `(other)`: queue names come from callers.
struct MetricsPage: Sendable {
    let figures: Cached<ArchiveFigures>
    static let queueLimit = 50

    func text() async throws -> String {
        let f = try await figures.value()
        return Self.render(f.queue, f.storage, free: f.free)
    }

    /// The queues with the most jobs, one by one, and the rest summed as `(other)`.
    static func folded(_ jobs: [(state: String, kind: String, queue: String, count: Int64)]) -> [(state: String, kind: String, queue: String, count: Int64)] {
        var perQueue: [String: Int64] = [:]
        for j in jobs { perQueue[j.queue, default: 0] += j.count }
        guard perQueue.count > queueLimit else { return jobs }
        let shown = Set(perQueue.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(queueLimit).map(\.key))
        var other: [String: Int64] = [:]
        var out: [(state: String, kind: String, queue: String, count: Int64)] = []
        for j in jobs {
            if shown.contains(j.queue) { out.append(j) } else { other["\(j.state)\u{1}\(j.kind)", default: 0] += j.count }
        }
        for (key, count) in other {
            let parts = key.split(separator: "\u{1}", maxSplits: 1).map(String.init)
            out.append((parts[0], parts.count > 1 ? parts[1] : "", "(other)", count))
        }
        return out
    }

    static func render(_ q: QueueFigures, _ s: StorageFigures, free: [String: Int64]) -> String {
        let r = PrometheusCollectorRegistry()
        /// `ss_<name>_<unit>` with its help text.
        func gauge(_ name: String, _ unit: String, _ help: String, _ labels: [(String, String)] = [], _ value: Double) {
            r.makeGauge(descriptor: .init(namespace: "ss", metricName: name, unitName: unit, helpText: help), labels: labels).set(value)
        }
        func counter(_ name: String, _ help: String, _ value: Int64) {
            r.makeCounter(descriptor: .init(namespace: "ss", metricName: name, unitName: "total", helpText: help)).increment(by: value)
        }
        for j in folded(q.jobs) {
            gauge("jobs", "", "Jobs by state, kind and queue.", [("state", j.state), ("kind", j.kind), ("queue", j.queue)], Double(j.count))
        }
        let oldest = q.oldestWaiting.sorted { $0.seconds > $1.seconds }
        for o in oldest.prefix(queueLimit) {
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
            if let free = free[l.path] { gauge("location_free", "bytes", "Bytes free on the location's filesystem.", [("location", l.name)], Double(free)) }
        }
        for c in s.copies {
            gauge("copies", "", "Replicas by state and location.", [("state", c.state), ("location", c.location)], Double(c.count))
        }
        gauge("copies_overdue", "", "Copies (primaries and replicas) not verified within [audit] every.", [], Double(s.copiesOverdue))
        gauge("audit_oldest", "seconds", "Seconds since the oldest audit (or store) of an AIP.", [], s.oldestAuditAge ?? 0)
        counter("audit_bytes_read", "Bytes read by every worker's audits.", max(0, s.auditBytesRead))
        counter("fixity_failures", "Fixity checks and audits that found a difference.", max(0, s.fixityFailures))
        return r.emitToString()
    }
}
