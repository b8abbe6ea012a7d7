import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// The file index (`contents/`, `metadata/`), `reindex/`, the `PATCH` that clears a
/// re-ingest, and `download/<chunk>/`, as Archivematica's dashboard and devtools call them.
@Suite struct V2FileIndexTests {
    @Test func theFileIndexIsAddedToListedFoundAndCleared() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let (aip, _) = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in try await h.storedAIP() }
        let u = aip.uuidString.lowercased(), sip = UUID().uuidString.lowercased()
        let empty = try await h.client.get("/api/v2/file/\(u)/contents/").json()
        #expect(empty == ["success": true, "package": .string(u), "files": []])

        let files = #"""
            [{"relative_path": "objects/a.tif", "fileuuid": "f-1", "accessionid": "acc-7", "sipuuid": "\#(sip)", "origin": "am1"},
             {"relative_path": "objects/sub/b.txt", "fileuuid": "f-2", "accessionid": "acc-7", "sipuuid": "\#(sip)", "origin": "am1"}]
            """#
        let put = try await h.client.request("PUT", "/api/v2/file/\(u)/contents/", body: Data(files.utf8), headers: ["Content-Type": "application/json"])
        #expect(put.status == 201 && put.object.text("message") == "2 files created in package \(u)", "\(put.text)")
        let listed = try await h.client.get("/api/v2/file/\(u)/contents/").json().list("files")
        #expect(listed.count == 2 && listed[0] == ["source_id": "f-1", "name": "objects/a.tif", "source_package": .string(sip), "checksum": "",
                                                   "accessionid": "acc-7", "origin": "am1"], "\(listed)")

        let byPath = try await h.client.get("/api/v2/file/metadata/?relative_path=objects/a.tif")
        #expect(byPath.status == 200, "\(byPath.text)")
        #expect(try byPath.json() == [["accessionid": "acc-7", "file_extension": ".tif", "filename": "a.tif", "relative_path": "objects/a.tif",
                                       "fileuuid": "f-1", "origin": "am1", "sipuuid": .string(sip)]])
        for (query, count) in [("fileuuid=f-2", 1), ("sipuuid=\(sip)", 2), ("accessionid=acc-7", 2), ("accessionid=acc-7&fileuuid=f-1", 1)] {
            let found = try await h.client.get("/api/v2/file/metadata/?\(query)").json()
            let n: Int? = if case .array(let items) = found { items.count } else { nil }
            #expect(n == count, "\(query): \(found)")
        }
        #expect(try await h.client.get("/api/v2/file/metadata/?relative_path=none").status == 404)
        let none = try await h.client.get("/api/v2/file/metadata/")
        #expect(none.status == 400 && none.text.contains("No supported query properties"))

        // Bad bodies add nothing.
        for (body, message) in [(#"{"a": 1}"#, "must contain a list"), (#"[{"relative_path": "x"}]"#, "missing key: fileuuid"),
                                (#"[{"relative_path": 1, "fileuuid": "", "accessionid": "", "sipuuid": "", "origin": ""}]"#, "must be a string"),
                                // Too long for its index: refused, rather than failing the insert.
                                (#"[{"relative_path": "\#(String(repeating: "x", count: 3000))", "fileuuid": "", "accessionid": "", "sipuuid": "", "origin": ""}]"#,
                                 "relative_path is longer than 2048 bytes")] {
            let r = try await h.client.request("PUT", "/api/v2/file/\(u)/contents/", body: Data(body.utf8), headers: ["Content-Type": "application/json"])
            #expect(r.status == 400 && r.text.contains(message), "\(body): \(r.text)")
        }
        #expect(try await h.client.get("/api/v2/file/\(u)/contents/").json().list("files").count == 2)
        let nothing = try await h.client.request("PUT", "/api/v2/file/\(u)/contents/", body: Data("[]".utf8), headers: ["Content-Type": "application/json"])
        #expect(nothing.status == 200)
        #expect(try await h.client.request("PUT", "/api/v2/file/\(UUID())/contents/", body: Data(files.utf8), headers: ["Content-Type": "application/json"]).status == 404)

        let deleted = try await h.client.request("DELETE", "/api/v2/file/\(u)/contents/")
        #expect(deleted.status == 204)
        #expect(try await h.client.get("/api/v2/file/\(u)/contents/").json().list("files").isEmpty)
        #expect(try await h.client.get("/api/v2/file/metadata/?sipuuid=\(sip)").status == 404)
        let reader = try await h.client("reader", scopes: Scopes([.read]))
        #expect(try await reader.request("DELETE", "/api/v2/file/\(u)/contents/").status == 403)
    }

    @Test func reindexPatchAndChunkedDownloadAnswerAsTheStorageServiceDoes() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let (aip, _) = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in try await h.storedAIP() }
        let u = aip.uuidString.lowercased()
        let reindex = try await h.client.post("/api/v2/file/\(u)/reindex/", json: "{}")
        #expect(reindex.status == 400 && reindex.object == ["error": true, "message": "This package is not a transfer."], "\(reindex.text)")
        #expect(try await h.client.post("/api/v2/file/\(UUID())/reindex/", json: "{}").status == 404)

        try await h.db.execute("UPDATE packages SET misc_attributes = '{\"reingest_pipeline\": \"p\", \"kept\": 1}' WHERE uuid = \(aip)")
        let patched = try await h.client.request("PATCH", "/api/v2/file/\(u)/", body: Data(#"{"reingest": null}"#.utf8), headers: ["Content-Type": "application/json"])
        #expect(patched.status == 202 && patched.object["misc_attributes"] == ["kept": 1] && patched.object.text("uuid") == u, "\(patched.text)")
        for body in [#"{"reingest": "a-pipeline"}"#, #"{"status": "DELETED"}"#, "[]"] {
            let r = try await h.client.request("PATCH", "/api/v2/file/\(u)/", body: Data(body.utf8), headers: ["Content-Type": "application/json"])
            #expect(r.status == 400, "\(body): \(r.text)")
        }
        #expect(try await h.storage.package(aip).status == .stored)
        #expect(try await h.client.request("PATCH", "/api/v2/file/\(UUID())/", body: Data(#"{"reingest": null}"#.utf8)).status == 404)

        let whole = try await h.client.get("/api/v2/file/\(u)/download/")
        let chunk = try await h.client.get("/api/v2/file/\(u)/download/1/")
        #expect(whole.status == 200 && chunk.status == 200 && chunk.body == whole.body, "a package not in chunks is served whole")
        #expect(try await h.client.request("HEAD", "/api/v2/file/\(u)/download/0/").status == 200)
        #expect(try await h.client.get("/api/v2/file/\(u)/download/abc/").status == 400)
    }
}
