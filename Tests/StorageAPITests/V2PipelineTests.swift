import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// A pipeline registers itself as Archivematica's installer does (`POST pipeline/` with
/// `create_default_locations`), and then finds its own locations by `pipeline__uuid`.
@Suite struct V2PipelineTests {
    func register(_ h: APIHarness, _ uuid: String, shared: String?, extra: String = "") async throws -> HTTPResult {
        let path = shared.map { #", "shared_path": "\#($0)""# } ?? ""
        return try await h.client.post("/api/v2/pipeline/", json: #"""
            {"uuid": "\#(uuid)", "description": "Archivematica on am", "create_default_locations": true\#(path),
             "api_username": "am-user", "api_key": "s3cret-pipeline-key"\#(extra)}
            """#)
    }

    func locations(_ h: APIHarness, _ pipeline: String, _ purpose: String) async throws -> [JSONValue] {
        try await h.client.get("/api/v2/location/?pipeline__uuid=\(pipeline)&purpose=\(purpose)&offset=0").json().list("objects")
    }

    @Test func registrationMakesTheSharedDirectoryItsOwnAndTheDefaultsBesideIt() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let first = UUID().uuidString.lowercased(), second = UUID().uuidString.lowercased()
        let shared1 = h.locations.root + "/am1/sharedDirectory", shared2 = h.locations.root + "/am2/sharedDirectory"
        for dir in [shared1, shared2] { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }

        let r = try await register(h, first, shared: shared1)
        #expect(r.status == 201, "\(r.text)")
        let created = try r.json()
        #expect(created.keys == ["description", "remote_name", "resource_uri", "uuid"], "no credentials in the answer: \(r.text)")
        #expect(created.text("remote_name") == "127.0.0.1", "the caller's address, as the Storage Service keeps it")
        #expect(r.headers["location"] == "/api/v2/pipeline/\(first)/")

        let cp = try await locations(h, first, "CP")
        #expect(cp.count == 1 && cp.first?.text("path") == shared1 && cp.first?.list("pipeline") == [.string("/api/v2/pipeline/\(first)/")], "\(cp)")
        // AIP storage is served already (vault, vault2, offsite serve every pipeline); DIP
        // storage and the backlog are made beside the shared directory.
        #expect(try await locations(h, first, "AS").count == 3)
        let ds = try await locations(h, first, "DS"), bl = try await locations(h, first, "BL")
        #expect(ds.count == 1 && ds.first?.text("path") == h.locations.root + "/am1/DIPsStore", "\(ds)")
        #expect(bl.count == 1 && bl.first?.text("path") == h.locations.root + "/am1/transferBacklog", "\(bl)")
        #expect(FileSystem.kind(at: h.locations.root + "/am1/DIPsStore") == .directory)

        // A second pipeline gets a CP location of its own and shares the defaults.
        #expect(try await register(h, second, shared: shared2, extra: #", "remote_name": "am2.example""#).status == 201)
        let cp2 = try await locations(h, second, "CP")
        #expect(cp2.count == 1 && cp2.first?.text("path") == shared2, "the first pipeline's shared directory is not the second's: \(cp2)")
        #expect(try await locations(h, first, "CP").count == 1)
        #expect(try await locations(h, second, "DS").map { $0.text("path") } == [h.locations.root + "/am1/DIPsStore"])
        #expect(FileSystem.kind(at: h.locations.root + "/am2/DIPsStore") == nil, "no second default")
        #expect(try await h.client.get("/api/v2/pipeline/\(second)/").json().text("remote_name") == "am2.example")

        // The key is kept for the calls back to the pipeline, and no read shows it.
        let kept = try await h.db.withConnection { c in
            try await c.query("SELECT api_username, api_key FROM pipelines WHERE uuid = \(UUID(uuidString: first)!)", logger: h.db.logger)
                .collect().map { try $0.decode((String, String).self) }
        }
        #expect(kept.first?.0 == "am-user" && kept.first?.1 == "s3cret-pipeline-key")
        for path in ["/api/v2/pipeline/", "/api/v2/pipeline/\(first)/", "/api/v3/pipelines"] {
            let text = try await h.client.get(path).text
            #expect(!text.contains("s3cret"), "\(path)")
        }
        #expect(!(try runCLI(["pipeline", "list", "--json"], databaseURL: h.db.url).stdout.contains("s3cret")))

        // Registered once; a second try changes nothing.
        let before = try await h.client.get("/api/v2/location/").json()["meta"]?.integer("total_count")
        let again = try await register(h, first, shared: shared1)
        #expect(again.status == 409, "\(again.text)")
        #expect(try await h.client.get("/api/v2/location/").json()["meta"]?.integer("total_count") == before)
    }

    /// All of it or nothing: a shared directory outside the location roots, missing, or
    /// inside another location registers no pipeline and makes no location.
    @Test func aRefusedLocationRegistersNothing() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let outside = FileManager.default.temporaryDirectory.path + "/ss-outside-\(UUID().uuidString.prefix(8))/sharedDirectory"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: (outside as NSString).deletingLastPathComponent) }
        let inVault = h.locations.vault + "/sharedDirectory"
        try FileManager.default.createDirectory(atPath: inVault, withIntermediateDirectories: true)
        let before = try await h.client.get("/api/v2/location/").json()["meta"]?.integer("total_count")
        let cases: [(String, Int, String)] = [
            (outside, 400, "outside the location roots"),
            (h.locations.root + "/nowhere/sharedDirectory", 404, "no directory at"),
            (inVault, 409, "overlaps location 'vault'"),
        ]
        for (shared, status, message) in cases {
            let uuid = UUID().uuidString.lowercased()
            let r = try await register(h, uuid, shared: shared)
            #expect(r.status == status && r.text.contains(message), "\(shared): \(r.status) \(r.text)")
            #expect(try await h.client.get("/api/v2/pipeline/\(uuid)/").status == 404, "not registered")
        }
        #expect(try await h.client.get("/api/v2/location/").json()["meta"]?.integer("total_count") == before)
        #expect(FileSystem.kind(at: (outside as NSString).deletingLastPathComponent + "/DIPsStore") == nil, "no directory made outside the roots")
        let bad = try await h.client.post("/api/v2/pipeline/", json: #"{"uuid": "not-a-uuid"}"#)
        #expect(bad.status == 400 && bad.text.contains("not a UUID"))
        // Without create_default_locations, the Storage Service ignores shared_path, and so does ss.
        let plain = UUID().uuidString.lowercased()
        let r = try await h.client.post("/api/v2/pipeline/", json: #"{"uuid": "\#(plain)", "shared_path": "\#(outside)"}"#)
        #expect(r.status == 201, "\(r.text)")
        #expect(try await locations(h, plain, "CP").isEmpty)
    }

    /// `ss-cli location add --pipeline` ties a location to pipelines; the v2 list, the CLI
    /// and v3 agree on which pipelines may use it, and an unregistered pipeline is refused
    /// with nothing added.
    @Test func aLocationServesThePipelinesItWasAddedFor() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let mine = UUID().uuidString.lowercased(), other = UUID().uuidString.lowercased()
        for p in [mine, other] { #expect(try runCLI(["pipeline", "add", p], databaseURL: h.db.url).status == 0) }
        let shared = h.locations.root + "/shared", ds = h.locations.root + "/dips"
        for dir in [shared, ds] { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }

        let added = try runCLI(["location", "add", "am-cp", "--path", shared, "--purpose", "currently-processing", "--pipeline", mine],
                               databaseURL: h.db.url)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try await locations(h, mine, "CP").count == 1)
        #expect(try await locations(h, other, "CP").isEmpty, "another pipeline's shared directory is not offered")
        let listed = try runCLI(["location", "list", "--pipeline", other, "--json"], databaseURL: h.db.url)
        #expect(listed.status == 0 && !listed.stdout.contains("am-cp") && listed.stdout.contains("\"pipelines\":[]"), "\(listed.stdout)")
        let shown = try runCLI(["location", "show", "am-cp", "--json"], databaseURL: h.db.url)
        #expect(shown.stdout.contains(mine))

        let unknown = UUID().uuidString.lowercased()
        let refused = try runCLI(["location", "add", "dips", "--path", ds, "--purpose", "dip-storage", "--pipeline", unknown], databaseURL: h.db.url)
        #expect(refused.status == 66 && refused.stderr.contains("no pipeline \(unknown)"), "\(refused.stderr)")
        let v3 = try await h.client.post("/api/v3/locations", json: #"{"name": "dips", "path": "\#(ds)", "purpose": "dip-storage", "pipelines": ["\#(unknown)"]}"#)
        #expect(v3.status == 404 && v3.text.contains("no pipeline"), "\(v3.text)")
        #expect(try await h.client.get("/api/v3/locations/dips").status == 404, "nothing added")
        let ok = try await h.client.post("/api/v3/locations", json: #"{"name": "dips", "path": "\#(ds)", "purpose": "dip-storage", "pipelines": ["\#(other)"]}"#)
        let okPipelines = try ok.json().list("pipelines")
        #expect(ok.status == 201 && okPipelines == [.string(other)], "\(ok.text)")
        let dsOther = try await locations(h, other, "DS"), dsMine = try await locations(h, mine, "DS")
        #expect(dsOther.count == 1 && dsMine.isEmpty)
        let malformed = try await h.client.post("/api/v3/locations", json: #"{"name": "x", "path": "\#(ds)", "pipelines": "nope"}"#)
        #expect(malformed.status == 400 && malformed.text.contains("array of UUIDs"))
    }

    /// The CLI registers with the same rule, on the host (no location roots needed).
    @Test func theCLIRegistersWithTheSameLocations() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let uuid = UUID().uuidString.lowercased()
        let shared = h.locations.root + "/am/sharedDirectory"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        let r = try runCLI(["pipeline", "add", uuid, "--shared-path", shared, "--default-locations"], databaseURL: h.db.url)
        #expect(r.status == 0 && r.stdout == uuid + "\n", "\(r.stderr)")
        #expect(r.stderr.contains("processing-\(uuid.prefix(8)) (currently-processing) at \(shared)") && r.stderr.contains("default-backlog (backlog)"), "\(r.stderr)")
        #expect(try await locations(h, uuid, "CP").first?.text("path") == shared)
        let overlapping = UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: h.locations.vault + "/x", withIntermediateDirectories: true)
        let refused = try runCLI(["pipeline", "add", overlapping, "--shared-path", h.locations.vault + "/x"], databaseURL: h.db.url)
        #expect(refused.status == 65 && refused.stderr.contains("overlaps location 'vault'"), "\(refused.stderr)")
        #expect(!(try runCLI(["pipeline", "list"], databaseURL: h.db.url).stdout.contains(overlapping)), "nothing registered")
    }

    /// amclient's `create_location`: JSON with no Content-Type, pipelines and the space as
    /// URIs, the path relative to the space's `/`.
    @Test func amclientCreatesALocationForItsPipelines() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let pipeline = UUID().uuidString.lowercased()
        #expect(try runCLI(["pipeline", "add", pipeline], databaseURL: h.db.url).status == 0)
        let dips = h.locations.root + "/dips"
        try FileManager.default.createDirectory(atPath: dips, withIntermediateDirectories: true)
        func create(_ relative: String, purpose: String = "DS", pipelines: String? = nil, space: String = "00000000-0000-7000-8000-000000000001") async throws -> HTTPResult {
            let body = #"{"description": "DIPs for am1", "pipeline": \#(pipelines ?? #"["/api/v2/pipeline/\#(pipeline)/"]"#), "space": "/api/v2/space/\#(space)/", "default": false, "purpose": "\#(purpose)", "relative_path": "\#(relative)"}"#
            return try await h.client.request("POST", "/api/v2/location/", body: Data(body.utf8))
        }
        let r = try await create(String(dips.dropFirst()))
        #expect(r.status == 201, "\(r.text)")
        let made = try r.json()
        #expect(made.text("purpose") == "DS" && made.text("path") == dips && made.text("description") == "DIPs for am1")
        #expect(made.list("pipeline") == [.string("/api/v2/pipeline/\(pipeline)/")] && r.headers["location"] == made.text("resource_uri"))
        #expect(try await locations(h, pipeline, "DS").count == 1)

        let before = try await h.client.get("/api/v2/location/").json()["meta"]?.integer("total_count")
        let outside = FileManager.default.temporaryDirectory.path
        let refused: [(HTTPResult, Int, String)] = [
            (try await create(String(outside.dropFirst())), 400, "outside the location roots"),
            (try await create(String(dips.dropFirst())), 409, "overlaps location"),
            (try await create("x", purpose: "XX"), 400, "unknown purpose"),
            (try await create("x", pipelines: #"["/api/v2/pipeline/\#(UUID())/"]"#), 404, "no pipeline"),
            (try await create("x", pipelines: #""nope""#), 400, "list of pipeline URIs"),
            (try await create("x", space: UUID().uuidString), 400, "no space"),
        ]
        for (result, status, message) in refused {
            #expect(result.status == status && result.text.contains(message), "\(result.status) \(result.text)")
        }
        #expect(try await h.client.get("/api/v2/location/").json()["meta"]?.integer("total_count") == before, "nothing added")
    }
}
