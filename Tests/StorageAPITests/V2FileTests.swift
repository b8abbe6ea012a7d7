import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// `/api/v2/file/` as Storage Service clients use it: the tastypie envelope and paging,
/// filters, details with or without the trailing slash, and stores that wait for their job.
@Suite struct V2FileTests {
    static let packageKeys: Set<String> = [
        "current_full_path", "current_location", "current_path", "encrypted", "misc_attributes", "origin_pipeline", "package_type",
        "related_packages", "replicas", "replicated_package", "resource_uri", "size", "status", "stored_date", "uuid",
    ]

    @Test func filesAreListedPageByPageAndFiltered() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let aips = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            var out: [UUID] = []
            for _ in 0..<3 { out.append(try await h.storedAIP().uuid) }
            return out
        }
        // amclient's way: query-string credentials, following meta.next as given.
        let auth = "username=\(h.user)&api_key=\(h.key)"
        var next: String? = "/api/v2/file/?package_type=AIP&limit=2&\(auth)"
        var seen: [String] = []
        while let path = next {
            let page = try await h.anonymous.get(path)
            #expect(page.status == 200, "\(path): \(page.text)")
            let body = try page.json()
            #expect(body.keys == ["meta", "objects"])
            #expect(body["meta"]?.keys == ["limit", "next", "offset", "previous", "total_count"])
            #expect(body["meta"]?.integer("total_count") == 3)
            seen += body.list("objects").compactMap { $0.text("uuid") }
            next = body["meta"]?.text("next")
            if let next { #expect(next.contains("api_key=\(h.key)") && next.contains("package_type=AIP"), "next keeps the query: \(next)") }
        }
        #expect(seen == aips.map { $0.uuidString.lowercased() }, "oldest first, each once")
        // The dashboard's way: offset += limit until next is null.
        let second = try await h.client.get("/api/v2/file/?limit=2&offset=2").json()
        #expect(second.list("objects").count == 1 && second["meta"]?["next"] == .null && second["meta"]?.text("previous") != nil)

        let object = try await h.client.get("/api/v2/file/?uuid=\(aips[1].uuidString.lowercased())").json().list("objects")
        #expect(object.count == 1 && object[0].keys == Self.packageKeys)
        #expect(object[0].text("status") == "UPLOADED" && object[0]["package_type"] == "AIP" && object[0]["encrypted"] == false)
        let vault = try await h.location("vault").uuidString.lowercased()
        #expect(object[0].text("current_location") == "/api/v2/location/\(vault)/")
        #expect(object[0].text("resource_uri") == "/api/v2/file/\(aips[1].uuidString.lowercased())/")
        let full = try #require(object[0].text("current_full_path")), relative = try #require(object[0].text("current_path"))
        #expect(full.hasSuffix("/" + relative) && FileManager.default.fileExists(atPath: full))

        for query in ["status=UPLOADED", "current_location=\(vault)", "current_location=/api/v2/location/\(vault)/", "package_type=AIP"] {
            #expect(try await h.client.get("/api/v2/file/?\(query)").json()["meta"]?.integer("total_count") == 3, "\(query)")
        }
        // A filter that matches nothing is an empty list, as Tastypie answers, whether or not
        // the Storage Service knows the value.
        for query in ["status=DELETED", "package_type=DIP", "current_location=\(UUID().uuidString)", "status=BOGUS", "package_type=frob",
                      "uuid=\(UUID().uuidString)"] {
            let r = try await h.client.get("/api/v2/file/?\(query)")
            let document = try r.json()
            let (objects, total) = (document.list("objects"), document["meta"]?.integer("total_count"))
            #expect(r.status == 200 && objects.isEmpty && total == 0, "\(query)")
        }
        #expect(try await h.client.get("/api/v2/file/?limit=-1").status == 400)
        #expect(try await h.client.get("/api/v2/file/?offset=9223372036854775807").status == 400)
        #expect(try await h.client.get("/api/v2/location/?offset=9223372036854775807").status == 400)

        let u = aips[0].uuidString.lowercased()
        let slash = try await h.client.get("/api/v2/file/\(u)/"), bare = try await h.client.get("/api/v2/file/\(u)")
        #expect(slash.status == 200 && slash.body == bare.body, "with or without the trailing slash (amclient omits it)")
        #expect(try await h.client.get("/api/v2/file/\(UUID().uuidString)/").status == 404)
    }

    @Test func aV2StoreWaitsForItsJobAndTheAsyncOneIsFollowedToItsResult() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let incoming = try await h.location("incoming").uuidString.lowercased(), vault = try await h.location("vault").uuidString.lowercased()
        @Sendable func body(_ uuid: UUID, _ name: String, type: String = "AIP") -> Data {
            Data(#"""
            {"uuid": "\#(uuid.uuidString.lowercased())", "origin_location": "/api/v2/location/\#(incoming)/", "origin_path": "\#(name)/",
             "current_location": "/api/v2/location/\#(vault)/", "current_path": "\#(name)", "package_type": "\#(type)", "size": 1,
             "aip_subtype": "Archival Information Package", "origin_pipeline": "/api/v2/pipeline/\#(UUID().uuidString)/",
             "related_package_uuid": null, "events": [], "agents": []}
            """#.utf8)
        }
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let uuid = UUID(), name = "sync-\(uuid.uuidString.lowercased())"
            try BagFixture.random(at: h.locations.incoming + "/" + name, count: 3, size: 3000)
            // As amclient sends it: JSON without a Content-Type.
            let stored = try await h.client.request("POST", "/api/v2/file/", body: body(uuid, name))
            #expect(stored.status == 201, "\(stored.text)")
            #expect(stored.headers["location"] == "/api/v2/file/\(uuid.uuidString.lowercased())/")
            #expect(stored.object.text("status") == "UPLOADED" && stored.object.keys == Self.packageKeys)
            #expect(try await h.storage.package(uuid).status == .stored, "the response came after the job ended")

            let later = UUID(), laterName = "async-\(later.uuidString.lowercased())"
            try BagFixture.random(at: h.locations.incoming + "/" + laterName, count: 2, size: 3000)
            let accepted = try await h.client.request("POST", "/api/v2/file/async/", body: body(later, laterName), headers: ["Content-Type": "application/json"])
            #expect(accepted.status == 202 && accepted.body.isEmpty, "\(accepted.text)")
            let location = try #require(accepted.headers["location"])
            #expect(location.wholeMatch(of: #/\/api\/v2\/async\/\d+\//#) != nil, "an integer id: \(location)")
            var task: JSONValue = .null
            try await TestDatabase.eventually("the async task completes", timeout: .seconds(60)) {
                task = try await h.client.get(location).json()
                return task["completed"] == true
            }
            #expect(task.keys == ["id", "completed", "was_error", "created_time", "updated_time", "completed_time", "resource_uri", "result"])
            #expect(task["was_error"] == false && task["result"]?.text("uuid") == later.uuidString.lowercased())
            #expect(task["result"]?.text("status") == "UPLOADED")

            let missing = try await h.client.request("POST", "/api/v2/file/", body: body(UUID(), "not-there"))
            #expect(missing.status == 404 && missing.object.text("error")?.contains("not-there") == true, "\(missing.text)")
            // A bag whose manifest does not match: the job fails for good, and the answer says so.
            let corrupt = UUID(), corruptName = "corrupt-\(corrupt.uuidString.lowercased())"
            try BagFixture.make(at: h.locations.incoming + "/" + corruptName, files: ["a.txt": Data("a".utf8)])
            try Data("b".utf8).write(to: URL(fileURLWithPath: h.locations.incoming + "/" + corruptName + "/data/a.txt"))
            let failed = try await h.client.request("POST", "/api/v2/file/", body: body(corrupt, corruptName))
            #expect(failed.status == 500 && failed.object.text("error")?.contains("a.txt") == true, "\(failed.text)")
            #expect(try await h.storage.package(corrupt).status == .failed)
            let dip = try await h.client.request("POST", "/api/v2/file/", body: body(UUID(), name, type: "DIP"))
            #expect(dip.status == 400 && dip.object.text("error")?.contains("DIP") == true)
        }
        #expect(try await h.client.get("/api/v2/async/999999/").status == 404)
        #expect(try await h.client.get("/api/v2/async/abc/").status == 404)
    }
}
