import Foundation
import FoundationXML
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// `GET file/<u>/pointer_file/`: the METS pointer file of a compressed AIP, from the
/// PREMIS events and agents the pipeline sent in metsrw's tuple form, as
/// Archivematica's storeAIP sends them; where the AIP is now, even after a move.
@Suite struct V2PointerFileTests {
    /// A compression event as Archivematica records one (metsrw's tuple form in JSON),
    /// with text a hostile pipeline could send to break the XML.
    static let events = #"""
        [["event", {"xmlns:premis": "http://www.loc.gov/premis/v3", "version": "3.0"},
          ["event_identifier", ["event_identifier_type", "UUID"], ["event_identifier_value", "4711f4eb-8903-4e58-85da-4827e6530d0b"]],
          ["event_type", "compression"], ["event_date_time", "2017-08-15T00:30:55"],
          ["event_detail", "program=7z; version=p7zip Version 16.02 (locale=C); algorithm=bzip2"],
          ["event_outcome_information", ["event_outcome_detail", ["event_outcome_detail_note", "Standard Output=\"<b>&</b>\"; \u0001"]]],
          ["linking_agent_identifier", ["linking_agent_identifier_type", "preservation system"], ["linking_agent_identifier_value", "Archivematica-1.16"]]],
         {"not": "a tuple"}]
        """#
    static let agents = #"""
        [["agent", ["agent_identifier", ["agent_identifier_type", "preservation system"], ["agent_identifier_value", "Archivematica-1.16"]],
          ["agent_name", "Archivematica"], ["agent_type", "software"]]]
        """#

    @Test func aCompressedAIPHasAPointerFileThatFollowsItsMoves() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let uuid = UUID(), u = uuid.uuidString.lowercased(), top = "aip-\(u)", name = top + ".7z"
        let staging = h.locations.root + "/staging"
        try BagFixture.random(at: staging + "/" + top, count: 2, size: 5000)
        try BagFixture.archive(staging + "/" + top, as: .sevenZipBzip2, to: h.locations.incoming + "/" + name)
        let incoming = try await h.location("incoming").uuidString.lowercased(), vault = try await h.location("vault").uuidString.lowercased()
        let body = #"""
            {"uuid": "\#(u)", "origin_location": "/api/v2/location/\#(incoming)/", "origin_path": "\#(name)",
             "current_location": "/api/v2/location/\#(vault)/", "current_path": "\#(name)", "size": 1, "package_type": "AIP",
             "events": \#(Self.events), "agents": \#(Self.agents)}
            """#
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let stored = try await h.client.post("/api/v2/file/", json: body)
            #expect(stored.status == 201, "\(stored.text)")
            try await check(h, uuid, at: try await h.storage.package(uuid))

            let move = try await h.storage.submit { r, c in try await r.move(uuid, to: "offsite", on: c) }
            #expect(try await h.storage.finish(move).state == .succeeded)
            try await check(h, uuid, at: try await h.storage.package(uuid))
        }
    }

    private func check(_ h: APIHarness, _ uuid: UUID, at package: Package) async throws {
        let u = uuid.uuidString.lowercased()
        let r = try await h.client.get("/api/v2/file/\(u)/pointer_file/")
        #expect(r.status == 200 && r.headers["content-type"] == "application/xml", "\(r.status) \(r.text)")
        #expect(r.headers["content-disposition"] == "attachment; filename=\"pointer.\(u).xml\"")
        let doc = try XMLDocument(data: r.body)
        func texts(_ xpath: String) throws -> [String] { try doc.nodes(forXPath: xpath).compactMap(\.stringValue) }
        #expect(try texts("//*[local-name()='FLocat']/@*[local-name()='href']") == [package.fullPath])
        #expect(try texts("//*[local-name()='messageDigest']") == [package.sha256 ?? "?"])
        #expect(try texts("//*[local-name()='object']//*[local-name()='size']") == ["\(package.size ?? -1)"])
        #expect(try texts("//*[local-name()='objectIdentifierValue']") == [u])
        #expect(try texts("//*[local-name()='formatRegistryKey']") == ["fmt/484"])
        #expect(try texts("//*[local-name()='transformFile']/@TRANSFORMALGORITHM") == ["bzip2"])
        #expect(try texts("//*[local-name()='creatingApplicationName']") == ["7z"])
        #expect(try texts("//*[local-name()='eventType']") == ["compression"], "the event not in tuple form is left out")
        #expect(try texts("//*[local-name()='eventOutcomeDetailNote']") == ["Standard Output=\"<b>&</b>\"; "], "escaped, control character dropped")
        #expect(try texts("//*[local-name()='agentName']") == ["Archivematica"])
        #expect(try texts("//*[local-name()='mdWrap']/@MDTYPE") == ["PREMIS:OBJECT", "PREMIS:EVENT", "PREMIS:AGENT"])
    }

    /// The Storage Service makes none for an AIP stored as a directory, nor for an archive
    /// sent without a compression event (ss-cli stores): 404, as it answers.
    @Test func aPackageWithoutACompressionEventHasNone() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let plain = UUID(), name = "aip-\(plain.uuidString.lowercased()).tar"
        try BagFixture.random(at: h.locations.root + "/staging/bag", count: 1, size: 100)
        try BagFixture.archive(h.locations.root + "/staging/bag", as: .tar, to: h.locations.incoming + "/" + name)
        let directory = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let job = try await h.storage.submit { r, c in try await r.store(path: name, from: "incoming", to: "vault", on: c) }
            #expect(try await h.storage.finish(job).state == .succeeded)
            return try await h.storedAIP().uuid
        }
        for id in [plain, directory] {
            let r = try await h.client.get("/api/v2/file/\(id.uuidString.lowercased())/pointer_file/")
            #expect(r.status == 404 && r.text.contains("does not have a pointer file"), "\(r.status) \(r.text)")
        }
        #expect(try await h.client.get("/api/v2/file/\(UUID())/pointer_file/").status == 404)
        #expect(try await h.anonymous.get("/api/v2/file/\(plain.uuidString.lowercased())/pointer_file/").status == 401)
    }
}
