import Foundation
import QueueKit
import StorageTesting
import Testing
@testable import StorageKit

/// An AIP stored into a location with replicas gets a verified copy in each, made by its
/// own job from the verified primary; a damaged primary makes no replica; a delete removes
/// every copy; the rules of who replicates where are enforced.
@Suite struct ReplicationTests {
    /// vault replicates to vault2 (same filesystem) and offsite (another), both made
    /// replicator locations.
    static func replicating(_ h: StorageHarness) async throws {
        try await h.db.execute("UPDATE locations SET purpose = 'replicator' WHERE name IN ('vault2', 'offsite')")
        try await h.db.withConnection { c in
            let vault = try await Locations.find("vault", on: c, logger: h.db.logger)
            _ = try await Copies.setReplicas(of: vault, to: ["vault2", "offsite"], on: c, logger: h.db.logger)
        }
    }

    static func replications(_ h: StorageHarness, of aip: UUID) async throws -> [UUID] {
        try await h.db.scalars("SELECT id FROM jobs WHERE kind = 'aip.replicate' AND package_uuid = \(aip) ORDER BY id", as: UUID.self)
    }

    /// A small bag stored into vault (its source removed), with its replicas made.
    static func storedAndReplicated(_ h: StorageHarness) async throws -> (UUID, String) {
        let aip = UUID(), name = "bag-\(aip.uuidString.lowercased())"
        try BagFixture.random(at: h.locations.incoming + "/" + name, count: 3, size: 20_000)
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let store = try await h.submit { r, c in try await r.store(path: name, from: "incoming", to: "vault", removeSource: true, on: c) }
            #expect(try await h.finish(store).state == .succeeded)
            for job in try await replications(h, of: aip) { #expect(try await h.finish(job).state == .succeeded) }
        }
        return (aip, name)
    }

    @Test func everyReplicaIsMadeVerifiedAndRemovedWithTheAIP() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try await Self.replicating(h)
        let aip = UUID(), name = "bag-\(aip.uuidString.lowercased())"
        try BagFixture.random(at: h.locations.incoming + "/" + name, count: 6, size: 50_000)
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let store = try await h.submit { r, c in try await r.store(path: name, from: "incoming", to: "vault", on: c) }
            #expect(try await h.finish(store).state == .succeeded)
            let jobs = try await Self.replications(h, of: aip)
            #expect(jobs.count == 2)
            for job in jobs { #expect(try await h.finish(job).state == .succeeded) }
        }
        let p = try await h.package(aip)
        let copies = try await h.db.withConnection { c in try await Copies.list(aip, on: c, logger: h.db.logger) }
        #expect(copies.map(\.locationName) == ["offsite", "vault2"] && copies.allSatisfy { $0.state == .ok && $0.sha256 == p.sha256 && $0.verifiedAt != nil })
        for copy in copies {
            #expect(copy.fullPath.hasSuffix("/" + p.path))
            #expect(BagFixture.contents(of: copy.fullPath) == BagFixture.contents(of: p.fullPath), "\(copy.locationName) holds the same bag")
            #expect(try PackageVerifier.verify(copy.fullPath, side: "test", control: TransferControl()).sha256 == p.sha256)
        }
        #expect(h.locations.copies(named: name) == 4, "the source, the primary and two replicas: \(h.locations.everything())")
        #expect(h.locations.temporaries().isEmpty)
        #expect(try await h.events(aip).filter { $0.type == "replicated" && $0.outcome == "ok" }.count == 2)

