import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// What a pipeline says of a package as it stores it is kept and returned: its type,
/// the pipeline it came from (Archivematica's index rebuild keeps only its own), the
/// package it relates to (both ways), `misc_attributes`, and the PREMIS events and agents.
@Suite struct V2PackageDescriptionTests {
    static func body(_ uuid: UUID, _ name: String, origin: String, vault: String, extra: String) -> String {
        #"""
        {"uuid": "\#(uuid.uuidString.lowercased())", "origin_location": "/api/v2/location/\#(origin)/", "origin_path": "\#(name)/",
         "current_location": "/api/v2/location/\#(vault)/", "current_path": "\#(name)", "size": 1\#(extra)}
        """#
    }

    @Test func typeOriginRelationsAndPremisAreKeptAndReturned() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let vault = try await h.location("vault").uuidString.lowercased()
        let pipeline = UUID().uuidString.lowercased()
        let events = #"[{"event_type": "compression", "event_outcome_detail": "7z"}]"#
        let agents = #"[{"agent_type": "software", "agent_value": "Archivematica"}]"#
        // The AIC comes from the pipeline's shared directory, as store_aip.py sends it.
        let shared = h.locations.root + "/am/sharedDirectory"
        try FileManager.default.createDirectory(atPath: shared + "/currentlyProcessing", withIntermediateDirectories: true)
        #expect(try runCLI(["pipeline", "add", pipeline, "--shared-path", shared], databaseURL: h.db.url).status == 0)
        let cp = try await h.location("processing-\(pipeline.prefix(8))").uuidString.lowercased()
        let (aip, aic) = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let aip = try await h.storedAIP().uuid
            let aic = UUID(), name = "aic-\(aic.uuidString.lowercased())"
            try BagFixture.random(at: shared + "/currentlyProcessing/" + name, count: 2, size: 1000)
            let extra = #", "package_type": "AIC", "origin_pipeline": "/api/v2/pipeline/\#(pipeline)/", "related_package_uuid": "\#(aip.uuidString.lowercased())", "events": \#(events), "agents": \#(agents), "aip_subtype": "Archival Information Collection""#
            let r = try await h.client.post("/api/v2/file/", json: Self.body(aic, "currentlyProcessing/" + name, origin: cp, vault: vault, extra: extra))
            #expect(r.status == 201, "\(r.text)")
            #expect(r.object["package_type"] == "AIC" && r.object.text("origin_pipeline") == "/api/v2/pipeline/\(pipeline)/")
            return (aip, aic)
        }
        let shown = try await h.client.get("/api/v2/file/\(aic.uuidString.lowercased())/").json()
        #expect(shown["package_type"] == "AIC")
        #expect(shown.list("related_packages") == [.string("/api/v2/file/\(aip.uuidString.lowercased())/")])
        #expect(shown["misc_attributes"] == .object([:]))
        let other = try await h.client.get("/api/v2/file/?uuid=\(aip.uuidString.lowercased())").json().list("objects")
        #expect(other.first?.list("related_packages") == [.string("/api/v2/file/\(aic.uuidString.lowercased())/")], "read both ways")
        #expect(other.first?["origin_pipeline"] == .null && other.first?["package_type"] == "AIP", "stored by ss-cli: no pipeline")

        let premis = try await h.db.scalars("SELECT premis::text FROM packages WHERE uuid = \(aic)", as: String.self)
        let kept = try JSONValue(jsonText: premis[0])
        let sentEvents = try JSONValue(jsonText: events), sentAgents = try JSONValue(jsonText: agents)
        #expect(kept["events"] == sentEvents && kept["agents"] == sentAgents)

        for (query, expected) in [("package_type=AIC", [aic]), ("package_type=AIP", [aip]), ("package_type__in=AIP,AIC", [aip, aic]),
                                  ("status__in=UPLOADED,VERIFIED", [aip, aic]), ("status__in=DEL_REQ,DELETED", []),
                                  ("package_type__in=DIP,transfer", [])] {
            let listed = try await h.client.get("/api/v2/file/?\(query)").json().list("objects").compactMap { $0.text("uuid") }
            #expect(Set(listed) == Set(expected.map { $0.uuidString.lowercased() }), "\(query): \(listed)")
        }
    }

    /// Bad descriptions are refused before anything is enqueued or recorded.
    @Test func aBadDescriptionStoresNothing() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let incoming = try await h.location("incoming").uuidString.lowercased(), vault = try await h.location("vault").uuidString.lowercased()
        let name = "bag-\(UUID().uuidString.lowercased())"
        try BagFixture.random(at: h.locations.incoming + "/" + name, count: 1, size: 100)
        let cases = [(#", "origin_pipeline": "not a uri""#, "'origin_pipeline' is not a pipeline URI"),
                     (#", "misc_attributes": "x""#, "'misc_attributes' must be an object"),
                     (#", "events": {"a": 1}"#, "'events' must be an array"),
                     (#", "related_package_uuid": "nope""#, "'related_package_uuid' is not a UUID"),
                     (#", "package_type": "DIP""#, "DIPs go to dip-storage locations"),
                     (#", "package_type": "SIP""#, "not package_type 'SIP'")]
        for (extra, message) in cases {
            let r = try await h.client.post("/api/v2/file/", json: Self.body(UUID(), name, origin: incoming, vault: vault, extra: extra))
            #expect(r.status == 400 && r.text.contains(message), "\(extra): \(r.status) \(r.text)")
        }
        #expect(try await h.storage.jobCount() == 0)
        #expect(try await h.db.scalars("SELECT count(*)::int FROM packages", as: Int.self) == [0])
    }
}
