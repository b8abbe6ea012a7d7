import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// The Storage Service's actions on an AIP: move (form-encoded, 202 and an async task),
/// deletion requests and their review (by API and by CLI), and fixity reports.
@Suite struct V2ActionTests {
    func form(_ h: APIHarness, _ path: String, _ body: String, type: String = "application/x-www-form-urlencoded") async throws -> HTTPResult {
        try await h.client.request("POST", path, body: Data(body.utf8), headers: ["Content-Type": type])
    }

    @Test func aMoveIsAcceptedAndFollowedThroughItsAsyncTask() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let aip = try await h.storedAIP()
            let u = aip.uuid.uuidString.lowercased()
            let offsite = try await h.location("offsite").uuidString.lowercased(), vault = try await h.location("vault").uuidString.lowercased()
            let refused: [(String, String?, Int, String)] = [
                ("", nil, 400, "location_uuid"),
                ("location_uuid=\(UUID().uuidString)", nil, 400, "failed to return a location"),
                ("location_uuid=\(vault)", nil, 400, "different"),
                (#"{"location_uuid": "\#(offsite)"}"#, "application/json", 415, "form"),
            ]
            for (body, type, status, words) in refused {
                let r = try await form(h, "/api/v2/file/\(u)/move/", body, type: type ?? "application/x-www-form-urlencoded")
                #expect(r.status == status, "\(body): \(r.text)")
                #expect(r.text.contains(words), "\(body): \(r.text)")
                if status == 400 { #expect(r.object["error"] == true && r.object.text("message") != nil, "the Storage Service's shape") }
            }
            #expect(try await h.storage.jobCount() == 1, "nothing enqueued")

            let moved = try await form(h, "/api/v2/file/\(u)/move/", "location_uuid=\(offsite)")
            #expect(moved.status == 202 && moved.body.isEmpty, "\(moved.text)")
            let task = try #require(moved.headers["location"])
            var state: JSONValue = .null
            try await TestDatabase.eventually("the move completes", timeout: .seconds(60)) {
                state = try await h.client.get(task).json()
                return state["completed"] == true
            }
            #expect(state["was_error"] == false && state.text("result") == "Package moved successfully", "\(state)")
            let file = try await h.client.get("/api/v2/file/\(u)/").json()
            #expect(file.text("current_location") == "/api/v2/location/\(offsite)/" && file.text("status") == "UPLOADED")
            #expect(FileManager.default.fileExists(atPath: file.text("current_full_path") ?? "/nowhere"))
        }
    }