        let shown = try runCLI(["aip", "show", "--json", aip.uuidString], databaseURL: h.db.url)
        let document = try JSONValue(jsonText: shown.stdout)
        let roles = document.list("copies").compactMap { $0.text("role") }, states = document.list("copies").compactMap { $0.text("state") }
        #expect(roles == ["primary", "replica", "replica"] && states == ["ok", "ok", "ok"], "\(shown.stdout)")
        let text = try runCLI(["aip", "show", aip.uuidString], databaseURL: h.db.url)
        #expect(text.stdout.contains("replica offsite  ok"), "\(text.stdout)")

        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let delete = try await h.submit { r, c in try await r.delete(aip, reason: "test", on: c) }
            #expect(try await h.finish(delete).state == .succeeded)
        }
        #expect(h.locations.copies(named: name) == 1, "only the source is left: \(h.locations.everything())")
        #expect(try await h.db.withConnection { c in try await Copies.list(aip, on: c, logger: h.db.logger) }.isEmpty)
    }

    /// A move takes the primary and keeps the replicas; the new location's replica,
    /// which already holds the copy, is verified again and recorded ok.
    @Test func aMoveKeepsTheReplicas() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try await h.db.execute("UPDATE locations SET purpose = 'replicator' WHERE name = 'offsite'")
        for location in ["vault", "vault2"] {
            #expect(try runCLI(["location", "update", location, "--replicate-to", "offsite"], databaseURL: h.db.url).status == 0)
        }
        let (aip, name) = try await Self.storedAndReplicated(h)
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let move = try await h.submit { r, c in try await r.move(aip, to: "vault2", on: c) }
            #expect(try await h.finish(move).state == .succeeded)
            let jobs = try await Self.replications(h, of: aip)
            #expect(jobs.count == 2)
            for job in jobs { #expect(try await h.finish(job).state == .succeeded) }
        }
        let p = try await h.package(aip)
        let copies = try await h.db.withConnection { c in try await Copies.list(aip, on: c, logger: h.db.logger) }
        #expect(p.locationName == "vault2" && copies.count == 1 && copies[0].state == .ok, "\(copies)")
        #expect(h.locations.copies(named: name) == 2, "\(h.locations.everything())")
        #expect(h.locations.temporaries().isEmpty)
    }

    /// A primary never moves into a location that holds its replica (it would take the
    /// replica's place, and one copy would count as two); a delete whose replica location
    /// the policy now refuses touches nothing.
    @Test func aPrimaryNeverMovesOntoItsReplicaAndADeleteChecksEveryCopyFirst() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try await h.db.execute("UPDATE locations SET purpose = 'replicator' WHERE name = 'offsite'")
        #expect(try runCLI(["location", "update", "vault", "--replicate-to", "offsite"], databaseURL: h.db.url).status == 0)
        let (aip, name) = try await Self.storedAndReplicated(h)
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let onto = try await h.submit { r, c in try await r.move(aip, to: "offsite", on: c) }
            let refused = try await h.finish(onto)
            #expect(refused.state == .failed && refused.errors.jsonText.contains("has a replica in 'offsite'"), "\(refused.errors)")
        }
        #expect(try await h.package(aip).locationName == "vault" && h.locations.copies(named: name) == 2, "\(h.locations.everything())")

        // The offsite root is no longer allowed: the delete is refused before anything goes.
        try await withWorkers(h.db, handlers: StorageJobs.handlers(policy: LocationPolicy(roots: [h.locations.root]))) { _ in
            let delete = try await h.submit { r, c in try await r.delete(aip, reason: "test", on: c) }
            let failed = try await h.finish(delete)
            #expect(failed.state == .failed && failed.errors.jsonText.contains("outside"), "\(failed.errors)")
        }
        #expect(try await h.package(aip).status == .stored)
        #expect(h.locations.copies(named: name) == 2, "the primary and its replica, both kept: \(h.locations.everything())")
    }

    /// The primary rots before its replicas are made: none is made from it, each copy is
    /// recorded missing, and nothing is left in the replicas.
    @Test func aDamagedPrimaryMakesNoReplica() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try await Self.replicating(h)
        let aip = UUID(), name = "bag-\(aip.uuidString.lowercased())"
        try BagFixture.random(at: h.locations.incoming + "/" + name, count: 3, size: 20_000)
        var storing = JobHandlers.builtIn
        storing.register(StoreHandler())
        try await withWorkers(h.db, handlers: storing) { _ in
            let store = try await h.submit { r, c in try await r.store(path: name, from: "incoming", to: "vault", on: c) }
            #expect(try await h.finish(store).state == .succeeded)
        }
        let p = try await h.package(aip)
        let file = try #require(FileManager.default.subpaths(atPath: p.fullPath + "/data")?.first { !$0.hasSuffix("/") && FileSystem.kind(at: p.fullPath + "/data/" + $0) == .file })
        var bytes = try Data(contentsOf: URL(fileURLWithPath: p.fullPath + "/data/" + file))
        bytes[0] ^= 0xFF  // same size: only its digest tells
        try bytes.write(to: URL(fileURLWithPath: p.fullPath + "/data/" + file))
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            for job in try await Self.replications(h, of: aip) {
                let record = try await h.finish(job)
                #expect(record.state == .failed && record.errors.jsonText.contains("data/\(file)"), "\(record.errors)")
            }
        }
        let copies = try await h.db.withConnection { c in try await Copies.list(aip, on: c, logger: h.db.logger) }
        #expect(copies.count == 2 && copies.allSatisfy { $0.state == .missing }, "\(copies)")
        #expect(h.locations.copies(named: name) == 2, "the source and the damaged primary only: \(h.locations.everything())")
        #expect(h.locations.temporaries().isEmpty)
    }

    /// `aip store --wait` ends when every copy is verified, not only the primary.
    @Test func aStoreWaitsForEveryCopy() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try await Self.replicating(h)
        let aip = UUID(), name = "bag-\(aip.uuidString.lowercased())"
        try BagFixture.random(at: h.locations.incoming + "/" + name, count: 4, size: 200_000)
        let stored = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            try runCLI(["aip", "store", name, "--from", "incoming", "--to", "vault", "--wait", "--timeout", "60"], databaseURL: h.db.url)
        }
        #expect(stored.status == 0, "\(stored.stderr)")
        let copies = try await h.db.withConnection { c in try await Copies.list(aip, on: c, logger: h.db.logger) }
        #expect(copies.count == 2 && copies.allSatisfy { $0.state == .ok }, "verified before --wait ended: \(copies)")
    }

    @Test func onlyStorageReplicatesAndOnlyToReplicators() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try await h.db.execute("UPDATE locations SET purpose = 'replicator' WHERE name = 'offsite'")
        for (args, status, message) in [
            (["location", "update", "vault", "--replicate-to", "incoming"], Int32(65), "only to replicator locations"),
            (["location", "update", "offsite", "--replicate-to", "offsite"], 65, "cannot replicate to itself"),
            (["location", "update", "incoming", "--replicate-to", "offsite"], 65, "only aip-storage and backlog locations replicate"),
            (["location", "update", "vault", "--replicate-to", "nowhere"], 66, "no location 'nowhere'"),
            (["location", "update", "vault"], 64, "give --replicate-to"),
        ] {
            let r = try runCLI(args, databaseURL: h.db.url)
            #expect(r.status == status && r.stderr.contains(message), "\(args): \(r.status) \(r.stderr)")
        }
        let set = try runCLI(["location", "update", "vault", "--replicate-to", "offsite"], databaseURL: h.db.url)
        #expect(set.status == 0 && set.stdout == "offsite\n", "\(set.stderr)")
        let cleared = try runCLI(["location", "update", "vault", "--no-replicas"], databaseURL: h.db.url)
        #expect(cleared.status == 0 && cleared.stdout.isEmpty, "\(cleared.stderr)")
        try FileManager.default.createDirectory(atPath: h.locations.root + "/cold", withIntermediateDirectories: true)
        let added = try runCLI(["location", "add", "cold", "--path", h.locations.root + "/cold", "--purpose", "aip-storage", "--replicate-to", "incoming"],
                               databaseURL: h.db.url)
        #expect(added.status != 0 && added.stderr.contains("only to replicator locations"), "\(added.stderr)")
        #expect(try await h.db.scalars("SELECT count(*) FROM locations WHERE name = 'cold'", as: Int.self) == [0], "nothing added")
    }

    /// Replicas given to a location that holds AIPs are made at once; a location re-pointed
    /// at the directory its AIPs were moved to finds them all there, or nothing changes.
    @Test func replicasAddedLaterAreMadeAndALocationFollowsItsDirectory() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let aip = UUID(), name = "bag-\(aip.uuidString.lowercased())"
        try BagFixture.random(at: h.locations.incoming + "/" + name, count: 3, size: 20_000)
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let store = try await h.submit { r, c in try await r.store(path: name, from: "incoming", to: "vault", removeSource: true, on: c) }
            #expect(try await h.finish(store).state == .succeeded)
        }
        try await h.db.execute("UPDATE locations SET purpose = 'replicator' WHERE name = 'offsite'")
        #expect(try runCLI(["location", "update", "vault", "--replicate-to", "offsite"], databaseURL: h.db.url).status == 0)
        let jobs = try await Self.replications(h, of: aip)
        #expect(jobs.count == 1)
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            for job in jobs {
                let state = try await h.finish(job).state
                #expect(state == .succeeded)
            }
        }
        #expect(try await h.db.withConnection { c in try await Copies.list(aip, on: c, logger: h.db.logger) }.map(\.state) == [.ok])
        #expect(try runCLI(["location", "update", "vault", "--replicate-to", "offsite"], databaseURL: h.db.url).status == 0)
        #expect(try await Self.replications(h, of: aip).count == 1, "a copy it has is not made again")

        let p = try await h.package(aip)
        let empty = h.locations.vault + "-empty", moved = h.locations.vault + "-moved"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let wrong = try runCLI(["location", "update", "vault", "--path", empty], databaseURL: h.db.url)
        #expect(wrong.status == 66 && wrong.stderr.contains("1 of the 1 AIPs and copies in location 'vault' are not under") && wrong.stderr.contains(p.path),
                "\(wrong.stderr)")
        #expect(try await h.package(aip).locationPath == p.locationPath, "nothing changed")
        try FileManager.default.moveItem(atPath: p.locationPath, toPath: moved)
        try await h.db.execute("UPDATE packages SET status = 'moving' WHERE uuid = \(aip)")
        let busy = try runCLI(["location", "update", "vault", "--path", moved], databaseURL: h.db.url)
        #expect(busy.status == 65 && busy.stderr.contains("being stored, moved, deleted or made"), "\(busy.stderr)")
        try await h.db.execute("UPDATE packages SET status = 'stored' WHERE uuid = \(aip)")
        let ok = try runCLI(["location", "update", "vault", "--path", moved], databaseURL: h.db.url)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try await h.package(aip).fullPath == (FileSystem.realPath(moved) ?? moved) + "/" + p.path)
        let audit = try await AuditTests.audit(h, aip)
        #expect(audit.state == .succeeded, "found at its new place: \(audit.errors)")
        try FileManager.default.moveItem(atPath: moved, toPath: p.locationPath)  // for the cleanup
    }
}
