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
        #expect(try await h.client.get("/api/v2/location/?purpose=XX").status == 400)
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
}
