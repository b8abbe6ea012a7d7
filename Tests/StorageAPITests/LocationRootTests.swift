import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// Where a location may be: the chain that read /etc/shadow through a location an API key
/// made, a store that removed any file the worker could write, and a row changed by hand.
@Suite struct LocationRootTests {
    @Test func theAPIAddsLocationsOnlyInsideTheRootsAndNeverAtSystemDirectories() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let before = try await h.client.get("/api/v3/locations").json().list("locations").count
        let pipeline = try await h.client("pipeline", scopes: .default)
        let asPipeline = try await pipeline.post("/api/v3/locations", json: #"{"name": "loot", "path": "/etc", "purpose": "transfer-source"}"#)
        #expect(asPipeline.status == 403 && asPipeline.object.text("scope") == "admin", "\(asPipeline.text)")

        let outside = FileManager.default.temporaryDirectory.path + "/ss-outside-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        for path in ["/etc", "/", "/root", "/proc/1", "/proc/self", "/usr/lib", "/lib", "/var/lib/postgresql", "/dev/shm", "/sys/kernel", outside] {
            let r = try await h.client.post("/api/v3/locations", json: #"{"name": "loot", "path": "\#(path)", "purpose": "transfer-source"}"#)
            #expect(r.status == 400 || r.status == 404, "\(path): \(r.status) \(r.text)")
            if r.status == 400, path == outside {
                #expect((r.object.text("error") ?? "").contains(h.locations.root), "the message names the roots: \(r.text)")
            }
        }
        let inside = h.locations.root + "/more"
        try FileManager.default.createDirectory(atPath: inside, withIntermediateDirectories: true)
        // A symlink inside the roots that leads out is judged by where it leads.
        try FileManager.default.createSymbolicLink(atPath: h.locations.root + "/etc-link", withDestinationPath: "/etc")
        let linked = try await h.client.post("/api/v3/locations", json: #"{"name": "linked", "path": "\#(h.locations.root)/etc-link"}"#)
        #expect(linked.status == 400, "\(linked.text)")
        #expect(try await h.client.get("/api/v3/locations").json().list("locations").count == before, "nothing was added")
        #expect(try await h.client.post("/api/v3/locations", json: #"{"name": "more", "path": "\#(inside)"}"#).status == 201)
    }

    @Test func withoutRootsTheAPIAddsNoneAndSaysWhatToSet() async throws {
        let h = try await APIHarness.make(environment: ["SS_LOCATION_ROOTS": ""])
        defer { h.locations.remove() }
        let dir = h.locations.root + "/more"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let r = try await h.client.post("/api/v3/locations", json: #"{"name": "more", "path": "\#(dir)"}"#)
        #expect(r.status == 400 && (r.object.text("error") ?? "").contains("location_roots") && (r.object.text("error") ?? "").contains("SS_LOCATION_ROOTS"), "\(r.text)")
        // The operator on the host still may.
        #expect(try runCLI(["location", "add", "more", "--path", dir, "--purpose", "backlog"], databaseURL: h.db.url).status == 0)
    }

    @Test func theCLIRefusesSystemDirectoriesAlwaysAndPathsOutsideConfiguredRoots() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        for path in ["/", "/etc", "/proc", "/var", "/usr/local", "/lib64", "/dev"] where FileManager.default.fileExists(atPath: path) {
            let r = try runCLI(["location", "add", "x", "--path", path, "--purpose", "transfer-source"], databaseURL: h.db.url)
            #expect(r.status == 65 && r.stderr.contains("no location may hold") || r.stderr.contains("cannot be at /"), "\(path): \(r.status) \(r.stderr)")
        }
        let home = h.locations.root + "/home"
        for dir in ["/pg/base", "/run", "/mine"] { try FileManager.default.createDirectory(atPath: home + dir, withIntermediateDirectories: true) }
        for path in [home, home + "/pg", home + "/pg/base", home + "/run", h.locations.root] {
            let own = try runCLI(["location", "add", "x", "--path", path, "--purpose", "aip-storage"], databaseURL: h.db.url,
                                 environment: ["SS_HOME": home])
            #expect(own.status == 65, "ss's home and database are refused: \(path) \(own.stderr)")
        }
        let mine = try runCLI(["location", "add", "mine", "--path", home + "/mine", "--purpose", "aip-storage"], databaseURL: h.db.url,
                              environment: ["SS_HOME": home])
        #expect(mine.status == 0, "a directory of its own inside the home may be a location: \(mine.stderr)")
        let dir = h.locations.root + "/more"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let outside = try runCLI(["location", "add", "x", "--path", dir, "--purpose", "aip-storage"], databaseURL: h.db.url,
                                 environment: ["SS_LOCATION_ROOTS": "/srv/nowhere:/mnt/else"])
        #expect(outside.status == 65 && outside.stderr.contains("/srv/nowhere, /mnt/else"), "\(outside.stderr)")
        let shown = try runCLI(["config", "show"], databaseURL: h.db.url, environment: ["SS_LOCATION_ROOTS": "/srv/nowhere:/mnt/else"])
        #expect(shown.stdout.contains("location_roots") && shown.stdout.contains("/srv/nowhere:/mnt/else"), "\(shown.stdout)")
        #expect(try await h.db.scalars("SELECT count(*)::int FROM locations WHERE name = 'x'", as: Int.self) == [0])
        try await h.db.execute("DELETE FROM locations WHERE name = 'mine'")
    }

    @Test func removeSourceNeedsALocationMarkedRemovable() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let plain = h.locations.root + "/plain"
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        #expect(try runCLI(["location", "add", "plain", "--path", plain, "--purpose", "transfer-source"], databaseURL: h.db.url).status == 0)
        #expect(try runCLI(["location", "add", "odd", "--path", h.locations.root, "--purpose", "aip-storage", "--removable-source"],
                           databaseURL: h.db.url).status == 65, "only a transfer-source can be removable")
        try Data("precious".utf8).write(to: URL(fileURLWithPath: plain + "/precious.txt"))
        let before = try await h.storage.jobCount()
        let api = try await h.client.post("/api/v3/aips", json: #"{"path": "precious.txt", "from": "plain", "to": "vault", "remove_source": true}"#)
        #expect(api.status == 403 && (api.object.text("error") ?? "").contains("--removable-source"), "\(api.text)")
        let cli = try runCLI(["aip", "store", "precious.txt", "--from", "plain", "--to", "vault", "--remove-source"], databaseURL: h.db.url)
        #expect(cli.status == 77 && cli.stderr.contains("--removable-source"), "\(cli.status) \(cli.stderr)")
        #expect(try await h.storage.jobCount() == before)
        #expect(try String(contentsOfFile: plain + "/precious.txt", encoding: .utf8) == "precious")
    }

    @Test func theWorkerRefusesALocationWhoseRowWasChangedByHand() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let policy = LocationPolicy(roots: [h.locations.root, h.locations.offsiteRoot])
        try await withWorkers(h.db, handlers: StorageJobs.handlers(policy: policy)) { _ in
            let name = "aip-\(UUID().uuidString.lowercased())"
            try BagFixture.random(at: h.locations.incoming + "/" + name, count: 2, size: 100)
            let stored = try await h.finish(try await h.submit { r, c in try await r.store(path: name, from: "incoming", to: "vault", on: c) })
            #expect(stored.state == .succeeded)
            let uuid = try #require(stored.packageUUID)

            // Someone points `incoming` at /etc and `offsite` at a directory outside the roots.
            let outside = FileManager.default.temporaryDirectory.path + "/ss-outside-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: outside) }
            try await h.db.execute("UPDATE locations SET path = '/etc' WHERE name = 'incoming'")
            try await h.db.execute("UPDATE locations SET path = \(outside) WHERE name = 'offsite'")
            // Submission resolves `shadow` in the changed row; the worker refuses to touch it.
            let store = try await h.finish(try await h.submit { r, c in
                try await r.store(path: "passwd", from: "incoming", to: "vault", removeSource: true, on: c)
            })
            #expect(store.state == .failed && store.errors.jsonText.contains("refused_directory"), "\(store.errors)")
            #expect(FileManager.default.fileExists(atPath: "/etc/passwd"), "the source was not removed")
            #expect(!(try FileManager.default.subpathsOfDirectory(atPath: h.locations.vault)).contains { $0.hasSuffix("passwd") }, "nor copied")
            let move = try await h.finish(try await h.submit { r, c in try await r.move(uuid, to: "offsite", on: c) })
            #expect(move.state == .failed && move.errors.jsonText.contains("outside_roots"), "\(move.errors)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty, "nothing written outside the roots")
            let kept = try await h.package(uuid)
            #expect(kept.status == .stored && FileManager.default.fileExists(atPath: kept.fullPath))

            try await h.db.execute("UPDATE locations SET path = '/root' WHERE name = 'vault'")
            let delete = try await h.finish(try await h.submit { r, c in try await r.delete(uuid, reason: "x", on: c) })
            #expect(delete.state == .failed && delete.errors.jsonText.contains("refused_directory"), "\(delete.errors)")
            let fixity = try await h.finish(try await h.submit { r, c in try await r.fixity(uuid, on: c) })
            #expect(fixity.state == .failed && fixity.errors.jsonText.contains("refused_directory"), "\(fixity.errors)")
            let untouched = try await h.package(uuid)
            #expect(FileManager.default.fileExists(atPath: h.locations.vault + "/" + untouched.path), "the AIP is untouched")
        }
    }
}
