import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// `ss-cli serve` as a process: it stops cleanly on SIGTERM, and refuses to start with a
/// clear message and exit status when it cannot serve.
@Suite struct ServeCommandTests {
    @Test func sigtermAnswersTheLongPollsInFlightAndExitsZero() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let id = try await h.db.enqueue([NewJob(kind: "system.noop", args: [:])])[0]
        // No worker runs: the job stays queued, and only the shutdown can end the wait.
        let poll = Task { try await h.client.get("/api/v3/jobs/\(id.uuidString.lowercased())?wait=600") }
        try await Task.sleep(for: .milliseconds(700))
        let start = Date()
        h.server.child.signal(SIGTERM)
        let answer = try await poll.value
        #expect(answer.status == 200 && answer.object.text("state") == "queued", "the long poll was answered: \(answer.text)")
        let status = h.server.child.wait(timeout: 15)
        #expect(status == 0, "exit status \(String(describing: status)); log: \(h.server.log)")
        #expect(Date().timeIntervalSince(start) < 10, "the wait did not hold up the shutdown")
    }

    @Test func itRefusesToStartWithAClearMessage() async throws {
        let db = try await TestDatabase.make()
        let bad = try runCLI(["serve", "--listen", "localhost"], databaseURL: db.url)
        #expect(bad.status == 65 && bad.stderr.contains("invalid listen address"), "\(bad.stderr)")
        let limit = try runCLI(["serve", "--max-body-bytes", "0"], databaseURL: db.url)
        #expect(limit.status == 65, "\(limit.stderr)")
        let down = try runCLI(["serve", "--listen", "127.0.0.1:0"], databaseURL: "postgres://ss@127.0.0.1:1/ss", timeout: 30)
        #expect(down.status == 69 && down.stderr.contains("cannot reach the database"), "\(down.stderr)")

        let first = try ServerProcess(databaseURL: db.url)
        let taken = try runCLI(["serve", "--listen", "127.0.0.1:\(first.port)"], databaseURL: db.url, timeout: 30)
        #expect(taken.status != 0 && taken.stderr.contains("ss-cli:"), "a plain message, not a crash: \(taken.stderr)")
        #expect(try await HTTPClient(base: first.base).get("/api/health").status == 200, "the first server still serves")
    }
}