    @Test func aDeletionIsRequestedThenRejectedOrApproved() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let aip = try await h.storedAIP()
            let u = aip.uuid.uuidString.lowercased()
            let request = #"{"event_reason": "duplicate", "pipeline": "2a63a4ff-881b-4507-872c-1e630cecc105", "user_id": 7, "user_email": "a@example.org"}"#
            let incomplete = try await h.client.request("POST", "/api/v2/file/\(u)/delete_aip/", body: Data(#"{"event_reason": "x"}"#.utf8))
            #expect(incomplete.status == 400 && incomplete.text.contains("event_reason, pipeline, user_id, user_email"))
            #expect(try await h.client.request("POST", "/api/v2/file/\(UUID())/delete_aip/", body: Data(request.utf8)).status == 404)

            let made = try await h.client.request("POST", "/api/v2/file/\(u)/delete_aip/", body: Data(request.utf8))
            #expect(made.status == 202 && made.object.text("message") == "Delete request created successfully.", "\(made.text)")
            let first = try #require(made.object.integer("id"))
            let again = try await h.client.request("POST", "/api/v2/file/\(u)/delete_aip/", body: Data(request.utf8))
            #expect(again.status == 200 && again.object.text("message") == "A deletion request already exists for this AIP.")
            #expect(try await h.client.get("/api/v2/file/\(u)/").json().text("status") == "DEL_REQ")
            let blocked = try await form(h, "/api/v2/file/\(u)/move/", "location_uuid=\(try await h.location("offsite"))")
            #expect(blocked.status == 400 && blocked.text.contains("Current state: DEL_REQ"), "no move while a deletion is pending")

            let listed = try runCLI(["aip", "delete-requests", "list", "--json"], databaseURL: h.db.url)
            let entry = try JSONValue(jsonText: listed.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(entry.integer("id") == first && entry.text("aip") == u && entry.text("user_email") == "a@example.org"
                    && entry.integer("user_id") == 7 && entry.text("status") == "pending", "\(listed.stdout)")

            let reject = #"{"event_id": \#(first), "decision": "reject", "reason": "keep it"}"#
            let rejected = try await h.reviewer.request("POST", "/api/v2/file/\(u)/review_aip_deletion/", body: Data(reject.utf8))
            #expect(rejected.status == 200 && rejected.object.text("message") == "Request rejected, package still stored.")
            let twice = try await h.reviewer.request("POST", "/api/v2/file/\(u)/review_aip_deletion/", body: Data(reject.utf8))
            #expect(twice.status == 400 && twice.object.text("error_message") == "This request is not pending review.")
            #expect(try await h.client.get("/api/v2/file/\(u)/").json().text("status") == "UPLOADED")
            #expect(try await h.storage.package(aip.uuid).status == .stored)

            let second = try #require(try await h.client.request("POST", "/api/v2/file/\(u)/delete_aip/", body: Data(request.utf8)).json().integer("id"))
            #expect(second != first)
            let unknown = try await h.reviewer.request("POST", "/api/v2/file/\(u)/review_aip_deletion/", body: Data(#"{"event_id": 999999, "decision": "approve"}"#.utf8))
            #expect(unknown.status == 404 && unknown.object.text("error_message") != nil)
            let approve = #"{"event_id": \#(second), "decision": "approve", "reason": "agreed"}"#
            let approved = try await h.reviewer.request("POST", "/api/v2/file/\(u)/review_aip_deletion/", body: Data(approve.utf8))
            #expect(approved.status == 200, "\(approved.text)")
            let job = try #require(approved.object.text("job_id"))
            #expect(try await h.client.get("/api/v3/jobs/\(job)?wait=60").json().text("state") == "succeeded")
            #expect(try await h.client.get("/api/v2/file/\(u)/").json().text("status") == "DELETED")
            #expect(h.locations.copies(named: aip.name) == 1, "only the source in incoming is left")
        }
    }

    @Test func theCLIApprovesAndRejectsRequests() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let a = try await h.storedAIP(), b = try await h.storedAIP()
            let ids = [try await h.requestDeletion(a.uuid), try await h.requestDeletion(b.uuid)]
            let approved = try runCLI(["aip", "delete-requests", "approve", "\(ids[0])"], databaseURL: h.db.url)
            #expect(approved.status == 0, "\(approved.stderr)")
            let job = try #require(UUID(uuidString: approved.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(try await h.storage.finish(job).state == .succeeded)
            #expect(try await h.storage.package(a.uuid).status == .deleted)
            #expect(try runCLI(["aip", "delete-requests", "reject", "\(ids[1])", "--reason", "no"], databaseURL: h.db.url).status == 0)
            let again = try runCLI(["aip", "delete-requests", "approve", "\(ids[1])"], databaseURL: h.db.url)
            #expect(again.status == 65 && again.stderr.contains("not pending"), "\(again.stderr)")
            #expect(try runCLI(["aip", "delete-requests", "approve", "424242"], databaseURL: h.db.url).status == 66)
            #expect(try await h.storage.package(b.uuid).status == .stored)
            let all = try runCLI(["aip", "delete-requests", "list", "--all"], databaseURL: h.db.url)
            #expect(all.stdout.contains("approved") && all.stdout.contains("rejected"))
        }
    }

    /// Archivematica's post-store hook gets the Storage Service's answer when no callback
    /// is configured: 204 and no body; and it runs nothing.
    @Test func thePostStoreCallbackIsAnsweredWithNothingToDo() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let aip = try await h.storedAIP(files: 1)
            let jobs = try await h.db.scalars("SELECT count(*)::int FROM jobs", as: Int.self)
            let r = try await h.client.get("/api/v2/file/\(aip.uuid.uuidString.lowercased())/send_callback/post_store/")
            #expect(r.status == 204 && r.text.isEmpty, "\(r.status) \(r.text)")
            #expect(try await h.db.scalars("SELECT count(*)::int FROM jobs", as: Int.self) == jobs, "nothing was enqueued")
            #expect(try await h.client.get("/api/v2/file/\(UUID())/send_callback/post_store/").status == 404)
            #expect(try await h.client.get("/api/v2/file/not-a-uuid/send_callback/post_store/").status == 400)
        }
    }

    @Test func fixityReportsNameMissingChangedAndUntrackedFiles() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let aip = try await h.storedAIP(files: 3)
            let u = aip.uuid.uuidString.lowercased()
            let good = try await h.client.get("/api/v2/file/\(u)/check_fixity/")
            #expect(good.status == 200 && good.object["success"] == true && good.object.text("message") == "", "\(good.text)")
            #expect(good.object.keys == ["success", "message", "failures", "timestamp"])

            let stored = try await h.storage.package(aip.uuid).fullPath
            let files = try FileSystem.walk(stored).filter { $0.kind == .file && $0.path.hasPrefix("data/") }.map(\.path)
            try Data("changed".utf8).write(to: URL(fileURLWithPath: stored + "/" + files[0]))
            try FileManager.default.removeItem(atPath: stored + "/" + files[1])
            try Data("new".utf8).write(to: URL(fileURLWithPath: stored + "/data/extra.txt"))
            let bad = try await h.client.get("/api/v2/file/\(u)/check_fixity/")
            #expect(bad.status == 200 && bad.object["success"] == false, "\(bad.text)")
            let report = try #require(bad.object["failures"]?["files"])
            #expect(report.list("missing").compactMap { $0.text("path") } == [files[1]], "\(report)")
            #expect(report.list("untracked").compactMap { $0.text("path") } == ["data/extra.txt"])
            let changed = report.list("changed")
            #expect(changed.count == 1 && changed[0].text("path") == files[0] && changed[0].text("hash_type") == "sha256")
            #expect(changed[0].text("expected") != changed[0].text("actual") && changed[0].text("actual") != nil)
            #expect(bad.object.text("message")?.contains("fixity check failed") == true)
            #expect(try await h.client.get("/api/v2/file/\(UUID())/check_fixity/").status == 404)
        }
    }

    @Test func aSubmittedMoveShowsAsMovingAndADeleteClosesPendingRequests() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let aip = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in try await h.storedAIP() }
        let u = aip.uuid.uuidString.lowercased()
        // No worker: the move waits in the queue, and the AIP is MOVING from its submission on.
        let offsite = try await h.location("offsite").uuidString.lowercased()
        #expect(try await form(h, "/api/v2/file/\(u)/move/", "location_uuid=\(offsite)").status == 202)
        #expect(try await h.client.get("/api/v2/file/\(u)/").json().text("status") == "MOVING")
        let second = try await form(h, "/api/v2/file/\(u)/move/", "location_uuid=\(offsite)")
        #expect(second.status == 400 && second.text.contains("Current state: MOVING"), "one move at a time: \(second.text)")
        #expect(try await h.client.get("/api/v2/file/?status=MOVING").json()["meta"]?.integer("total_count") == 1)

        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            try await TestDatabase.eventually("the move ends", timeout: .seconds(60)) {
                try await h.client.get("/api/v2/file/\(u)/").json().text("status") == "UPLOADED"
            }
            let request = try await h.requestDeletion(aip.uuid)
            let deleted = try await h.client.post("/api/v3/aips/\(u)/delete", json: #"{"reason": "by hand"}"#)
            let job = try #require(deleted.object.text("id"))
            #expect(try await h.client.get("/api/v3/jobs/\(job)?wait=60").json().text("state") == "succeeded")
            let closed = try await h.client.get("/api/v3/deletion-requests?status=all").json().list("deletion_requests")
            #expect(closed.first { $0.integer("id") == request }?.text("status") == "approved", "the delete closed the pending request")
            #expect(closed.first?.text("job_id") == job)
        }
    }
}
