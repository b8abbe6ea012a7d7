import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// A pipeline's whole life against a real `ss-cli serve` and workers, call after call in
/// the order Archivematica makes them (`archivematica-pipeline-calls.md`), with the answers
/// read as its client reads them: registration, its locations, browsing and copying a
/// transfer, storing AIPs (a directory and a 7z) and a DIP, index lookups and filters, the
/// pointer file, METS extraction, a deletion request, the backlog, and a re-ingest whose
/// call back reaches a stand-in of the pipeline's own API (`FakePipeline`).
@Suite struct PipelineReplayTests {
    @Test func aPipelineLivesItsWholeLifeOnSS() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let shared = h.locations.root + "/am/sharedDirectory"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        let fake = try FakePipeline(shared: shared)
        let pipeline = UUID().uuidString.lowercased(), pipelineURI = "/api/v2/pipeline/\(pipeline)/"

        // 1. The installer registers the pipeline with the default locations (an admin key).
        let registered = try await h.client.post("/api/v2/pipeline/", json: #"""
            {"uuid": "\#(pipeline)", "description": "am", "create_default_locations": true, "shared_path": "\#(shared)",
             "remote_name": "\#(fake.remoteName)", "api_username": "\#(fake.user)", "api_key": "\#(fake.key)"}
            """#)
        #expect(registered.status == 201 && registered.object["uuid"] == .string(pipeline), "\(registered.text)")
        #expect(!registered.text.contains(fake.key), "the key is never shown")
        // From here on the pipeline's own key: read,submit.
        let am = try await h.client("archivematica", scopes: Scopes([.read, .submit]))

        // 2. It finds its locations by purpose (a purpose it has none of is an empty list).
        func location(_ purpose: String) async throws -> [JSONValue] {
            try await am.get("/api/v2/location/?pipeline__uuid=\(pipeline)&purpose=\(purpose)").json().list("objects")
        }
        let cp = try #require(try await location("CP").first?.text("uuid"))
        let dipStore = try #require(try await location("DS").first?.text("uuid"))
        let backlog = try #require(try await location("BL").first?.text("uuid"))
        let (recovery, sword) = (try await location("AR"), try await location("SD"))
        #expect(recovery.isEmpty && sword.isEmpty)
        // Its default AIP store, as index_aip.py finds it (a redirect to the location).
        let asDefault = try await am.get("/api/v2/location/default/AS/")
        #expect(asDefault.status == 302, "\(asDefault.status)")
        let aipStore = try #require(asDefault.headers["location"]?.split(separator: "/").last.map(String.init))
        #expect(try await location("AS").compactMap { $0.text("uuid") }.contains(aipStore))

        // 3. A transfer source, browsed in base64 as the transfer tab browses it.
        let sourceDir = h.locations.root + "/transfers"
        let transfer = sourceDir + "/transfer-1"
        for (path, text) in ["objects/a.txt": "a", "objects/b.txt": "bb", "metadata/metadata.csv": "filename\n"] {
            try FileManager.default.createDirectory(atPath: (transfer + "/" + path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: transfer + "/" + path))
        }
        let added = try runCLI(["location", "add", "transfers", "--path", sourceDir, "--purpose", "transfer-source", "--pipeline", pipeline],
                               databaseURL: h.db.url, environment: ["SS_LOCATION_ROOTS": h.locations.root])
        #expect(added.status == 0, "\(added.stderr)")
        let ts = try await h.location("transfers").uuidString.lowercased()
        #expect(try await location("TS").compactMap { $0.text("uuid") }.contains(ts), "the pipeline finds it")
        let top = try await am.get("/api/v2/location/\(ts)/browse/?path=\(Data("".utf8).base64EncodedString())").json()
        #expect(top.list("directories") == [.string(Data("transfer-1".utf8).base64EncodedString())], "\(top)")

        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            // 4. The transfer is copied into the shared directory, the answer held until done.
            let started = "watchedDirectories/activeTransfers/standardTransfer/transfer-1"
            let copied = try await am.post("/api/v2/location/\(cp)/", json: #"""
                {"origin_location": "/api/v2/location/\#(ts)/", "pipeline": "\#(pipelineURI)",
                 "files": [{"source": "transfer-1", "destination": "\#(started)"}]}
                """#)
            #expect(copied.status == 200 && copied.object["message"] == "Files moved successfully", "\(copied.text)")
            #expect(BagFixture.contents(of: shared + "/" + started) == BagFixture.contents(of: transfer))

            // 5. The pipeline makes an AIP (a directory) and a compressed one, and stores both.
            let aip = UUID(), aipID = aip.uuidString.lowercased(), aipName = "transfer-1-\(aipID)"
            let files = ReingestFixture.aip(aip)
            try BagFixture.make(at: shared + "/currentlyProcessing/" + aipName, files: files)
            let packed = UUID(), packedID = packed.uuidString.lowercased(), packedName = "transfer-2-\(packedID)"
            let work = h.locations.root + "/work"
            try BagFixture.make(at: work + "/" + packedName, files: ReingestFixture.aip(packed))
            _ = try BagFixture.archive(work + "/" + packedName, as: .sevenZipBzip2, to: shared + "/currentlyProcessing/" + packedName + ".7z")
            func store(_ uuid: String, _ path: String, to destination: String, type: String, extra: String = "") async throws -> HTTPResult {
                try await am.post("/api/v2/file/", json: #"""
                    {"uuid": "\#(uuid)", "origin_location": "/api/v2/location/\#(cp)/", "origin_path": "\#(path)",
                     "current_location": "\#(destination)", "current_path": "\#((path as NSString).lastPathComponent)", "size": 1,
                     "package_type": "\#(type)", "origin_pipeline": "\#(pipelineURI)"\#(extra)}
                    """#)
            }
            let stored = try await store(aipID, "currentlyProcessing/\(aipName)/", to: "/api/v2/location/default/AS/", type: "AIP")
            #expect(stored.status == 201, "\(stored.status) \(stored.text)")
            let compressed = try await store(packedID, "currentlyProcessing/\(packedName).7z", to: "/api/v2/location/\(aipStore)/", type: "AIP",
                                             extra: #", "events": \#(V2PointerFileTests.events), "agents": \#(V2PointerFileTests.agents)"#)
            #expect(compressed.status == 201, "\(compressed.status) \(compressed.text)")

            // 6. A DIP of the first into DIP storage.
            let dip = UUID().uuidString.lowercased()
            try FileManager.default.createDirectory(atPath: shared + "/uploadDIP/dip-\(dip)/objects", withIntermediateDirectories: true)
            try Data("jpeg".utf8).write(to: URL(fileURLWithPath: shared + "/uploadDIP/dip-\(dip)/objects/a.jpg"))
            let dipStored = try await store(dip, "uploadDIP/dip-\(dip)/", to: "/api/v2/location/\(dipStore)/", type: "DIP",
                                            extra: #", "related_package_uuid": "\#(aipID)""#)
            #expect(dipStored.status == 201 && dipStored.object["package_type"] == "DIP", "\(dipStored.text)")

            // 7. Index lookups, as index_aip.py and the rebuild commands read them.
            let found = try await am.get("/api/v2/file/?uuid=\(aipID)&offset=0").json().list("objects")
            let object = try #require(found.first)
            for key in ["current_full_path", "size", "encrypted", "misc_attributes", "status", "current_path", "origin_pipeline",
                        "replicated_package", "package_type", "related_packages", "uuid", "resource_uri", "current_location"] {
                #expect(object.keys.contains(key), "objects[0] has \(key): \(object.keys.sorted())")
            }
            #expect(object.integer("size") != nil && object["encrypted"] == false && object["status"] == "UPLOADED")
            #expect(object["origin_pipeline"] == .string(pipelineURI) && object["current_location"] == .string("/api/v2/location/\(aipStore)/"))
            #expect(object.text("current_full_path")?.hasSuffix("/" + aipName) == true)
            let mine = try await am.get("/api/v2/file/?package_type__in=AIP,DIP&status__in=UPLOADED,VERIFIED").json().list("objects")
            #expect(Set(mine.compactMap { $0.text("uuid") }) == [aipID, packedID, dip])
            #expect(mine.allSatisfy { $0["origin_pipeline"] == .string(pipelineURI) }, "the rebuild's filter keeps them")
            let dips = try await am.get("/api/v2/file/?package_type=DIP").json().list("objects")
            #expect(dips.compactMap { $0.text("uuid") } == [dip])

            // 8. The pointer file of the 7z, and the METS out of both.
            let pointer = try await am.get("/api/v2/file/\(packedID)/pointer_file/")
            #expect(pointer.status == 200 && pointer.text.contains(packedID) && pointer.text.contains("bzip2"), "\(pointer.status)")
            for (id, name) in [(aipID, aipName), (packedID, packedName)] {
                let mets = try await am.get("/api/v2/file/\(id)/extract_file/?relative_path_to_file=\(name)/data/METS.\(id).xml")
                #expect(mets.status == 200 && mets.text == "<mets:mets/>\n", "\(name): \(mets.status) \(mets.text.prefix(200))")
            }
            #expect(try await am.get("/api/v2/file/\(aipID)/send_callback/post_store/").status == 204)

            // 9. A deletion request, rejected by a second pair of eyes: the AIP stays.
            let asked = try await am.post("/api/v2/file/\(packedID)/delete_aip/", json: #"""
                {"event_reason": "duplicate", "pipeline": "\#(pipeline)", "user_id": 1, "user_email": "a@b"}
                """#)
            #expect(asked.status == 202, "\(asked.text)")
            #expect(try await am.get("/api/v2/file/\(packedID)").json()["status"] == "DEL_REQ")
            let requestID = try #require(asked.object.integer("id"))
            let rejected = try await h.reviewer.post("/api/v2/file/\(packedID)/review_aip_deletion/", json: #"{"event_id": \#(requestID), "decision": "reject"}"#)
            #expect(rejected.status == 200, "\(rejected.text)")
            #expect(try await am.get("/api/v2/file/\(packedID)").json()["status"] == "UPLOADED")

            // 10. A transfer sent to the backlog, and browsed there.
            let backlogged = UUID().uuidString.lowercased()
            let copiedBack = try await am.post("/api/v2/location/\(cp)/", json: #"""
                {"origin_location": "/api/v2/location/\#(ts)/", "pipeline": "\#(pipelineURI)",
                 "files": [{"source": "transfer-1", "destination": "currentlyProcessing/transfer-1-\#(backlogged)"}]}
                """#)
            #expect(copiedBack.status == 200, "\(copiedBack.text)")
            // The METS the pipeline writes into a transfer it sends to the backlog.
            let (fileA, fileB) = (UUID().uuidString.lowercased(), UUID().uuidString.lowercased())
            let transferMETS = shared + "/currentlyProcessing/transfer-1-\(backlogged)/metadata/submissionDocumentation/METS.xml"
            try FileManager.default.createDirectory(atPath: (transferMETS as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(V2ReindexTests.mets(transfer: backlogged, files: [(fileA, "objects/a.txt"), (fileB, "objects/b.txt")]).utf8)
                .write(to: URL(fileURLWithPath: transferMETS))
            let inBacklog = try await store(backlogged, "currentlyProcessing/transfer-1-\(backlogged)/", to: "/api/v2/location/\(backlog)/", type: "transfer")
            #expect(inBacklog.status == 201 && inBacklog.object["package_type"] == "transfer", "\(inBacklog.text)")
            let browsedBacklog = try await am.get("/api/v2/location/\(backlog)/browse/?path=").json()
            #expect(!browsedBacklog.list("entries").isEmpty, "\(browsedBacklog)")
            // Its files are found as the backlog tab looks them up, and a rebuild's reindex/ adds none twice.
            let byTransfer = try await am.get("/api/v2/file/metadata/?sipuuid=\(backlogged)").json()
            let backlogFiles: [JSONValue] = if case .array(let items) = byTransfer { items } else { [] }
            #expect(backlogFiles.count == 2 && backlogFiles.first?["relative_path"] == .string("transfer-1-\(backlogged)/objects/a.txt"), "\(byTransfer)")
            let reindexed = try await am.post("/api/v2/file/\(backlogged)/reindex/", json: "")
            #expect(reindexed.status == 200 && reindexed.object == ["error": false, "message": "Files indexed: 2"], "\(reindexed.text)")

            // 11. A metadata re-ingest: sent to tmp/, the pipeline called back, the new version stored.
            let reingest = try await am.post("/api/v2/file/\(aipID)/reingest/", json: #"{"pipeline": "\#(pipeline)", "reingest_type": "metadata"}"#)
            #expect(reingest.status == 202 && reingest.object.text("reingest_uuid") != nil, "\(reingest.text)")
            #expect(FileManager.default.fileExists(atPath: shared + "/tmp/\(aipName)/data/METS.\(aipID).xml"))
            let call = try #require(try fake.requests().last)
            #expect(call["path"] == "/api/ingest/reingest" && call["form"] == ["name": .string(aipName), "uuid": .string(aipID)], "\(call)")
            let rebuilt = h.locations.root + "/rebuilt/" + aipName
            try BagFixture.make(at: rebuilt, files: ReingestFixture.reingested(aip, originals: files))
            try FileManager.default.createDirectory(atPath: shared + "/currentlyProcessing/reingested", withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: rebuilt, toPath: shared + "/currentlyProcessing/reingested/" + aipName)
            let finished = try await am.request("PUT", "/api/v2/file/\(aipID)/", body: Data(#"""
                {"uuid": "\#(aipID)", "origin_location": "/api/v2/location/\#(cp)/", "origin_path": "currentlyProcessing/reingested/\#(aipName)/",
                 "current_location": "/api/v2/location/\#(aipStore)/", "current_path": "\#(aipName)", "package_type": "AIP", "size": 1,
                 "reingest": "\#(pipeline)", "origin_pipeline": "\#(pipelineURI)", "events": [], "agents": []}
                """#.utf8), headers: ["Content-Type": "application/json"])
            #expect(finished.status == 202 && finished.object["status"] == "UPLOADED", "\(finished.status) \(finished.text)")
            let mets = try await am.get("/api/v2/file/\(aipID)/extract_file/?relative_path_to_file=\(aipName)/data/METS.\(aipID).xml")
            #expect(mets.text == "<mets:mets version=\"2\"/>\n")
            let fixity = try await am.get("/api/v2/file/\(aipID)/check_fixity/")
            #expect(fixity.object["success"] == true, "\(fixity.text)")
            // A failed SIP's clean-up, which Archivematica sends whatever happened.
            let cleared = try await am.request("PATCH", "/api/v2/file/\(aipID)/", body: Data(#"{"reingest": null}"#.utf8))
            #expect(cleared.status == 202, "\(cleared.text)")
        }
    }
}
