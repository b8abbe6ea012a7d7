import Foundation
import QueueKit
import StorageTesting
import Testing

/// The CLI's promises to scripts: exit codes, messages on stderr, JSON on stdout.
@Suite struct CLIExitCodeTests {
    @Test func aMalformedUUIDIsAUsageError() throws {
        let r = try runCLI(["job", "status", "not-a-uuid"], databaseURL: nil)
        #expect(r.status == 64)
        #expect(r.stderr.contains("not-a-uuid"))
        #expect(r.stdout.isEmpty)
    }

    @Test func anUnknownJobIsNotFound() async throws {
        let db = try await TestDatabase.make()
        let id = UUID().uuidString.lowercased()
        for command in [["job", "status", id], ["job", "cancel", id], ["job", "retry", id], ["job", "wait", id]] {
            let r = try runCLI(command, databaseURL: db.url)
            #expect(r.status == 66, "\(command)")
            #expect(r.stderr.contains("no job \(id)"), "\(command)")
        }
    }

    @Test func anUnreachableDatabaseExits69QuicklyWithoutThePassword() throws {
        let url = "postgres://archivist:s3cret-pw@127.0.0.1:9/ss"
        for command in [["job", "list"], ["ping"], ["db", "status"], ["db", "migrate"]] {
            let r = try runCLI(command, databaseURL: url)
            #expect(r.status == 69, "\(command)")
            #expect(r.stderr.contains("127.0.0.1:9"), "names the server: \(r.stderr)")
            #expect(!r.stderr.contains("s3cret-pw"), "never the password")
            #expect(r.stderr.contains("ss-cli db start"), "says how to start one")
            #expect(r.seconds < 6, "within a few seconds")
        }
        let worker = try runProcess(Binaries.worker, [], environment: ["SS_DATABASE_URL": url, "PATH": "/usr/bin:/bin"], timeout: 20)
        #expect(worker.status == 69)
        #expect(!worker.stderr.contains("s3cret-pw"))
    }

    @Test func aSchemaBehindSaysHowToFixIt() async throws {
        let db = try await TestDatabase.make(migrated: false)
        let r = try runCLI(["job", "list"], databaseURL: db.url)
        #expect(r.status == 69)
        #expect(r.stderr.contains("ss-cli db migrate"))
        let status = try runCLI(["db", "status"], databaseURL: db.url)
        #expect(status.status == 0)
        #expect(status.stdout.contains("queue"))
        let migrate = try runCLI(["db", "migrate"], databaseURL: db.url)
        #expect(migrate.status == 0)
        #expect(migrate.stderr.contains("applied queue 1 jobs"))
        #expect(try runCLI(["job", "list"], databaseURL: db.url).status == 0)
        let json = try runCLI(["db", "status", "--json"], databaseURL: db.url)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(Set(doc.keys) == ["database", "source", "components"])
        let components = try #require(doc["components"] as? [[String: Any]])
        #expect(components.map { $0["component"] as? String } == ["queue", "storage"])
        #expect(components.allSatisfy { ($0["pending"] as? [Int]) == [] && $0["current"] as? Int == $0["latest"] as? Int })
    }

    @Test func concurrentMigrateCommandsAllSucceedOnce() async throws {
        let db = try await TestDatabase.make(migrated: false)
        let results = try await withThrowingTaskGroup(of: CommandResult.self) { group in
            for _ in 0..<4 { group.addTask { try runCLI(["db", "migrate"], databaseURL: db.url) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0.status == 0 })
        #expect(results.filter { $0.stderr.contains("applied queue 1") }.count == 1)
    }

    @Test func waitTimesOutWith75AndCancelOfAFinishedJobIs65() async throws {
        let db = try await TestDatabase.make()
        let id = try await db.enqueue([NewJob(kind: "system.noop")])[0]
        let r = try runCLI(["job", "wait", "--timeout", "0.5", id.uuidString], databaseURL: db.url)
        #expect(r.status == 75)
        #expect(r.stderr.contains("timed out"))
        try await db.execute("UPDATE jobs SET state = 'succeeded', finished_at = now() WHERE id = \(id)")
        let cancel = try runCLI(["job", "cancel", id.uuidString], databaseURL: db.url)
        #expect(cancel.status == 65)
        #expect(cancel.stderr.contains("already succeeded"))
        let wait = try runCLI(["job", "wait", "--progress", id.uuidString], databaseURL: db.url)
        #expect(wait.status == 0)
        #expect(wait.stdout == "\(id.uuidString.lowercased()) succeeded\n")
        #expect(wait.stderr.contains("1/1 jobs finished"), "plain progress lines when stderr is not a terminal")
    }

    @Test func statusJSONHasExactlyTheDocumentedKeys() async throws {
        let db = try await TestDatabase.make()
        let id = try await db.enqueue([NewJob(kind: "system.noop", args: ["sleep_ms": 1], idempotencyKey: "k1")])[0]
        let r = try runCLI(["job", "status", "--json", id.uuidString], databaseURL: db.url)
        #expect(r.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(Set(doc.keys) == ["id", "kind", "queue", "priority", "state", "attempt", "max_attempts", "args", "result",
                                  "errors", "package_uuid", "batch_id", "idempotency_key", "progress", "worker",
                                  "created_at", "run_at", "started_at", "finished_at", "submitted_by"])
        #expect(doc["id"] as? String == id.uuidString.lowercased())
        #expect(doc["state"] as? String == "queued")
        #expect(Set((doc["progress"] as? [String: Any])?.keys ?? [:].keys) == ["done", "total"])
        let created = try #require(doc["created_at"] as? String)
        #expect(created.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$"#, options: .regularExpression) != nil)

        let list = try runCLI(["job", "list", "--json", "--state", "queued"], databaseURL: db.url)
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let human = try runCLI(["job", "list"], databaseURL: db.url)
        #expect(human.stdout.hasPrefix("ID "))
    }
}
