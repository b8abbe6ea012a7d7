import ArgumentParser
import Foundation
import QueueKit

struct Ping: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that workers are alive: enqueue system.noop jobs and time their round trip.",
        discussion: """
            Enqueues --count system.noop jobs in one bulk insert (one batch), waits for them,
            and prints how long the enqueue and the whole run took, and the round trip
            (submit → finish) p50/max from the jobs' own timestamps. With --no-wait it prints
            the batch UUID and returns. --one-by-one submits each job only after the previous
            one finished (the idle latency). Exits 75 when no worker finishes them in time.

            \(ExitCodes.discussion)
            """
    )

    @Option(help: "How many jobs.") var count = 1
    @Option(help: "The queue to send them to (1 to 64 letters, digits, _ . -).") var queue = "default"
    @Option(help: "Give up after this many seconds (exit 75).") var timeout: Double = 30
    @Flag(help: "Print the batch UUID and return without waiting.") var noWait = false
    @Flag(help: "Submit each job after the previous one finished.") var oneByOne = false
    @Flag(help: "Print the figures as JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard count >= 1, count <= 1_000_000 else { throw ValidationError("--count must be between 1 and 1000000") }
        guard !(noWait && oneByOne) else { throw ValidationError("--no-wait and --one-by-one exclude each other") }
    }

    struct Report: Encodable {
        var batch: String
        var jobs: Int
        var enqueueMs: Double
        var totalMs: Double
        var latency: JobQueue.BatchLatency

        enum CodingKeys: String, CodingKey {
            case batch, jobs, latency
            case enqueueMs = "enqueue_ms", totalMs = "total_ms"
        }
    }

    func run() async throws {
        let batch = UUID()
        let clock = ContinuousClock()
        let report = try await global.withDatabase { db -> Report? in
            let started = clock.now
            func job() -> NewJob {
                // Arguments as text: a million jobs do not each encode the same empty object.
                NewJob(kind: NoopHandler.kind, argsJSON: "{}", queue: queue, maxAttempts: 1, batchID: batch)
            }
            var enqueue = Duration.zero
            if oneByOne {
                for _ in 0..<count {
                    let t = clock.now
                    let id = try await db.queue.enqueue(job(), on: db.connection)
                    enqueue += clock.now - t
                    try Waiting.exitUnlessAllSucceeded(try await waitOrExplain(db, [id], deadline: started))
                }
            } else {
                // Made as the COPY takes them: the database starts on the first while the rest are made.
                let ids = try await db.queue.enqueue(count: count, on: db.connection) { _ in job() }
                enqueue = clock.now - started
                if noWait {
                    let ms = enqueue / .milliseconds(1)
                    Terminal.message(String(format: "enqueued %d jobs in %.1f ms (%.0f jobs/s)", count, ms, Double(count) / max(ms, 0.001) * 1000))
                    return nil
                }
                try Waiting.exitUnlessAllSucceeded(try await waitOrExplain(db, ids, deadline: started))
            }
            let total = clock.now - started
            return Report(batch: batch.uuidString.lowercased(), jobs: count, enqueueMs: enqueue / .milliseconds(1),
                          totalMs: total / .milliseconds(1), latency: try await db.queue.latency(batch: batch, on: db.connection))
        }
        guard let report else {
            Terminal.out(batch.uuidString.lowercased())
            return
        }
        if json {
            try JSONOutput.document(report)
        } else {
            let l = report.latency
            Terminal.out(String(format: "enqueued %d jobs in %.1f ms (%.0f jobs/s)", report.jobs, report.enqueueMs,
                                Double(report.jobs) / max(report.enqueueMs, 0.001) * 1000))
            Terminal.out(String(format: "all %d succeeded in %.1f ms", report.jobs, report.totalMs))
            Terminal.out(String(format: "round trip p50 %.2f ms, max %.2f ms; start latency p50 %.2f ms, p99 %.2f ms",
                                l.roundTripP50, l.roundTripMax, l.startP50, l.startP99))
        }
    }

    private func waitOrExplain(_ db: PostgresContext, _ ids: [UUID], deadline started: ContinuousClock.Instant) async throws -> [UUID: JobState] {
        let left = Duration.milliseconds(Int(timeout * 1000)) - (ContinuousClock.now - started)
        do {
            return try await db.queue.wait(for: ids, timeout: max(left, .zero), on: db.connection)
        } catch let error as QueueError where error.code == .timedOut {
            throw QueueError(.timedOut, "\(error.message) after \(timeout) s: is an ss-worker running against \(db.settings.display)?")
        }
    }
}
