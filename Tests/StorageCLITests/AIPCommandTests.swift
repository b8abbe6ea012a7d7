import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// `ss-cli location …` and `ss-cli aip …` as scripts see them: exit codes and messages for
/// bad input (with nothing enqueued and nothing touched), plain UUIDs and exact JSON.
@Suite struct AIPCommandTests {
    func cli(_ h: StorageHarness, _ args: [String]) throws -> CommandResult {
        try runCLI(args, databaseURL: h.db.url)
    }

    @Test func locationsAreAddedShownAndListedByNameOrUUID() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let dir = h.locations.root + "/new"
        #expect(try cli(h, ["location", "add", "new", "--path", dir, "--purpose", "backlog"]).status == 66, "no such directory")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(try cli(h, ["location", "add", "new", "--path", "relative/dir", "--purpose", "backlog"]).status == 65)
        #expect(try cli(h, ["location", "add", "new", "--path", dir, "--purpose", "attic"]).status == 64)
        let added = try cli(h, ["location", "add", "new", "--path", dir, "--purpose", "backlog"])
        #expect(added.status == 0, "\(added.stderr)")
        let uuid = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(UUID(uuidString: uuid) != nil, "only the UUID on stdout")
        let again = try cli(h, ["location", "add", "new", "--path", dir, "--purpose", "backlog"])
        #expect(again.status == 65 && again.stderr.contains("a location named 'new' exists"))
        let byName = try cli(h, ["location", "show", "new", "--json"])
        let byUUID = try cli(h, ["location", "show", uuid, "--json"])
        #expect(byName.status == 0 && byName.stdout == byUUID.stdout)
        let doc = try JSONSerialization.jsonObject(with: Data(byName.stdout.utf8)) as? [String: Any]
        #expect(Set(doc?.keys ?? [:].keys) == ["uuid", "name", "purpose", "path", "space", "description", "created_at", "packages", "bytes", "removable_source", "pipelines"])
        let list = try cli(h, ["location", "list", "--json"])
        #expect(list.stdout.split(separator: "\n").count == 5)
        #expect(try cli(h, ["location", "show", "nowhere"]).status == 66)
    }

    @Test func badSubmissionsExitWithTheirCodeAndEnqueueNothing() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let bag = h.locations.incoming + "/bag"
        try BagFixture.random(at: bag, count: 3, size: 1000)
        let before = try PackageVerifier.verify(bag, side: "test", control: TransferControl())
        try FileManager.default.createDirectory(atPath: h.locations.root + "/secret", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: h.locations.root + "/secret/file"))
        try FileManager.default.createSymbolicLink(atPath: h.locations.incoming + "/out", withDestinationPath: h.locations.root + "/secret")
        try BagFixture.random(at: h.locations.incoming + "/linky", count: 1, size: 10)
        try FileManager.default.createSymbolicLink(atPath: h.locations.incoming + "/linky/data/l", withDestinationPath: "../bagit.txt")
        let unknown = UUID().uuidString.lowercased()
        let cases: [([String], Int32, String)] = [
            (["aip", "store", "../secret/file", "--from", "incoming", "--to", "vault"], 65, "escapes location 'incoming'"),
            (["aip", "store", h.locations.root + "/secret/file", "--from", "incoming", "--to", "vault"], 65, "absolute paths are not allowed"),
            (["aip", "store", "out/file", "--from", "incoming", "--to", "vault"], 65, "a symlink leads outside it"),
            (["aip", "store", "linky", "--from", "incoming", "--to", "vault"], 65, "is a symlink"),
            (["aip", "store", "missing", "--from", "incoming", "--to", "vault"], 66, "no 'missing' in location 'incoming'"),
            (["aip", "store", "bag", "--from", "nowhere", "--to", "vault"], 66, "no location 'nowhere'"),
            (["aip", "store", "bag", "--from", "incoming", "--to", "incoming"], 65, "transfer-source"),
            (["aip", "store", "bag", "--from", "incoming", "--to", "vault", "--uuid", "nope"], 64, "nope"),
            (["aip", "move", unknown, "--to", "vault"], 66, "no AIP \(unknown)"),
            (["aip", "move", "not-a-uuid", "--to", "vault"], 64, "not-a-uuid"),
            (["aip", "delete", unknown], 64, "--reason"),
            (["aip", "delete", unknown, "--reason", "  "], 64, "--reason must not be empty"),
            (["aip", "fixity", unknown], 66, "no AIP"),
            (["aip", "show", unknown], 66, "no AIP"),
            (["aip", "list", "--location", "nowhere"], 66, "no location 'nowhere'"),
            (["aip", "store", "bag", "--from", "incoming", "--to", "vault", "--timeout", "5"], 64, "go with --wait"),
        ]
        for (args, status, message) in cases {
            let r = try cli(h, args)
            #expect(r.status == status, "\(args): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(args)")
        }
        #expect(try await h.jobCount() == 0, "nothing was enqueued")
        #expect(try PackageVerifier.verify(bag, side: "test", control: TransferControl()) == before, "the source is untouched")
        #expect(FileManager.default.fileExists(atPath: h.locations.root + "/secret/file"))
    }

    @Test func storeWaitShowAndListSpeakToScripts() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let aip = UUID()
        try BagFixture.random(at: h.locations.incoming + "/b", count: 4, size: 5000)
        let worker = try WorkerProcess(databaseURL: h.db.url)
        let store = try cli(h, ["aip", "store", "b", "--from", "incoming", "--to", "vault", "--uuid", aip.uuidString, "--wait", "--timeout", "60"])
        #expect(store.status == 0, "\(store.stderr)")
        let job = store.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(UUID(uuidString: job) != nil, "only the job UUID on stdout: \(store.stdout)")
        let duplicate = try cli(h, ["aip", "store", "b", "--from", "incoming", "--to", "vault2", "--uuid", aip.uuidString])
        #expect(duplicate.status == 65 && duplicate.stderr.contains("already stored"))

        let show = try cli(h, ["aip", "show", aip.uuidString, "--json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect(Set(doc.keys) == ["uuid", "name", "status", "location", "path", "full_path", "size", "sha256", "stored_at", "type", "origin_pipeline", "events", "copies"])
        #expect(doc["status"] as? String == "stored")
        #expect(Set((doc["location"] as? [String: Any])?.keys ?? [:].keys) == ["uuid", "name"])
        let events = try #require(doc["events"] as? [[String: Any]])
        #expect(events.count == 1 && Set(events[0].keys) == ["type", "at", "outcome", "detail", "actor", "job_id"])
        #expect(events[0]["job_id"] as? String == job)
        let list = try cli(h, ["aip", "list", "--location", "vault", "--status", "stored", "--json"])
        #expect(list.stdout.split(separator: "\n").count == 1 && list.stdout.contains(aip.uuidString.lowercased()))
        #expect(try cli(h, ["aip", "list", "--location", "vault2", "--json"]).stdout.isEmpty)

        let p = try await h.package(aip)
        try Data("rot".utf8).write(to: URL(fileURLWithPath: p.fullPath + "/data/objects/file-2.bin"))
        let fixity = try cli(h, ["aip", "fixity", aip.uuidString, "--wait", "--timeout", "60"])
        #expect(fixity.status == 1, "a failed check fails the wait")
        let status = try cli(h, ["job", "status", fixity.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
        #expect(status.stdout.contains("fixity_failed") && status.stdout.contains("data/objects/file-2.bin"))
        worker.signal(SIGTERM)
        #expect(worker.waitForExit(timeout: 20) == 0)
    }
}
