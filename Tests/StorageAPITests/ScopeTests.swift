import Foundation
import Logging
import QueueKit
import StorageAPI
import StorageKit
import StorageTesting
import Testing

/// The attacker with one key: every route called with a key of each scope, and the
/// chains that gave a pipeline's key the machine (self-approved deletions, direct
/// deletes, steering another key's jobs) refused with nothing changed.
@Suite struct ScopeTests {
    static var server: APIServer {
        APIServer(settings: .init(), database: try! DatabaseSettings(url: "postgres://nobody@127.0.0.1:1/none", source: "test"),
                  logger: Logger(label: "test"), parseBatch: { _ in [] })
    }

    /// `/api/v3/jobs/{id}` with its parameters filled in: things that do not exist, so
    /// that a call that gets past the scope check changes nothing.
    static func concrete(_ path: String) -> String {
        path.replacingOccurrences(of: "{uuid}", with: UUID().uuidString.lowercased())
            .replacingOccurrences(of: "{purpose}", with: "AS")
            .replacingOccurrences(of: "/deletion-requests/{id}", with: "/deletion-requests/424242")
            .replacingOccurrences(of: "/async/{id}", with: "/async/424242")
            .replacingOccurrences(of: "{id}", with: UUID().uuidString.lowercased())
    }

    @Test func everyRouteNeedsItsScopeAndTheDocsSayWhich() async throws {
        let table = Self.server.routeScopes
        #expect(table.count == Self.server.routes.count, "every registered route is in the scope table")
        #expect(table.filter { $0.scope == "open" }.map(\.route) == ["get /api/health"], "only the health check is open")
        for (route, scope) in table where route.hasPrefix("get ") && scope != "read" && scope != "open" {
            #expect(route == "get /api/v2/file/{uuid}/check_fixity/", "a GET that is not `read` must be the one that submits a job: \(route)")
        }
        // docs/api.md lists each route with its scope, as `| `GET /path` | scope |`.
        let docs = try String(contentsOfFile: ContractTests.repository + "/docs/api.md", encoding: .utf8)
        for (route, scope) in table {
            let parts = route.split(separator: " ", maxSplits: 1)
            let row = "| `\(parts[0].uppercased()) \(parts[1])` | \(scope) |"
            #expect(docs.contains(row), "docs/api.md has no row \(row)")
        }

        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let before = try await h.storage.jobCount()
        let single: [Scope: HTTPClient] = [
            .read: try await h.client("only-read", scopes: Scopes([.read])),
            .submit: try await h.client("only-submit", scopes: Scopes([.submit])),
            .review: try await h.client("only-review", scopes: Scopes([.review])),
        ]
        for (route, needed) in table where needed != "open" {
            let parts = route.split(separator: " ", maxSplits: 1)
            let method = parts[0].uppercased(), path = Self.concrete(String(parts[1]))
            for (scope, client) in single {
                let r = try await client.request(method, path, body: method == "POST" ? Data("{}".utf8) : nil,
                                                 headers: method == "POST" ? ["Content-Type": "application/json"] : [:])
                if scope.rawValue == needed {
                    #expect(r.status != 403 && r.status != 401, "\(route) with a \(scope) key: \(r.status) \(r.text)")
                } else {
                    #expect(r.status == 403, "\(route) needs \(needed), a \(scope) key got \(r.status) \(r.text)")
                    if method != "HEAD" {
                        #expect(r.object.text("scope") == needed && (r.object.text("error") ?? "").contains("'\(needed)' scope"), "\(route): \(r.text)")
                    }
                }
            }
            let admin = try await h.client.request(method, path, body: method == "POST" ? Data("{}".utf8) : nil,
                                                   headers: method == "POST" ? ["Content-Type": "application/json"] : [:])
            #expect(admin.status != 403 && admin.status != 401, "admin may call \(route): \(admin.status)")
        }
        #expect(try await h.storage.jobCount() == before, "none of those calls enqueued anything")
        #expect(h.server.log.contains("user=only-read scope=read"), "the log names the user and the scope that allowed the call")
        #expect(h.server.log.contains("user=tester scope=admin"))
    }

