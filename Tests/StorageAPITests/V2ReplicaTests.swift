import Foundation
import QueueKit
import StorageTesting
import Testing
@testable import StorageKit

/// v2 fills `replicas` and `replicated_package` as the Storage Service does: the AIP lists
/// a URI per replica, and that URI answers with the replica, which names the AIP.
@Suite struct V2ReplicaTests {
    @Test func anAIPListsItsReplicasAndEachNamesTheAIP() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        try await h.db.execute("UPDATE locations SET purpose = 'replicator' WHERE name = 'offsite'")
        #expect(try runCLI(["location", "update", "vault", "--replicate-to", "offsite"], databaseURL: h.db.url).status == 0)
        let (aip, _) = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let stored = try await h.storedAIP()
            for job in try await h.db.scalars("SELECT id FROM jobs WHERE kind = 'aip.replicate'", as: UUID.self) {
                #expect(try await h.storage.finish(job).state == .succeeded)
            }
            return stored
        }
        let copy = try #require(try await h.db.withConnection { c in try await Copies.list(aip, on: c, logger: h.db.logger) }.first)
        let primaryURI = "/api/v2/file/\(aip.uuidString.lowercased())/", replicaURI = "/api/v2/file/\(copy.uuid.uuidString.lowercased())/"

        let document = try await h.client.get(primaryURI).json()
        #expect(document.list("replicas") == [.string(replicaURI)] && document["replicated_package"] == .null, "\(document)")
        let listed = try await h.client.get("/api/v2/file/?uuid=\(aip.uuidString.lowercased())").json().list("objects")
        #expect(listed.count == 1 && listed[0].list("replicas") == [.string(replicaURI)])

        let replica = try await h.client.get(replicaURI)
        #expect(replica.status == 200)
        let r = try replica.json()
        let offsite = try await h.location("offsite")
        #expect(r.text("replicated_package") == primaryURI && r.text("uuid") == copy.uuid.uuidString.lowercased())
        #expect(r.text("current_location") == "/api/v2/location/\(offsite.uuidString.lowercased())/" && r.text("current_full_path") == copy.fullPath)
        #expect(r.text("status") == "UPLOADED" && r.list("replicas").isEmpty && r.text("package_type") == "AIP", "\(r)")

        try await h.db.execute("UPDATE package_copies SET state = 'corrupt'")
        #expect(try await h.client.get(replicaURI).json().text("status") == "FAIL")
        #expect(try await h.client.get("/api/v2/file/\(UUID().uuidString.lowercased())/").status == 404)
    }
}
