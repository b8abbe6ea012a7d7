import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// `file/<u>/extract_file/?relative_path_to_file=` as Archivematica asks for a METS, and
/// as AtoM checks for a file (HEAD); `ss-cli aip extract` the same; never outside the AIP.
@Suite struct V2ExtractTests {
    @Test func oneFileOfABagIsStreamedAndNothingOutsideIt() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let (aip, name) = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in try await h.storedAIP() }
        let u = aip.uuidString.lowercased()
        let mets = Data("<mets/>\n".utf8)
        for path in ["\(name)/data/metadata/METS.xml", "data/metadata/METS.xml"] {
            let r = try await h.client.get("/api/v2/file/\(u)/extract_file/?relative_path_to_file=\(path)")
            #expect(r.status == 200 && r.body == mets, "\(path): \(r.status) \(r.text)")
            #expect(r.headers["content-disposition"] == "attachment; filename=\"METS.xml\"" && r.headers["content-length"] == "\(mets.count)")
        }
        let head = try await h.client.request("HEAD", "/api/v2/file/\(u)/extract_file/?relative_path_to_file=data/metadata/METS.xml")
        #expect(head.status == 200 && head.body.isEmpty && head.headers["content-length"] == "\(mets.count)")
        // amclient's way: query-string credentials.
        let anonymous = try await h.anonymous.get("/api/v2/file/\(u)/extract_file/?relative_path_to_file=data/metadata/METS.xml&username=\(h.user)&api_key=\(h.key)")
        #expect(anonymous.status == 200 && anonymous.body == mets)

        let refused: [(String, Int, String)] = [
            ("", 400, "relative_path_to_file"), ("data/nothing.xml", 404, "not found in AIP"),
            ("../../vault", 400, "'..' is not allowed"), ("\(name)/../x", 400, "'..' is not allowed"),
            ("/etc/passwd", 400, "absolute paths are not allowed"), ("data", 400, "is not a file"), ("data%00x", 400, "NUL"),
        ]
        for (path, status, message) in refused {
            let r = try await h.client.get("/api/v2/file/\(u)/extract_file/?relative_path_to_file=\(path)")
            #expect(r.status == status && r.text.contains(message), "\(path): \(r.status) \(r.text)")
            #expect(!r.text.contains("root:"), "nothing of /etc/passwd")
        }
        #expect(try await h.client.get("/api/v2/file/\(UUID())/extract_file/?relative_path_to_file=data").status == 404)

        let cli = try runCLI(["aip", "extract", u, "\(name)/data/metadata/METS.xml"], databaseURL: h.db.url)
        #expect(cli.status == 0 && cli.stdout == "<mets/>\n", "\(cli.stderr)")
        let out = h.locations.root + "/METS.copy.xml"
        #expect(try runCLI(["aip", "extract", u, "data/metadata/METS.xml", "--output", out], databaseURL: h.db.url).status == 0)
        #expect(FileManager.default.contents(atPath: out) == mets)
        let again = try runCLI(["aip", "extract", u, "data/metadata/METS.xml", "--output", out], databaseURL: h.db.url)
        #expect(again.status == 65 && again.stderr.contains("cannot create"), "never replaces a file: \(again.stderr)")
        let missing = try runCLI(["aip", "extract", u, "data/none"], databaseURL: h.db.url)
        #expect(missing.status == 66 && missing.stderr.contains("not found in AIP"))
    }

    /// From a compressed AIP (7z with bzip2, as Archivematica makes it, or a zip) the file
    /// is read out of the archive as it is sent, with the same answers as from a directory;
    /// a single file that is no archive has no files inside (501), a pending AIP is 409.
    @Test(arguments: [BagFixture.Archive.sevenZipBzip2, .zip])
    func oneFileOfACompressedAIPIsReadOutOfTheArchive(_ format: BagFixture.Archive) async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let uuid = UUID(), u = uuid.uuidString.lowercased()
        let top = "aip-\(u)", name = top + format.suffix
        let mets = Data("<mets:mets>\(String(repeating: "x", count: 3_000_000))</mets:mets>\n".utf8)
        let staging = h.locations.root + "/staging"
        try BagFixture.make(at: staging + "/" + top, files: ["METS.\(u).xml": mets, "objects/a.bin": BagFixture.randomData(50_000)])
        try BagFixture.archive(staging + "/" + top, as: format, to: h.locations.incoming + "/" + name)
        let plain = UUID(), plainName = "aip-\(plain.uuidString.lowercased()).bin"
        try BagFixture.randomData(5000).write(to: URL(fileURLWithPath: h.locations.incoming + "/" + plainName))
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            for file in [name, plainName] {
                let job = try await h.storage.submit { r, c in try await r.store(path: file, from: "incoming", to: "vault", on: c) }
                #expect(try await h.storage.finish(job).state == .succeeded)
            }
        }
        for path in ["\(top)/data/METS.\(u).xml", "data/METS.\(u).xml"] {
            let r = try await h.client.get("/api/v2/file/\(u)/extract_file/?relative_path_to_file=\(path)")
            #expect(r.status == 200 && r.body == mets, "\(path): \(r.status) \(r.text.prefix(200))")
            #expect(r.headers["content-disposition"] == "attachment; filename=\"METS.\(u).xml\"" && r.headers["content-length"] == "\(mets.count)")
        }
        let head = try await h.client.request("HEAD", "/api/v2/file/\(u)/extract_file/?relative_path_to_file=data/METS.\(u).xml")
        #expect(head.status == 200 && head.body.isEmpty && head.headers["content-length"] == "\(mets.count)")
        let refused: [(String, Int, String)] = [
            ("data/nothing.xml", 404, "not found in AIP"), ("../../vault", 400, "'..' is not allowed"),
            ("\(top)/../x", 400, "'..' is not allowed"), ("/etc/passwd", 400, "absolute paths are not allowed"),
            ("\(top)/data", 400, "is not a file"), ("data%00x", 400, "NUL"),
        ]
        for (path, status, message) in refused {
            let r = try await h.client.get("/api/v2/file/\(u)/extract_file/?relative_path_to_file=\(path)")
            #expect(r.status == status && r.text.contains(message), "\(path): \(r.status) \(r.text)")
        }
        let opaque = try await h.client.get("/api/v2/file/\(plain.uuidString.lowercased())/extract_file/?relative_path_to_file=data/x")
        #expect(opaque.status == 501 && opaque.text.contains("not a bag or an archive of one"), "\(opaque.status) \(opaque.text)")

        let out = h.locations.root + "/METS.out.xml"
        let cli = try runCLI(["aip", "extract", u, "\(top)/data/METS.\(u).xml", "--output", out], databaseURL: h.db.url)
        #expect(cli.status == 0 && FileManager.default.contents(atPath: out) == mets, "\(cli.stderr)")
        let cliMissing = try runCLI(["aip", "extract", u, "data/none"], databaseURL: h.db.url)
        #expect(cliMissing.status == 66 && cliMissing.stderr.contains("not found in AIP"), "\(cliMissing.stderr)")
    }
}