    @Test func aPipelineKeyCannotDeleteDirectlyOrApproveItsOwnRequest() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let aip = try await h.storedAIP()
            let u = aip.uuid.uuidString.lowercased()
            let pipeline = try await h.client("pipeline", scopes: .default)
            let direct = try await pipeline.post("/api/v3/aips/\(u)/delete", json: #"{"reason": "gone"}"#)
            #expect(direct.status == 403 && direct.object.text("scope") == "admin", "\(direct.text)")
            // Nor as a line of a batch (found by an attacker's review: the batch grammar has `delete`).
            let batch = try await pipeline.post("/api/v3/batches", json: #"["fixity \#(u)", "delete \#(u) --reason gone"]"#)
            #expect(batch.status == 403 && batch.object.text("scope") == "admin" && (batch.object.text("error") ?? "").contains("line 2"), "\(batch.text)")

            // A key with submit and review asks, then tries to approve its own request.
            let both = try await h.client("both", scopes: Scopes([.read, .submit, .review]))
            let body = #"{"event_reason": "r", "pipeline": "\#(UUID())", "user_id": 1, "user_email": "x@y"}"#
            let asked = try await both.request("POST", "/api/v2/file/\(u)/delete_aip/", body: Data(body.utf8))
            let id = try #require(asked.object.integer("id"), "\(asked.text)")
            let selfApproval = try await both.post("/api/v3/deletion-requests/\(id)/approve", json: "{}")
            #expect(selfApproval.status == 403 && (selfApproval.object.text("error") ?? "").contains("another key"), "\(selfApproval.text)")
            let v2 = try await both.request("POST", "/api/v2/file/\(u)/review_aip_deletion/", body: Data(#"{"event_id": \#(id), "decision": "approve"}"#.utf8))
            #expect(v2.status == 403, "the v2 review route holds to four eyes too: \(v2.text)")
            let selfReject = try await both.post("/api/v3/deletion-requests/\(id)/reject", json: #"{"reason": "mine"}"#)
            #expect(selfReject.status == 403)

            let requests = try await h.client.get("/api/v3/deletion-requests").json().list("deletion_requests")
            #expect(requests.first?.text("status") == "pending", "the request is still pending")
            let kept = try await h.storage.package(aip.uuid)
            #expect(kept.status == .stored && FileManager.default.fileExists(atPath: kept.fullPath))
            #expect(try await h.db.scalars("SELECT count(*)::int FROM jobs WHERE kind = 'aip.delete'", as: Int.self) == [0])

            // Another key with review may.
            let approved = try await h.reviewer.post("/api/v3/deletion-requests/\(id)/approve", json: "{}")
            #expect(approved.status == 202, "\(approved.text)")
        }
    }

    @Test func aSubmitKeySteersOnlyItsOwnJobsAndBatches() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let alice = try await h.client("alice", scopes: .default), mallory = try await h.client("mallory", scopes: .default)
        let aip = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in try await h.storedAIP() }
        let u = aip.uuid.uuidString.lowercased()
        // No worker runs now: the jobs stay queued.
        let job = try #require(try await alice.post("/api/v3/aips/\(u)/fixity", json: "{}").object.text("id"))
        #expect(try await alice.get("/api/v3/jobs/\(job)").object.text("submitted_by") == "alice")
        let stolen = try await mallory.post("/api/v3/jobs/\(job)/cancel", json: "{}")
        #expect(stolen.status == 403 && stolen.object.text("scope") == "admin", "\(stolen.text)")
        #expect(try await mallory.post("/api/v3/jobs/\(job)/retry", json: "{}").status == 403)
        #expect(try await h.db.job(try #require(UUID(uuidString: job))).state == .queued, "untouched")
        #expect(try await alice.post("/api/v3/jobs/\(job)/cancel", json: "{}").status == 200, "its own")

        let batch = try await alice.post("/api/v3/batches", json: #"["fixity \#(u)"]"#)
        let batchID = try #require(batch.object.text("id"), "\(batch.text)")
        #expect(try await mallory.post("/api/v3/batches/\(batchID)/cancel", json: "{}").status == 403)
        #expect(try await h.db.scalars("SELECT count(*)::int FROM jobs WHERE batch_id = \(UUID(uuidString: batchID)!) AND state = 'queued'", as: Int.self) == [1])
        #expect(try await h.client.post("/api/v3/batches/\(batchID)/cancel", json: "{}").status == 200, "admin may")

        // A job an operator submitted is nobody's key's to cancel.
        let operators = try await h.storage.submit { r, c in try await r.fixity(aip.uuid, on: c) }
        #expect(try await alice.post("/api/v3/jobs/\(operators)/cancel", json: "{}").status == 403)
    }

    @Test func scopesAreMadeListedAndChangedFromTheCLI() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let made = try runCLI(["apikey", "create", "curator", "--scope", "read,review"], databaseURL: h.db.url)
        #expect(made.status == 0, "\(made.stderr)")
        let key = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let curator = HTTPClient(base: h.server.base, credentials: "curator:\(key)")
        #expect(try await curator.post("/api/v3/batches", json: "[]").status == 403)
        #expect(try runCLI(["apikey", "create", "x", "--scope", "read,root"], databaseURL: h.db.url).status == 65, "an unknown scope")
        let bad = try runCLI(["apikey", "scope", "curator", "everything"], databaseURL: h.db.url)
        #expect(bad.status == 65 && bad.stderr.contains("read, submit, review, admin"), "\(bad.stderr)")
        #expect(try runCLI(["apikey", "scope", "nobody", "read"], databaseURL: h.db.url).status == 66)
        #expect(try runCLI(["apikey", "scope", "curator", "read,submit"], databaseURL: h.db.url).status == 0)
        #expect(try await curator.post("/api/v3/batches", json: "[]").status == 400, "the next request is held to the new scopes (an empty batch)")
        let table = try runCLI(["apikey", "list"], databaseURL: h.db.url)
        #expect(table.stdout.contains("SCOPES") && table.stdout.contains("read,submit"), "\(table.stdout)")
    }

    @Test func keysMadeBeforeScopesBecomeReadSubmit() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        // What migration 5 does to a row without scopes.
        let defaulted = try await h.db.scalars("SELECT column_default FROM information_schema.columns WHERE table_schema = \(h.db.schema.name) AND table_name = 'api_keys' AND column_name = 'scopes'", as: String.self)
        #expect(defaulted.first?.contains("{read,submit}") == true, "\(defaulted)")
        try await h.db.execute("INSERT INTO api_keys (username, key_sha256) VALUES ('old', '\\x00')")
        #expect(try await h.db.scalars("SELECT array_to_string(scopes, ',') FROM api_keys WHERE username = 'old'", as: String.self) == ["read,submit"])
    }
}
