import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// What a stranger sends that our own clients never do: NUL bytes, a key reused for
/// another request or by another user, paths ending in `.`, keys in odd places.
@Suite struct HostileInputTests {
    @Test func aNulByteIsA400NamingTheFieldNeverA503() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let before = try await h.storage.jobCount()
        let body = try await h.client.post("/api/v3/aips", json: #"{"path": "a\u0000b", "from": "incoming", "to": "vault"}"#)
        #expect(body.status == 400 && body.object.text("field") == "path" && (body.object.text("error") ?? "").contains("NUL"), "\(body.text)")
        let query = try await h.client.get("/api/v3/jobs?kind=aip.store%00x")
        #expect(query.status == 400 && query.object.text("field") == "kind", "\(query.text)")
        let named = try await h.client.get("/api/v3/locations/vault%00")
        #expect(named.status == 400 || named.status == 404, "\(named.status) \(named.text)")
        let form = try await h.client.request("POST", "/api/v2/file/\(UUID())/move/", body: Data("location_uuid=a%00b".utf8),
                                              headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(form.status == 400, "\(form.text)")
        // A user name with a NUL byte, before any key is checked: 401, and the database is never asked.
        let basic = Data("tes\u{0}ter:\(h.key)".utf8).base64EncodedString()
        let anonymous = try await h.anonymous.get("/api/v3/aips", headers: ["Authorization": "Basic \(basic)"])
        #expect(anonymous.status == 401, "\(anonymous.status) \(anonymous.text)")
        for r in [body, query, named, form, anonymous] {
            #expect(!r.text.contains("127.0.0.1") && !r.text.contains("postgres"), "no answer names the database: \(r.text)")
        }
        #expect(try await h.storage.jobCount() == before, "nothing was enqueued")
    }

    @Test func anIdempotencyKeyBelongsToItsUserAndItsRequest() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let (a, b) = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in (try await h.storedAIP(), try await h.storedAIP()) }
        let alice = try await h.client("alice", scopes: .default), bob = try await h.client("bob", scopes: .default)
        let key = ["Idempotency-Key": "nightly-1"]
        let first = try await alice.post("/api/v3/aips/\(a.uuid)/fixity", json: "{}", headers: key)
        let again = try await alice.post("/api/v3/aips/\(a.uuid)/fixity", json: "{}", headers: key)
        #expect(first.status == 202 && again.status == 202 && first.object.text("id") == again.object.text("id"), "the same request: the same job")

        let other = try await alice.post("/api/v3/aips/\(b.uuid)/fixity", json: "{}", headers: key)
        #expect(other.status == 409 && (other.object.text("error") ?? "").contains("another request"), "another AIP: \(other.text)")
        let move = try await alice.post("/api/v3/aips/\(a.uuid)/move", json: #"{"to": "offsite"}"#, headers: key)
        #expect(move.status == 409, "another operation: \(move.text)")
        let priority = try await alice.post("/api/v3/aips/\(a.uuid)/fixity", json: #"{"priority": 5}"#, headers: key)
        #expect(priority.status == 409, "other parameters: \(priority.text)")

        let bobs = try await bob.post("/api/v3/aips/\(a.uuid)/fixity", json: "{}", headers: key)
        #expect(bobs.status == 202 && bobs.object.text("id") != first.object.text("id"), "another user's key never returns alice's job")

        let lines = #"["fixity \#(a.uuid)"]"#
        let batch = try await alice.post("/api/v3/batches", json: lines, headers: ["Idempotency-Key": "b-1"])
        #expect(try await alice.post("/api/v3/batches", json: lines, headers: ["Idempotency-Key": "b-1"]).object.text("id") == batch.object.text("id"))
        let otherBatch = try await alice.post("/api/v3/batches", json: #"["fixity \#(b.uuid)"]"#, headers: ["Idempotency-Key": "b-1"])
        #expect(otherBatch.status == 409, "\(otherBatch.text)")
        #expect(try await bob.post("/api/v3/batches", json: lines, headers: ["Idempotency-Key": "b-1"]).object.text("id") != batch.object.text("id"))
        #expect(try await h.db.scalars("SELECT count(*)::int FROM jobs WHERE kind = 'aip.fixity'", as: Int.self) == [4],
                "alice's job, bob's job, and one per batch: the refused requests made none")

        // The CLI binds a single submission the same way (exit 65).
        let cli = ["aip", "fixity", "--idempotency-key", "cli-1"]
        #expect(try runCLI(cli + ["\(a.uuid)"], databaseURL: h.db.url).status == 0)
        let reused = try runCLI(cli + ["\(b.uuid)"], databaseURL: h.db.url)
        #expect(reused.status == 65 && reused.stderr.contains("another request"), "\(reused.stderr)")
    }

    @Test func aPathEndingInDotIsRefusedAtSubmission() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        try BagFixture.random(at: h.locations.incoming + "/bag1", count: 2, size: 100)
        let before = try await h.storage.jobCount()
        for path in ["bag1/.", "bag1/./", "bag1/..", "."] {
            let r = try await h.client.post("/api/v3/aips", json: #"{"path": "\#(path)", "from": "incoming", "to": "vault"}"#)
            #expect(r.status == 400, "\(path): \(r.status) \(r.text)")
        }
        let cli = try runCLI(["aip", "store", "bag1/.", "--from", "incoming", "--to", "vault"], databaseURL: h.db.url)
        #expect(cli.status == 65 && cli.stderr.contains("ends in '.'"), "\(cli.stderr)")
        #expect(try await h.storage.jobCount() == before)
        #expect(try await h.db.scalars("SELECT count(*)::int FROM packages WHERE name IN ('.', '..')", as: Int.self) == [0])
    }

    @Test func keysStayOutOfLogsAndLinks() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        // A key sent as the Basic user name (the password left empty) is not logged.
        let basic = Data("\(h.key):".utf8).base64EncodedString()
        #expect(try await h.anonymous.get("/api/v3/aips", headers: ["Authorization": "Basic \(basic)"]).status == 401)
        _ = try await h.anonymous.get("/api/v3/aips?username=\(h.key)&api_key=x")
        _ = try await h.db.enqueue([NewJob(kind: "system.noop"), NewJob(kind: "system.noop")])
        let page = try await h.anonymous.get("/api/v3/jobs?limit=1&username=\(h.user)&api_key=\(h.key)").json()
        let next = try #require(page.text("next"))
        #expect(!next.contains("api_key") && !next.contains(h.key) && next.contains("cursor="), "\(next)")
        #expect(!h.server.log.contains(h.key), "the key never reaches the log")
    }
}
