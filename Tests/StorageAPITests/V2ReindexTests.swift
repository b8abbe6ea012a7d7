import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// A backlogged transfer's file index, made from its METS as it is stored and again by
/// `reindex/` (the pipeline's backlog rebuild), in the Storage Service's shape; every
/// METS that cannot be read refused with the reason, adding nothing and failing no store.
@Suite struct V2ReindexTests {
    /// A transfer METS as Archivematica writes it: a dashboard agent, an accession number,
    /// one amdSec per file (with a "name cleanup" event for `renamed`), a fileSec, the
    /// physical structMap and the logical one that names no files.
    static func mets(transfer: String, files: [(uuid: String, path: String)], renamed: [String: String] = [:],
                     header: String? = nil, extra: String = "", structMap: String? = nil) -> String {
        let amdSecs = files.enumerated().map { i, f in
            let cleanup = renamed[f.uuid].map { new in
                """
                <mets:digiprovMD ID="digiprovMD_\(i)"><mets:mdWrap MDTYPE="PREMIS:EVENT"><mets:xmlData>
                  <premis:event><premis:eventType>name cleanup</premis:eventType>
                    <premis:eventOutcomeInformation><premis:eventOutcomeDetail><premis:eventOutcomeDetailNote>Original name="%transferDirectory%\(f.path)"; cleaned up name="%transferDirectory%\(new)"</premis:eventOutcomeDetailNote></premis:eventOutcomeDetail></premis:eventOutcomeInformation>
                  </premis:event></mets:xmlData></mets:mdWrap></mets:digiprovMD>
                """
            } ?? ""
            return #"<mets:amdSec ID="amdSec_\#(i)"><mets:techMD ID="techMD_\#(i)"/>\#(cleanup)</mets:amdSec>"#
        }.joined(separator: "\n")
        // Hrefs URL-encoded as metsrw writes them (`quote_plus`, `/` kept).
        let fileSec = files.enumerated().map { i, f in
            let href = f.path.addingPercentEncoding(withAllowedCharacters: .init(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/ "))!
                .replacingOccurrences(of: " ", with: "+")
            return #"<mets:file ID="file-\#(f.uuid)" GROUPID="Group-\#(f.uuid)" ADMID="amdSec_\#(i)"><mets:FLocat xlink:href="\#(href)" LOCTYPE="OTHER" OTHERLOCTYPE="SYSTEM"/></mets:file>"#
        }.joined(separator: "\n")
        // Only an Item's first fptr names its file.
        let pointers = files.map { #"<mets:div TYPE="Item" LABEL="x"><mets:fptr FILEID="file-\#($0.uuid)"/><mets:fptr FILEID="file-not-in-the-structmap"/></mets:div>"# }
            .joined(separator: "\n")
        let normative = files.map { _ in #"<mets:div TYPE="Item" LABEL="x"/>"# }.joined()
        return """
            <?xml version='1.0' encoding='UTF-8'?>
            <mets:mets xmlns:mets="http://www.loc.gov/METS/" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:premis="http://www.loc.gov/premis/v3" OBJID="\(transfer)">
            \(header ?? """
              <mets:metsHdr CREATEDATE="2026-11-30T10:00:00">
                <mets:agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE"><mets:name>dash-board-1</mets:name><mets:note>Archivematica dashboard UUID</mets:note></mets:agent>
                <mets:altRecordID TYPE="Accession number">2026-07</mets:altRecordID>
              </mets:metsHdr>
              """)
            \(amdSecs)
            <mets:fileSec><mets:fileGrp USE="original">\(fileSec)
              <mets:file ID="file-not-in-the-structmap" ADMID=""><mets:FLocat xlink:href="objects/ignored.txt"/></mets:file>
            </mets:fileGrp></mets:fileSec>
            \(structMap ?? #"<mets:structMap TYPE="physical" LABEL="Archivematica default"><mets:div TYPE="Directory" LABEL="objects">\#(pointers)\#(extra)</mets:div></mets:structMap>"#)
            <mets:structMap TYPE="logical" LABEL="Normative Directory Structure"><mets:div TYPE="Directory" LABEL="objects">\(normative)</mets:div></mets:structMap>
            \(structMap == nil ? #"<mets:structMap TYPE="physical" LABEL="a second one, which metsrw never reads"><mets:div TYPE="Item"><mets:fptr FILEID="file-not-in-the-structmap"/></mets:div></mets:structMap>"# : "")
            </mets:mets>
            """
    }

    struct Setting: Sendable {
        let h: APIHarness
        let incoming: UUID
        let backlog: UUID

        /// A transfer stored into the backlog with these files (relative to it, or to its
        /// payload in a bag), through
        /// `POST file/` as Archivematica sends it; its UUID and its directory there.
        func transfer(_ files: [String: Data], bag: Bool = false) async throws -> (uuid: UUID, path: String) {
            let uuid = UUID(), name = "transfer-\(uuid.uuidString.lowercased())"
            if bag {
                try BagFixture.make(at: h.locations.incoming + "/" + name, files: files)
            } else {
                for (path, data) in files { try write(data, h.locations.incoming + "/" + name + "/" + path) }
            }
            let stored = try await h.client.post("/api/v2/file/", json: V2DIPTests.body(uuid, name, origin: incoming, to: backlog, type: "transfer"))
            #expect(stored.status == 201, "\(stored.text)")
            return (uuid, try await h.storage.package(uuid).fullPath)
        }

        func reindex(_ uuid: UUID, as client: HTTPClient? = nil) async throws -> (status: Int, body: JSONValue) {
            let r = try await (client ?? h.client).post("/api/v2/file/\(uuid.uuidString.lowercased())/reindex/", json: "")
            return (r.status, (try? r.json()) ?? .string(r.text))
        }

        func indexed(_ uuid: UUID) async throws -> [JSONValue] {
            try await h.client.get("/api/v2/file/\(uuid.uuidString.lowercased())/contents/").json().list("files")
        }
    }

    static func withSetting(_ body: @escaping @Sendable (Setting) async throws -> Void) async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let backlogPath = h.locations.root + "/backlog"
        try FileManager.default.createDirectory(atPath: backlogPath, withIntermediateDirectories: true)
        try await h.db.withConnection { c in _ = try await Locations.add(name: "backlog", path: backlogPath, purpose: .backlog, on: c, logger: h.db.logger) }
        let setting = Setting(h: h, incoming: try await h.location("incoming"), backlog: try await h.location("backlog"))
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in try await body(setting) }
    }

    @Test func aBackloggedTransferIsIndexedFromItsMETSOnceHoweverOftenItIsAsked() async throws {
        try await Self.withSetting { s in
            let transferID = UUID().uuidString.lowercased()
            let (a, b, c) = (UUID().uuidString.lowercased(), UUID().uuidString.lowercased(), UUID().uuidString.lowercased())
            let mets = Self.mets(transfer: transferID, files: [(a, "objects/a b.txt"), (b, "objects/sub/b.tif"), (c, "objects/report (1)+c.txt")],
                                 renamed: [a: "objects/a_b.txt"])
            let plain = try await s.transfer(["objects/a_b.txt": Data("a".utf8), "objects/sub/b.tif": Data("b".utf8), "objects/report (1)+c.txt": Data("c".utf8),
                                              "metadata/submissionDocumentation/METS.xml": Data(mets.utf8)])
            let base = (plain.path as NSString).lastPathComponent
            // Indexed as it is stored, as the Storage Service's backlog_transfer does;
            // reindex/ then finds every file there already.
            #expect(try await s.indexed(plain.uuid).count == 3)
            let first = try await s.reindex(plain.uuid)
            #expect(first.status == 200 && first.body == ["error": false, "message": "Files indexed: 3"], "\(first)")
            let files = try await s.indexed(plain.uuid)
            #expect(files.compactMap { $0.text("name") } == ["\(base)/objects/a_b.txt", "\(base)/objects/sub/b.tif", "\(base)/objects/report (1)+c.txt"], "\(files)")
            #expect(files.first == ["source_id": .string(a), "name": .string("\(base)/objects/a_b.txt"), "source_package": .string(transferID),
                                    "checksum": "", "accessionid": "2026-07", "origin": "dash-board-1"])
            let found = try await s.h.client.get("/api/v2/file/metadata/?fileuuid=\(b)").json()
            #expect(found == [["accessionid": "2026-07", "file_extension": ".tif", "filename": "b.tif", "relative_path": .string("\(base)/objects/sub/b.tif"),
                               "fileuuid": .string(b), "origin": "dash-board-1", "sipuuid": .string(transferID)]])

            // Asked again (a rebuild run twice), nothing is added twice; what the pipeline
            // added itself is kept and counted.
            let extra = #"[{"relative_path": "x/extra.txt", "fileuuid": "f-9", "accessionid": "", "sipuuid": "", "origin": ""}]"#
            #expect(try await s.h.client.request("PUT", "/api/v2/file/\(plain.uuid.uuidString.lowercased())/contents/", body: Data(extra.utf8),
                                                   headers: ["Content-Type": "application/json"]).status == 201)
            let again = try await s.reindex(plain.uuid)
            #expect(again.body == ["error": false, "message": "Files indexed: 4"], "\(again)")
            let cli = try runCLI(["aip", "reindex", plain.uuid.uuidString], databaseURL: s.h.db.url)
            #expect(cli.status == 0 && cli.stdout == "Files indexed: 4\n", "\(cli.stdout) \(cli.stderr)")

            // A bag: the METS and the files below data/.
            let bagged = try await s.transfer(["objects/c.txt": Data("c".utf8),
                                               "metadata/submissionDocumentation/METS.xml": Data(Self.mets(transfer: transferID, files: [(c, "objects/c.txt")]).utf8)],
                                              bag: true)
            #expect(try await s.reindex(bagged.uuid).body == ["error": false, "message": "Files indexed: 1"])
            let bagBase = (bagged.path as NSString).lastPathComponent
            #expect(try await s.indexed(bagged.uuid).compactMap { $0.text("name") } == ["\(bagBase)/data/objects/c.txt"])
        }
    }

    @Test func aMETSThatCannotBeReadIsRefusedWithTheReasonAndAddsNothing() async throws {
        try await Self.withSetting { s in
            let f = UUID().uuidString.lowercased()
            let good = Self.mets(transfer: UUID().uuidString.lowercased(), files: [(f, "objects/a.txt")])
            var laughs = "<?xml version='1.0'?><!DOCTYPE mets:mets [<!ENTITY a0 'lollollollollollollollollollol'>"
            for i in 1...12 { laughs += "<!ENTITY a\(i) '" + String(repeating: "&a\(i - 1);", count: 10) + "'>" }
            laughs += #"]><mets:mets xmlns:mets="http://www.loc.gov/METS/" OBJID="&a12;"/>"#
            let cases: [(String, String?, String)] = [
                ("no METS", nil, "has no such file"),
                ("cut short", String(good.prefix(good.count / 2)), "not well-formed XML"),
                ("a billion laughs", laughs, "it has a DOCTYPE"),
                ("an element of many attributes", "<?xml version='1.0'?><mets:mets xmlns:mets=\"http://www.loc.gov/METS/\" "
                    + (0..<1100).map { "a\($0)='x'" }.joined(separator: " ") + "/>", "more than 1024 attributes"),
                ("nesting without end", "<?xml version='1.0'?><mets:mets xmlns:mets=\"http://www.loc.gov/METS/\" OBJID='t'>"
                    + String(repeating: "<mets:div>", count: 300) + String(repeating: "</mets:div>", count: 300) + "</mets:mets>", "more than 256 deep"),
                ("no physical structMap", Self.mets(transfer: "t", files: [(f, "objects/a.txt")], structMap: ""), "No physical structMap found."),
                ("a path too long to index", Self.mets(transfer: "t", files: [(f, "objects/" + String(repeating: "x", count: 3000))]),
                 "relative_path is longer than 2048 bytes"),
                ("no OBJID", good.replacingOccurrences(of: "OBJID=", with: "LABEL="), "<mets> element did not have an OBJID attribute!"),
                ("no header", Self.mets(transfer: "t", files: [(f, "objects/a.txt")], header: ""), "<metsHdr> element not found in METS file!"),
                ("no dashboard", good.replacingOccurrences(of: "Archivematica dashboard UUID", with: "someone"), "No <agent> element found!"),
                ("a pointer to no file", Self.mets(transfer: "t", files: [(f, "objects/a.txt")], extra: #"<mets:fptr FILEID="file-gone"/>"#),
                 "file-gone exists in structMap but not fileSec"),
                ("not XML", "\u{0}\u{1}PK", "not well-formed XML"),
            ]
            for (what, mets, message) in cases {
                var files = ["objects/a.txt": Data("a".utf8)]
                if let mets { files["metadata/submissionDocumentation/METS.xml"] = Data(mets.utf8) }
                let transfer = try await s.transfer(files)
                let started = ContinuousClock.now
                let r = try await s.reindex(transfer.uuid)
                #expect(r.status == 500 && r.body.text("message")?.contains(message) == true && r.body["error"] == true, "\(what): \(r)")
                #expect(ContinuousClock.now - started < .seconds(10), "\(what) is refused at once")
                #expect(try await s.indexed(transfer.uuid).isEmpty, "\(what) adds nothing")
                #expect(try await s.h.storage.package(transfer.uuid).status == .stored)
            }

            // An external entity is never read: its DOCTYPE is refused first.
            let entity = good.replacingOccurrences(of: "<?xml version='1.0' encoding='UTF-8'?>",
                                                   with: "<?xml version='1.0'?><!DOCTYPE mets:mets [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>")
                .replacingOccurrences(of: ">2026-07<", with: ">&x;<")
            let external = try await s.transfer(["metadata/submissionDocumentation/METS.xml": Data(entity.utf8)])
            let read = try await s.reindex(external.uuid)
            #expect(read.status == 500 && read.body.text("message")?.contains("DOCTYPE") == true && !"\(read.body)".contains("root:"), "\(read)")
            #expect(try await s.indexed(external.uuid).isEmpty)

            // What libxml2 only warns of (a relative namespace URI in embedded metadata) is
            // read, as lxml reads it.
            let warned = good.replacingOccurrences(of: "<mets:techMD ID=\"techMD_0\"/>", with: "<mets:techMD ID=\"techMD_0\"><x:y xmlns:x=\"relative/uri\"/></mets:techMD>")
            let outside = try await s.transfer(["metadata/submissionDocumentation/METS.xml": Data(warned.utf8)])
            let readWarned = try await s.reindex(outside.uuid)
            #expect(readWarned.status == 200 && readWarned.body == ["error": false, "message": "Files indexed: 1"], "\(readWarned)")

            // A METS that is a symlink to a file outside is not followed.
            let linked = try await s.transfer(["objects/a.txt": Data("a".utf8)])
            try FileManager.default.createDirectory(atPath: linked.path + "/metadata/submissionDocumentation", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: linked.path + "/metadata/submissionDocumentation/METS.xml", withDestinationPath: "/etc/passwd")
            let followed = try await s.reindex(linked.uuid)
            #expect(followed.status == 400 && followed.body["error"] == true && followed.body.text("message")?.contains("a symlink leads outside it") == true, "\(followed)")
            #expect(try await s.indexed(linked.uuid).isEmpty)

            // Not a transfer, or a key that may only read.
            let aip = try await s.h.storedAIP().uuid
            #expect(try await s.reindex(aip).body == ["error": true, "message": "This package is not a transfer."])
            let reader = try await s.h.client("reader", scopes: Scopes([.read]))
            #expect(try await s.reindex(outside.uuid, as: reader).status == 403)
            let cli = try runCLI(["aip", "reindex", aip.uuidString], databaseURL: s.h.db.url)
            #expect(cli.status == 65 && cli.stderr.contains("This package is not a transfer."), "\(cli.stderr)")
        }
    }

    /// A transfer of 20,000 files, indexed twice: the second adds nothing and is not
    /// slower by the square of the files already there.
    @Test func aLargeTransferIsIndexedInOneStatement() async throws {
        try await Self.withSetting { s in
            let files = (0..<20_000).map { (UUID().uuidString.lowercased(), "objects/d\($0 % 100)/f\($0).txt") }
            let mets = Self.mets(transfer: UUID().uuidString.lowercased(), files: files)
            let transfer = try await s.transfer(["metadata/submissionDocumentation/METS.xml": Data(mets.utf8)])
            for _ in 0..<2 {
                let r = try await s.reindex(transfer.uuid)
                #expect(r.body == ["error": false, "message": "Files indexed: 20000"], "\(r)")
            }
        }
    }
}

private func write(_ data: Data, _ path: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try data.write(to: URL(fileURLWithPath: path))
}
