import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// `/api/v3`: every AIP operation answers 202 with the job and where to follow it; jobs
/// are read, waited for, listed page by page, cancelled and retried; batches take the
/// lines of `ss-cli batch submit`.
@Suite struct V3Tests {
    @Test func anAIPIsStoredMovedCheckedAndDeletedThroughV3() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let uuid = UUID(), name = "aip-\(UUID().uuidString.lowercased())"
            try BagFixture.random(at: h.locations.incoming + "/" + name, count: 3, size: 5000)
            let body = #"{"path": "\#(name)", "from": "incoming", "to": "vault", "uuid": "\#(uuid.uuidString.lowercased())"}"#
            let submitted = try await h.client.post("/api/v3/aips", json: body)
            #expect(submitted.status == 202, "\(submitted.text)")
            let job = try submitted.json()
            let id = try #require(job.text("id"))
            #expect(submitted.headers["location"] == "/api/v3/jobs/\(id)")
            #expect(job.keys == ["id", "kind", "queue", "priority", "state", "attempt", "max_attempts", "args", "result", "errors",
                                 "package_uuid", "batch_id", "idempotency_key", "progress", "worker", "created_at", "run_at",
                                 "started_at", "finished_at", "submitted_by"], "the document of `job status --json`")
            let done = try await h.client.get("/api/v3/jobs/\(id)?wait=60").json()
            #expect(done.text("state") == "succeeded", "\(done)")

            let aip = try await h.client.get("/api/v3/aips/\(uuid.uuidString.lowercased())").json()
            #expect(aip.text("status") == "stored" && aip.list("events").count == 1)
            #expect(aip.keys == ["uuid", "name", "status", "location", "path", "full_path", "size", "sha256", "stored_at", "type", "origin_pipeline", "events"])
            let list = try await h.client.get("/api/v3/aips?location=vault&status=stored").json()
            #expect(list.list("aips").count == 1)

            for (path, body) in [("move", #"{"to": "offsite"}"#), ("fixity", ""), ("delete", #"{"reason": "test over"}"#)] {
                let r = try await h.client.post("/api/v3/aips/\(uuid.uuidString.lowercased())/\(path)", json: body)
                #expect(r.status == 202, "\(path): \(r.text)")
                let id = try #require(r.object.text("id"))
                let finished = try await h.client.get("/api/v3/jobs/\(id)?wait=60").json()
                #expect(finished.text("state") == "succeeded", "\(path): \(finished)")
            }
            let after = try await h.client.get("/api/v3/aips/\(uuid.uuidString.lowercased())").json()
            #expect(after.text("status") == "deleted")
            #expect(after.list("events").compactMap { $0.text("type") } == ["stored", "moved", "fixity", "deletion"])
            #expect(after.list("events").allSatisfy { $0.text("actor") == "tester (api)" }, "the key's user is the actor")
        }
    }

    @Test func anIdempotencyKeyMakesResubmittingSafe() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let aip = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in try await h.storedAIP() }
        let path = "/api/v3/aips/\(aip.uuid.uuidString.lowercased())/fixity"
        let first = try await h.client.post(path, json: "{}", headers: ["Idempotency-Key": "nightly-1"])
        let second = try await h.client.post(path, json: "{}", headers: ["Idempotency-Key": "nightly-1"])
        #expect(first.status == 202 && second.status == 202)
        #expect(first.object.text("id") == second.object.text("id"))
        #expect(second.object.text("idempotency_key") == "nightly-1")
        #expect(try await h.storage.jobCount() == 2, "the store and one fixity job")
    }

    @Test func jobsAreListedPageByPageAndCancelledAndRetried() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let ids = try await h.db.enqueue((0..<7).map { _ in NewJob(kind: "system.noop", args: [:]) })
        var seen: [String] = []
        var next: String? = "/api/v3/jobs?limit=3&kind=system.noop"
        var pages = 0
        while let path = next {
            let page = try await h.client.get(path).json()
            seen += page.list("jobs").compactMap { $0.text("id") }
            next = page.text("next")
            pages += 1
            if let next { #expect(next.contains("kind=system.noop") && next.contains("limit=3"), "next keeps the query") }
        }
        #expect(pages == 3 && Set(seen) == Set(ids.map { $0.uuidString.lowercased() }) && seen.count == 7, "\(seen)")
        #expect(try await h.client.get("/api/v3/jobs?state=failed").json().list("jobs").isEmpty)
        #expect(try await h.client.get("/api/v3/jobs?state=bogus").status == 400)
        #expect(try await h.client.get("/api/v3/jobs?cursor=garbage").status == 400)

        let id = ids[0].uuidString.lowercased()
        let cancelled = try await h.client.post("/api/v3/jobs/\(id)/cancel", json: "")
        #expect(cancelled.status == 200 && (cancelled.object.text("state")) == "cancelled")
        let retried = try await h.client.post("/api/v3/jobs/\(id)/retry", json: "")
        #expect(retried.status == 202 && (retried.object.text("state")) == "queued")
        #expect(try await h.client.post("/api/v3/jobs/\(id)/retry", json: "").status == 409, "only failed or cancelled jobs")
        let waited = try await h.client.get("/api/v3/jobs/\(id)?wait=1")
        #expect(waited.status == 200 && (waited.object.text("state")) == "queued", "no worker: the wait ends with the job as it is")
    }

    @Test func aLongPollIsWokenWhenItsJobEnds() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let id = try await h.db.enqueue([NewJob(kind: "system.noop", args: ["sleep_ms": 1500])])[0]
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let start = Date()
            let r = try await h.client.get("/api/v3/jobs/\(id.uuidString.lowercased())?wait=30")
            let seconds = Date().timeIntervalSince(start)
            #expect(r.object.text("state") == "succeeded")
            #expect(seconds >= 1.4 && seconds < 10, "returned when the job ended, not at the timeout (\(seconds) s)")
        }
    }

    /// Requests waiting on their own jobs: ending one answers its request alone (the others
    /// go on waiting past a fallback look), and ending the rest answers them all at once.
    @Test func manyLongPollsEachHearOnlyTheirOwnJob() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let ids = try await h.db.enqueue((0..<12).map { _ in NewJob(kind: "system.noop", args: [:]) })  // no worker runs them
        let answers = Answers()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in ids {
                group.addTask {
                    let r = try await h.client.get("/api/v3/jobs/\(id.uuidString.lowercased())?wait=60")
                    await answers.set(id, r.object.text("state") ?? "status \(r.status)")
                }
            }
            try await Task.sleep(for: .seconds(1))  // all of them waiting
            #expect(await answers.states.isEmpty)
            let start = Date()
            #expect(try await h.client.post("/api/v3/jobs/\(ids[0].uuidString.lowercased())/cancel", json: "").status == 200)
            try await TestDatabase.eventually("its request is answered", timeout: .seconds(10)) { await answers.states[ids[0]] != nil }
            #expect(Date().timeIntervalSince(start) < 2, "answered at its job's end, not at a fallback look")
            try await Task.sleep(for: .seconds(4))  // past a fallback look
            #expect(await answers.states == [ids[0]: "cancelled"], "only the request whose job ended")

            let rest = Date()
            try await h.db.withConnection { c in
                for id in ids.dropFirst() { _ = try await h.db.queue.cancel(id, on: c) }
            }
            try await group.waitForAll()
            #expect(Date().timeIntervalSince(rest) < 5, "answered at their jobs' end")
        }
        #expect(await answers.states == Dictionary(uniqueKeysWithValues: ids.map { ($0, "cancelled") }))
    }

    /// What each waiting request was answered.
    private actor Answers {
        var states: [UUID: String] = [:]
        func set(_ id: UUID, _ state: String) { states[id] = state }
    }

    @Test func aBatchTakesTheLinesOfBatchSubmit() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let aip = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in try await h.storedAIP() }
        let u = aip.uuid.uuidString.lowercased()
        let lines = ##"["fixity \##(u)", "move \##(u) --to offsite", "# a comment", "fixity \##(u)"]"##
        let r = try await h.client.post("/api/v3/batches?jobs=true", json: lines, headers: ["Idempotency-Key": "b-1"])
        #expect(r.status == 202, "\(r.text)")
        let batch = try r.json()
        let id = try #require(batch.text("id"))
        #expect(r.headers["location"] == "/api/v3/batches/\(id)" && batch.integer("jobs") == 3 && batch.list("job_ids").count == 3)
        let replay = try await h.client.post("/api/v3/batches", json: lines, headers: ["Idempotency-Key": "b-1"])
        #expect(replay.status == 202 && replay.headers["idempotent-replayed"] == "true" && (replay.object.text("id")) == id)
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            try await TestDatabase.eventually("the batch succeeds", timeout: .seconds(60)) {
                try await h.client.get("/api/v3/batches/\(id)").json()["states"]?["succeeded"] == .number(3)
            }
        }
        let bad = try await h.client.post("/api/v3/batches", json: #"["fixity \#(u)", "teleport \#(u)"]"#)
        #expect(bad.status == 400 && (bad.object.text("error") ?? "").contains("line 2"), "\(bad.text)")
        #expect(try await h.client.post("/api/v3/batches", json: #"[1, 2]"#).status == 400)
        #expect(try await h.storage.jobCount() == 4, "the store and the batch's three; the bad batches enqueued nothing")
    }

    @Test func locationsAreListedShownAndAdded() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let all = try await h.client.get("/api/v3/locations").json()
        #expect(all.list("locations").compactMap { $0.text("name") } == ["incoming", "offsite", "vault", "vault2"])
        let vault = try await h.client.get("/api/v3/locations/vault").json()
        #expect(vault.keys == ["uuid", "name", "purpose", "path", "space", "description", "created_at", "packages", "bytes", "removable_source", "pipelines"])
        #expect(try await h.client.get("/api/v3/locations/\(vault.text("uuid") ?? "")").json() == vault, "by name or UUID")
        let dir = h.locations.root + "/more"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let added = try await h.client.post("/api/v3/locations", json: #"{"name": "more", "path": "\#(dir)", "purpose": "backlog"}"#)
        #expect(added.status == 201 && (added.object.text("purpose")) == "backlog", "\(added.text)")
        let twice = try await h.client.post("/api/v3/locations", json: #"{"name": "more", "path": "\#(dir)"}"#)
        #expect(twice.status == 409)
        #expect(try await h.client.get("/api/v3/locations/nowhere").status == 404)
    }

    @Test func badRequestsGetAClearErrorAndChangeNothing() async throws {
        let h = try await APIHarness.make(serverArguments: ["--max-body-bytes", "2000"])
        defer { h.locations.remove() }
        let aip = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in try await h.storedAIP() }
        let u = aip.uuid.uuidString.lowercased()
        let unknown = UUID().uuidString.lowercased()
        let cases: [(String, String, String?, [String: String], Int, String)] = [
            ("POST", "/api/v3/aips", "{not json", [:], 400, "not valid JSON"),
            ("POST", "/api/v3/aips", #"{"path": "x"}"#, [:], 400, "'from'"),
            ("POST", "/api/v3/aips", #"{"path": "../etc", "from": "incoming", "to": "vault"}"#, [:], 400, "escapes"),
            ("POST", "/api/v3/aips", #"{"path": "nothing-here", "from": "incoming", "to": "vault"}"#, [:], 404, "nothing-here"),
            ("POST", "/api/v3/aips", #"{"path": "x", "from": "incoming", "to": "nowhere"}"#, [:], 404, "nowhere"),
            ("POST", "/api/v3/aips/\(u)/move", #"{"to": "offsite"}"#, ["Content-Type": "text/plain"], 415, "JSON"),
            ("POST", "/api/v3/aips/\(u)/move", #"{"to": 5}"#, [:], 400, "'to' must be a string"),
            ("POST", "/api/v3/aips/\(u)/move", #"{"to": "incoming"}"#, [:], 400, "incoming"),
            ("POST", "/api/v3/aips/\(unknown)/move", #"{"to": "offsite"}"#, [:], 404, unknown),
            ("POST", "/api/v3/aips/not-a-uuid/fixity", "{}", [:], 400, "not a UUID"),
            ("POST", "/api/v3/aips/\(u)/delete", "{}", [:], 400, "reason"),
            ("POST", "/api/v3/aips/\(u)/fixity", "{\"pad\": \"" + String(repeating: "x", count: 3000) + "\"}", [:], 413, "2000 bytes"),
            ("POST", "/api/v3/aips/\(u)/fixity", "{\"pad\": \"" + String(repeating: "x", count: 3000) + "\"}",
             ["Transfer-Encoding": "chunked"], 413, "2000 bytes"),
            ("GET", "/api/v3/jobs/\(unknown)", nil, [:], 404, unknown),
            ("GET", "/api/v3/jobs/\(unknown)?wait=abc", nil, [:], 400, "wait"),
            ("GET", "/api/v3/batches/\(unknown)", nil, [:], 404, unknown),
            ("GET", "/api/v3/nothing", nil, [:], 404, "no such path"),
            // A known path with a method it does not take: 405, as Tastypie answers.
            ("DELETE", "/api/v2/file/\(u)/", nil, [:], 405, "takes GET, PATCH, PUT, not DELETE"),
            ("PUT", "/api/v3/aips/\(u)/move", "{}", [:], 405, "takes POST, not PUT"),
            ("POST", "/api/v2/file/\(u)/download", nil, [:], 405, "takes GET, HEAD, not POST"),
        ]
        for (method, path, body, headers, status, words) in cases {
            var all = headers
            if body != nil, all["Content-Type"] == nil { all["Content-Type"] = "application/json" }
            let r = try await h.client.request(method, path, body: body.map { Data($0.utf8) }, headers: all)
            #expect(r.status == status, "\(method) \(path): \(r.status) \(r.text)")
            #expect(r.headers["content-type"] == "application/json", "\(path)")
            #expect((r.object.text("error") ?? "").contains(words), "\(path): \(r.text)")
            if status == 405 { #expect(r.headers["allow"].map { words.contains($0) } == true, "\(path): \(r.headers)") }
        }
        #expect(try await h.storage.jobCount() == 1, "nothing was enqueued")
        #expect(try await h.storage.package(aip.uuid).status == .stored)
        #expect(FileManager.default.fileExists(atPath: try await h.storage.package(aip.uuid).fullPath))
        #expect(h.locations.copies(named: aip.name) == 2, "the stored AIP and its source, nothing more")
    }

    @Test func deletionRequestsAreReviewedAndPipelinesRegisteredThroughV3() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let keep = try await h.storedAIP(), drop = try await h.storedAIP()
            let ids = [try await h.requestDeletion(keep.uuid), try await h.requestDeletion(drop.uuid)]
            let pending = try await h.client.get("/api/v3/deletion-requests").json().list("deletion_requests")
            #expect(pending.compactMap { $0.integer("id") } == ids)
            #expect(pending.first?.keys == ["id", "aip", "reason", "pipeline", "user_id", "user_email", "requested_by", "requested_at", "status",
                                            "decided_by", "decided_at", "decision_reason", "job_id"], "the document of `delete-requests list --json`")
            let rejected = try await h.reviewer.post("/api/v3/deletion-requests/\(ids[0])/reject", json: #"{"reason": "keep"}"#)
            #expect(rejected.status == 200 && rejected.object.text("status") == "rejected")
            #expect(try await h.reviewer.post("/api/v3/deletion-requests/\(ids[0])/reject", json: "{}").status == 400, "a reason is needed")
            let approved = try await h.reviewer.post("/api/v3/deletion-requests/\(ids[1])/approve", json: "")
            #expect(approved.status == 202 && approved.object.text("kind") == "aip.delete", "\(approved.text)")
            let job = try #require(approved.object.text("id"))
            #expect(try await h.client.get("/api/v3/jobs/\(job)?wait=60").json().text("state") == "succeeded")
            #expect(try await h.reviewer.post("/api/v3/deletion-requests/\(ids[1])/approve", json: "").status == 409, "decided once")
            #expect(try await h.reviewer.post("/api/v3/deletion-requests/x/approve", json: "").status == 400)
            #expect(try await h.client.get("/api/v3/deletion-requests?status=all").json().list("deletion_requests").count == 2)
            #expect(try await h.storage.package(keep.uuid).status == .stored)
            #expect(try await h.storage.package(drop.uuid).status == .deleted)

            let fixity = try await h.client.post("/api/v3/batches", json: #"["fixity \#(keep.uuid)"]"#).json()
            let done = try await h.client.get("/api/v3/batches/\(fixity.text("id") ?? "")?wait=60").json()
            #expect(done["states"]?["succeeded"] == 1, "the batch wait returned when it ended: \(done)")
        }
        let pipeline = UUID().uuidString.lowercased()
        let added = try await h.client.post("/api/v3/pipelines", json: #"{"uuid": "\#(pipeline)", "description": "am"}"#)
        #expect(added.status == 201 && added.object.text("uuid") == pipeline)
        #expect(try await h.client.post("/api/v3/pipelines", json: #"{"uuid": "\#(pipeline)"}"#).status == 409)
        #expect(try await h.client.get("/api/v3/pipelines").json().list("pipelines").count == 1)
    }
}
