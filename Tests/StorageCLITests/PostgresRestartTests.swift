import Foundation
import PostgresNIO
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// A worker survives PostgreSQL restarting under it (`pg_ctl restart -m immediate`, a
/// crash as far as the server is concerned): it reconnects, and every job ends exactly
/// once as succeeded. Runs on a private cluster so that other tests are not disturbed.
@Suite(.serialized) struct PostgresRestartTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func shell(_ script: String) throws -> CommandResult {
        try runProcess("/bin/bash", ["-c", ". \(Self.root.path)/scripts/lib/postgres.sh; \(script)"],
                       environment: ProcessInfo.processInfo.environment, timeout: 120)
    }

    @Test func aWorkerRidesOutADatabaseRestart() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ss-restart-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let port = try #require(Int(try shell("free_port").stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        defer {
            _ = try? shell("pg_stop \(dir)")
            try? FileManager.default.removeItem(atPath: dir)
        }
        let start = try shell("pg_start \(dir) \(port) fsync=off")
        try #require(start.status == 0, "\(start.stderr)")
        let url = "postgres://ss@127.0.0.1:\(port)/ss"
        #expect(try runCLI(["db", "migrate"], databaseURL: url).status == 0)

        let worker = try WorkerProcess(databaseURL: url, arguments: ["--concurrency", "4", "--poll-interval", "0.2"])
        let submit = try runCLI(["ping", "--count", "1", "--timeout", "30"], databaseURL: url)
        #expect(submit.status == 0, "\(submit.stderr)")
        let settings = try DatabaseSettings(url: url, source: "test")
        let ids: [UUID] = (0..<300).map { _ in UUID() }
        try await withConnection(settings) { c in
            _ = try await JobQueue().enqueue(ids.map { NewJob(id: $0, kind: "system.noop", args: ["sleep_ms": 20]) }, on: c)
        }
        try await Task.sleep(for: .milliseconds(400))
        let restart = try shell("as_pg_owner $(pg_bindir)/pg_ctl -D \(dir)/data -m immediate -w restart >/dev/null")
        #expect(restart.status == 0, "\(restart.stderr)")

        let deadline = ContinuousClock.now + .seconds(90)
        var counts: [String: Int] = [:]
        while ContinuousClock.now < deadline {
            counts = (try? await stateCounts(settings)) ?? counts
            if counts["succeeded", default: 0] == ids.count + 1 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(counts == ["succeeded": ids.count + 1], "every job succeeded once, none lost or failed; log:\n\(worker.log.suffix(2000))")
        #expect(worker.isRunning, "the worker rode it out")
        worker.signal(SIGTERM)
        #expect(worker.waitForExit(timeout: 30) == 0)
    }

    private func withConnection<R: Sendable>(_ settings: DatabaseSettings, _ body: (PostgresConnection) async throws -> R) async throws -> R {
        let c = try await Database.connect(settings, logger: .init(label: "test"))
        defer { Task { try? await c.close() } }
        return try await body(c)
    }

    private func stateCounts(_ settings: DatabaseSettings) async throws -> [String: Int] {
        try await withConnection(settings) { c in
            var out: [String: Int] = [:]
            for try await (state, n) in try await c.query("SELECT state, count(*) FROM ss.jobs GROUP BY state", logger: .init(label: "test"))
                .decode((String, Int).self) { out[state] = n }
            return out
        }
    }
}
