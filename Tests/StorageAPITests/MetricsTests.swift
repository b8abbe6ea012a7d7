import Foundation
import QueueKit
@testable import StorageAPI
import StorageKit
import StorageTesting
import Testing

/// `/metrics`, read by prometheus_client's own parser: `ss-cli serve`'s figures from the
/// database after a known set of jobs (with a read key on the API port, with none on
/// `--metrics-listen`), and a worker's own (`ss-worker --metrics-listen`).
@Suite struct MetricsTests {
    typealias Sample = (name: String, labels: [String: String], value: Double)

    /// The families prometheus_client reads in `text` (scripts/lib/parse_metrics.py).
    static func parse(_ text: String) throws -> [String: (type: String, samples: [Sample])] {
        let python = try #require(ProcessInfo.processInfo.environment["SS_TEST_PYTHON"], "run through scripts/test, which installs prometheus_client")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/lib/parse_metrics.py").path
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString).txt").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: input))
        defer { try? FileManager.default.removeItem(atPath: input) }
        let run = try runProcess("/bin/sh", ["-c", "\"$0\" \"$1\" < \"$2\"", python, script, input], environment: [:], timeout: 60)
        #expect(run.status == 0, "prometheus_client could not parse it: \(run.stderr)\n\(text)")
        guard case .object(let families) = try JSONValue(jsonText: run.stdout) else { return [:] }
        return families.mapValues { family in
            let samples: [Sample] = family.list("samples").compactMap { s in
                guard case .array(let parts) = s, parts.count == 3, case .string(let name) = parts[0], case .object(let labels) = parts[1],
                      case .number(let value) = parts[2] else { return nil }
                return (name, labels.compactMapValues { if case .string(let v) = $0 { v } else { nil } }, value)
            }
            return (family.text("type") ?? "", samples)
        }
    }

    static func value(_ families: [String: (type: String, samples: [Sample])], _ family: String, _ labels: [String: String] = [:],
                      sample: String? = nil) -> Double? {
        families[family]?.samples.first { s in s.name == (sample ?? family) && labels.allSatisfy { k, v in s.labels[k] == v } }?.value
    }

    /// The port a `--metrics-listen …:0` listener said it took, from its process's log.
    static func metricsPort(in log: () -> String) async throws -> Int {
        var port: Int?
        try await TestDatabase.eventually("the metrics listener to start") {
            let text = log()
            if let r = text.range(of: #"serving /metrics on http://127\.0\.0\.1:\d+"#, options: .regularExpression) {
                port = Int(text[r].split(separator: ":").last!)
            }
            return port != nil
        }
        return try #require(port)
    }

    @Test func serveShowsTheQueueTheAIPsTheLocationsAndTheFailures() async throws {
        let h = try await APIHarness.make(serverArguments: ["--metrics-listen", "127.0.0.1:0"])
        defer { h.locations.remove() }
        let rotten = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            _ = try await h.storedAIP()
            let (aip, _) = try await h.storedAIP()
            let p = try await h.storage.package(aip)
            try Data("rot".utf8).write(to: URL(fileURLWithPath: p.fullPath + "/data/objects/file-0.bin"))
            let fixity = try await h.storage.submit { r, c in try await r.fixity(aip, on: c) }
            #expect(try await h.storage.finish(fixity).state == .failed)
            return aip
        }
        _ = rotten
        _ = try await h.db.enqueue([NewJob(kind: "system.noop", queue: "bulk"), NewJob(kind: "system.noop", queue: "bulk")])

        #expect(try await h.anonymous.get("/metrics").status == 401)
        let reader = try await h.client("reader", scopes: Scopes([.read]))
        let page = try await reader.get("/metrics")
        #expect(page.status == 200 && page.headers.first { $0.key.lowercased() == "content-type" }?.value.hasPrefix("text/plain") == true, "\(page.status) \(page.text)")
        let f = try Self.parse(page.text)
        #expect(f["ss_jobs"]?.type == "gauge")
        #expect(Self.value(f, "ss_jobs", ["state": "succeeded", "kind": "aip.store", "queue": "default"]) == 2, "\(page.text)")
        #expect(Self.value(f, "ss_jobs", ["state": "failed", "kind": "aip.fixity"]) == 1)
        #expect(Self.value(f, "ss_jobs", ["state": "queued", "kind": "system.noop", "queue": "bulk"]) == 2)
        #expect((Self.value(f, "ss_queue_oldest_seconds", ["queue": "bulk"]) ?? -1) >= 0)
        #expect(Self.value(f, "ss_aips", ["status": "stored", "location": "vault"]) == 2)
        #expect((Self.value(f, "ss_location_bytes", ["location": "vault"]) ?? 0) > 4000)
        #expect((Self.value(f, "ss_location_free_bytes", ["location": "vault"]) ?? 0) > 0)
        #expect(f["ss_fixity_failures"]?.type == "counter" && Self.value(f, "ss_fixity_failures", sample: "ss_fixity_failures_total") == 1)
        #expect(Self.value(f, "ss_copies_overdue") == 0 && Self.value(f, "ss_audit_oldest_seconds") != nil)
        #expect(f["ss_audit_bytes_read"]?.type == "counter")

        // The listener of its own: /metrics with no key, and nothing else.
        let port = try await Self.metricsPort { h.server.log }
        let open = HTTPClient(base: "http://127.0.0.1:\(port)")
        let bare = try await open.get("/metrics")
        let bareFamilies = try Self.parse(bare.text)
        #expect(bare.status == 200 && Self.value(bareFamilies, "ss_aips", ["status": "stored"]) == 2)
        #expect(try await open.get("/api/v2/file/").status == 404, "the API is not served there")
    }

    @Test func aWorkerShowsItsJobsDurationsAndBytes() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let worker = try WorkerProcess(databaseURL: h.db.url, arguments: ["--metrics-listen", "127.0.0.1:0"])
        defer { worker.signal(SIGTERM); _ = worker.waitForExit(timeout: 20) }
        let port = try await Self.metricsPort { worker.log }
        let pings = try runCLI(["ping", "--count", "5"], databaseURL: h.db.url, timeout: 60)
        #expect(pings.status == 0, "\(pings.stderr)")
        let name = "bag-\(UUID().uuidString.lowercased())"
        try BagFixture.random(at: h.locations.incoming + "/" + name, count: 3, size: 100_000)
        let store = try runCLI(["aip", "store", name, "--from", "incoming", "--to", "vault", "--wait"], databaseURL: h.db.url, timeout: 60)
        #expect(store.status == 0, "\(store.stderr)")

        let page = try await HTTPClient(base: "http://127.0.0.1:\(port)").get("/metrics")
        #expect(page.status == 200)
        let f = try Self.parse(page.text)
        #expect(f["ss_job_duration_seconds"]?.type == "histogram", "\(page.text)")
        #expect(Self.value(f, "ss_job_duration_seconds", ["kind": "system.noop", "outcome": "succeeded"], sample: "ss_job_duration_seconds_count") == 5)
        #expect(Self.value(f, "ss_job_duration_seconds", ["kind": "aip.store", "outcome": "succeeded"], sample: "ss_job_duration_seconds_count") == 1)
        #expect((Self.value(f, "ss_bytes_copied", sample: "ss_bytes_copied_total") ?? 0) >= 300_000, "\(page.text)")
        #expect(Self.value(f, "ss_worker_running_jobs") == 0)
    }

    @Test func aBadMetricsAddressIsRefusedWithNothingStarted() async throws {
        let db = try await TestDatabase.make()
        for command in [["serve", "--metrics-listen", "nowhere"], ["serve", "--metrics-listen", "127.0.0.1:99999"], ["serve", "--metrics-listen", "::1"]] {
            let run = try runCLI(command, databaseURL: db.url, timeout: 30)
            #expect(run.status == 65 && run.stderr.contains("invalid metrics listen address"), "\(command): \(run.status) \(run.stderr)")
        }
        let worker = try WorkerProcess(databaseURL: db.url, arguments: ["--metrics-listen", "nowhere"])
        #expect(worker.waitForExit(timeout: 30) == 65 && worker.log.contains("invalid metrics listen address"), "\(worker.log)")
    }

    /// Queue names come from callers: one that could not be a label (or a `--queues`
    /// word) is refused with nothing enqueued, and past 50 queues the rest are summed.
    @Test func queueNamesAreCheckedAndTheirNumberOnThePageBounded() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let aip = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in try await h.storedAIP().uuid }
        for bad in ["a b", "q\\\"}", String(repeating: "q", count: 65), "é"] {
            let body = JSONValue.object(["queue": .string(bad)]).jsonText
            let r = try await h.client.post("/api/v3/aips/\(aip.uuidString.lowercased())/fixity", json: body)
            #expect(r.status == 400 && r.text.contains("invalid queue name"), "\(bad): \(r.status) \(r.text)")
        }
        let cli = try runCLI(["aip", "fixity", aip.uuidString, "--queue", "night shift"], databaseURL: h.db.url)
        #expect(cli.status == 65 && cli.stderr.contains("invalid queue name"), "\(cli.stderr)")
        #expect(try await h.db.scalars("SELECT count(*)::int FROM jobs WHERE kind = 'aip.fixity'", as: Int.self) == [0])

        let many: [(state: String, kind: String, queue: String, count: Int64)] = (0..<80).map { ("queued", "aip.fixity", "q\($0)", Int64($0 + 1)) }
        let folded = MetricsPage.folded(many)
        #expect(Set(folded.map(\.queue)).count == 51 && folded.contains { $0.queue == "(other)" && $0.count == (1...30).reduce(0, +) })
        #expect(folded.reduce(0) { $0 + $1.count } == many.reduce(0) { $0 + $1.count }, "nothing lost, only summed")
    }
}
