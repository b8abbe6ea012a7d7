import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// `location/`, `space/` and `pipeline/` in the Storage Service's shapes.
@Suite struct V2ResourceTests {
    @Test func locationsSpacesAndPipelinesAreListedAndShown() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let pipeline = UUID().uuidString.lowercased()
        let added = try runCLI(["pipeline", "add", pipeline, "--description", "Archivematica on am1", "--remote-name", "am1"], databaseURL: h.db.url)
        #expect(added.status == 0 && added.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == pipeline, "\(added.stderr)")
        #expect(try runCLI(["pipeline", "add", pipeline], databaseURL: h.db.url).status == 65, "registered once")

        let locations = try await h.client.get("/api/v2/location/").json()
        #expect(locations["meta"]?.integer("total_count") == 4)
        let vault = try #require(locations.list("objects").first { $0.text("description") == "vault" })
        #expect(vault.keys == ["description", "enabled", "path", "pipeline", "purpose", "quota", "relative_path", "resource_uri", "space", "used", "uuid"])
        #expect(vault.text("purpose") == "AS" && vault.list("pipeline") == [.string("/api/v2/pipeline/\(pipeline)/")])
        #expect(vault.text("path") == h.locations.vault && vault.text("space") == "/api/v2/space/00000000-0000-7000-8000-000000000001/")
        let uuid = try #require(vault.text("uuid"))
        #expect(try await h.client.get("/api/v2/location/\(uuid)").json() == vault)
        #expect(try await h.client.get("/api/v2/location/?purpose=AS").json()["meta"]?.integer("total_count") == 3)
        #expect(try await h.client.get("/api/v2/location/?purpose=TS&pipeline__uuid=\(pipeline)").json()["meta"]?.integer("total_count") == 1)
        #expect(try await h.client.get("/api/v2/location/?pipeline__uuid=\(UUID())").json()["meta"]?.integer("total_count") == 0)
        let unknown = try await h.client.get("/api/v2/location/?purpose=XX")
        let nothing = try unknown.json().list("objects")
        #expect(unknown.status == 200 && nothing.isEmpty, "a filter that matches nothing, as Tastypie answers")
        #expect(try await h.client.get("/api/v2/location/\(UUID())/").status == 404)
        let redirect = try await h.client.get("/api/v2/location/default/TS/")
        let incoming = try await h.location("incoming").uuidString.lowercased()
        #expect(redirect.status == 302 && redirect.headers["location"] == "/api/v2/location/\(incoming)/")
        #expect(try await h.client.get("/api/v2/location/default/DS/").status == 404)

        let spaces = try await h.client.get("/api/v2/space/").json().list("objects")
        #expect(spaces.count == 1 && spaces[0].text("access_protocol") == "FS" && spaces[0].text("path") == "/")
        #expect(try await h.client.get("/api/v2/space/00000000-0000-7000-8000-000000000001/").json() == spaces[0])
        #expect(try await h.client.get("/api/v2/space/\(UUID())/").status == 404)

        let pipelines = try await h.client.get("/api/v2/pipeline/").json().list("objects")
        #expect(pipelines == [["description": "Archivematica on am1", "remote_name": "am1", "resource_uri": .string("/api/v2/pipeline/\(pipeline)/"),
                               "uuid": .string(pipeline)]])
        #expect(try await h.client.get("/api/v2/pipeline/\(pipeline)").json() == pipelines[0])
        #expect(try await h.client.get("/api/v2/pipeline/\(UUID())/").status == 404)
        let listed = try runCLI(["pipeline", "list", "--json"], databaseURL: h.db.url)
        #expect(listed.stdout.contains("\"remote_name\":\"am1\""))
    }

    /// Every purpose of the Storage Service. A pipeline asks for its CP location before it
    /// stores anything, and for AS and DS ones on its processing-configuration page, and
    /// reads `objects` whatever the status: with none, the answer is an empty list. A CP
    /// location, once added, is listed with its path; it holds no AIP.
    @Test func everyStorageServicePurposeIsKnown() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let pipeline = UUID().uuidString.lowercased()
        #expect(try runCLI(["pipeline", "add", pipeline], databaseURL: h.db.url).status == 0)
        for code in ["CP", "DS", "AR", "SS", "SD"] {
            let r = try await h.client.get("/api/v2/location/?pipeline__uuid=\(pipeline)&purpose=\(code)&offset=0")
            let objects = try r.json().list("objects")
            #expect(r.status == 200 && objects.isEmpty, "\(code): \(r.status)")
            #expect(try await h.client.get("/api/v2/location/default/\(code)/").status == 404, "\(code)")
        }
        let shared = h.locations.root + "/shared"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        let words = ["currently-processing": "CP", "dip-storage": "DS", "aip-recovery": "AR", "storage-service-internal": "SS", "sword-deposit": "SD"]
        for (word, code) in words.sorted(by: { $0.key < $1.key }) {
            let path = shared + "/" + code
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let added = try runCLI(["location", "add", code.lowercased(), "--path", path, "--purpose", word], databaseURL: h.db.url)
            #expect(added.status == 0, "\(word): \(added.stderr)")
            let listed = try await h.client.get("/api/v2/location/?pipeline__uuid=\(pipeline)&purpose=\(code)").json().list("objects")
            #expect(listed.count == 1 && listed.first?.text("purpose") == code && listed.first?.text("path") == path, "\(code): \(listed)")
        }
        let redirect = try await h.client.get("/api/v2/location/default/CP/")
        #expect(redirect.status == 302 && redirect.headers["location"]?.hasPrefix("/api/v2/location/") == true)
        #expect(try runCLI(["location", "list"], databaseURL: h.db.url).stdout.contains("currently-processing"))

        try BagFixture.random(at: h.locations.incoming + "/a", count: 1, size: 10)
        let store = try runCLI(["aip", "store", "a", "--from", "incoming", "--to", "cp"], databaseURL: h.db.url)
        #expect(store.status == 65 && store.stderr.contains("location 'cp' is a currently-processing location; AIPs go to aip-storage, replicator, backlog locations"),
                "\(store.stderr)")
        #expect(try await h.db.scalars("SELECT count(*)::int FROM jobs", as: Int.self) == [0])
        #expect(FileManager.default.fileExists(atPath: h.locations.incoming + "/a/bagit.txt"), "the source is untouched")
        let frob = try runCLI(["location", "add", "x", "--path", shared, "--purpose", "frob"], databaseURL: h.db.url)
        #expect(frob.status == 64 && frob.stderr.contains("currently-processing"), "\(frob.stderr)")
    }
}
