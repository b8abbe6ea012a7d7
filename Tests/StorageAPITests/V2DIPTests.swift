import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// Every package type goes where the Storage Service puts it: a DIP into DIP storage with
/// the AIP it came from, a transfer into the backlog, both plain directories as
/// Archivematica makes them, checked file by file; and nowhere else.
@Suite struct V2DIPTests {
    static func body(_ uuid: UUID, _ path: String, origin: UUID, to destination: UUID, type: String, related: UUID? = nil) -> String {
        let relatedField = related.map { #", "related_package_uuid": "\#($0.uuidString.lowercased())""# } ?? ""
        return #"""
            {"uuid": "\#(uuid.uuidString.lowercased())", "origin_location": "/api/v2/location/\#(origin.uuidString.lowercased())/",
             "origin_path": "\#(path)/", "current_location": "/api/v2/location/\#(destination.uuidString.lowercased())/",
             "current_path": "\#(path)", "size": 1, "package_type": "\#(type)"\#(relatedField)}
            """#
    }

    @Test func aDIPGoesToDIPStorageWithItsAIPAndATransferToTheBacklog() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let (dips, dips2, backlog) = (h.locations.root + "/dips", h.locations.root + "/dips2", h.locations.root + "/backlog")
        try await h.db.withConnection { c in
            for (name, path, purpose) in [("dips", dips, LocationPurpose.dipStorage), ("dips2", dips2, .dipStorage), ("backlog", backlog, .backlog)] {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                _ = try await Locations.add(name: name, path: path, purpose: purpose, on: c, logger: h.db.logger)
            }
        }
        let incoming = try await h.location("incoming"), vault = try await h.location("vault")
        let ds = try await h.location("dips"), bl = try await h.location("backlog")
        let dip = UUID(), transfer = UUID()
        let dipName = "dip-\(dip.uuidString.lowercased())", transferName = "transfer-\(transfer.uuidString.lowercased())"
        // Not bags: a DIP's objects and METS, a transfer's files as they arrived.
        let dipFiles = ["objects/a-\(UUID().uuidString.lowercased()).jpg": BagFixture.randomData(20_000),
                        "METS.\(dip.uuidString.lowercased()).xml": Data("<mets/>".utf8)]
        for (path, data) in dipFiles { try write(data, h.locations.incoming + "/" + dipName + "/" + path) }
        try write(Data("a letter".utf8), h.locations.incoming + "/" + transferName + "/letters/1.txt")

        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let aip = try await h.storedAIP().uuid
            // Refused before anything is enqueued: each type only where it belongs.
            for (uuid, path, to, type, message) in [(dip, dipName, vault, "DIP", "DIPs go to dip-storage locations"),
                                                    (UUID(), dipName, ds, "AIP", "AIPs go to aip-storage, replicator, backlog locations"),
                                                    (transfer, transferName, ds, "transfer", "transfers go to backlog locations")] {
                let r = try await h.client.post("/api/v2/file/", json: Self.body(uuid, path, origin: incoming, to: to, type: type))
                #expect(r.status == 400 && r.text.contains(message), "\(type): \(r.status) \(r.text)")
            }
            #expect(try await h.db.scalars("SELECT count(*) FROM packages", as: Int.self) == [1], "only the AIP")

            let stored = try await h.client.post("/api/v2/file/", json: Self.body(dip, dipName, origin: incoming, to: ds, type: "DIP", related: aip))
            #expect(stored.status == 201 && stored.object["package_type"] == "DIP", "\(stored.status) \(stored.text)")
            #expect(stored.object.list("related_packages") == [.string("/api/v2/file/\(aip.uuidString.lowercased())/")])
            let backlogged = try await h.client.post("/api/v2/file/", json: Self.body(transfer, transferName, origin: incoming, to: bl, type: "transfer"))
            #expect(backlogged.status == 201 && backlogged.object["package_type"] == "transfer", "\(backlogged.status) \(backlogged.text)")

            let listed = try await h.client.get("/api/v2/file/?package_type=DIP").json().list("objects").compactMap { $0.text("uuid") }
            #expect(listed == [dip.uuidString.lowercased()])
            let shown = try runCLI(["aip", "show", "--json", dip.uuidString], databaseURL: h.db.url)
            #expect(shown.stdout.contains(#""type" : "DIP""#) && shown.stdout.contains(#""origin_pipeline" : null"#), "\(shown.stdout)")
            let placed = try await h.storage.package(dip)
            #expect(placed.locationName == "dips" && BagFixture.contents(of: placed.fullPath) == dipFiles)

            let good = try await h.storage.submit { r, c in try await r.fixity(dip, on: c) }
            #expect(try await h.storage.finish(good).state == .succeeded)
            let moved = try await h.storage.submit { r, c in try await r.move(dip, to: "dips2", on: c) }
            #expect(try await h.storage.finish(moved).state == .succeeded)
            let refused = try runCLI(["aip", "move", dip.uuidString, "--to", "vault"], databaseURL: h.db.url)
            #expect(refused.status == 65 && refused.stderr.contains("DIPs go to dip-storage locations"), "\(refused.stderr)")

            let now = try await h.storage.package(dip)
            try Data("changed".utf8).write(to: URL(fileURLWithPath: now.fullPath + "/METS.\(dip.uuidString.lowercased()).xml"))
            let bad = try await h.storage.submit { r, c in try await r.fixity(dip, on: c) }
            let failed = try await h.storage.finish(bad)
            #expect(failed.state == .failed && failed.errors.jsonText.contains("SHA-256"), "\(failed.errors)")
        }
        // From the command line too; an AIP that is no bag stays refused.
        let cliDIP = UUID(), cliName = "dip-\(cliDIP.uuidString.lowercased())"
        try write(Data("x".utf8), h.locations.incoming + "/" + cliName + "/objects/x.txt")
        let asAIP = try runCLI(["aip", "store", cliName, "--from", "incoming", "--to", "vault"], databaseURL: h.db.url)
        #expect(asAIP.status == 65 && asAIP.stderr.contains("without bagit.txt"), "\(asAIP.stderr)")
        let asDIP = try runCLI(["aip", "store", cliName, "--from", "incoming", "--to", "dips", "--type", "dip"], databaseURL: h.db.url)
        #expect(asDIP.status == 0, "\(asDIP.stderr)")
        let unknown = try runCLI(["aip", "store", cliName, "--from", "incoming", "--to", "dips", "--type", "sip"], databaseURL: h.db.url)
        #expect(unknown.status == 64 && unknown.stderr.contains("unknown --type 'sip'"), "\(unknown.stderr)")
    }

    private func write(_ data: Data, _ path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
    }
}
