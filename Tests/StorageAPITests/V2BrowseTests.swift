import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// `location/<uuid>/browse/` as Archivematica's transfer browser and automation-tools
/// read it (base64 both ways), never outside the location, and `ss-cli location browse`.
@Suite struct V2BrowseTests {
    static func b64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }
    static func plain(_ v: JSONValue) -> String? {
        guard case .string(let s) = v, let d = Data(base64Encoded: s) else { return nil }
        return String(data: d, encoding: .utf8)
    }

    /// A transfer source with files, directories, a hidden file and symlinks in and out.
    static func fill(_ root: String) throws {
        let fm = FileManager.default
        for dir in ["Transfer B/objects/sub", "Zeta", "big"] { try fm.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true) }
        for (path, text) in [("a.txt", "hello"), ("Transfer B/objects/1.tif", "1"), ("Transfer B/objects/2.tif", "22"),
                             ("Transfer B/objects/sub/3.tif", "333"), ("Transfer B/.DS_Store", "x"), (".hidden", "h")] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + path))
        }
        for i in 0...DirectoryListing.countLimit { _ = fm.createFile(atPath: root + "/big/\(i)", contents: nil) }
        try fm.createSymbolicLink(atPath: root + "/out", withDestinationPath: "/etc")
        try fm.createSymbolicLink(atPath: root + "/inner", withDestinationPath: root + "/Transfer B")
    }

    @Test func aDirectoryIsListedAsTheStorageServiceListsIt() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        try Self.fill(h.locations.incoming)
        let incoming = try await h.location("incoming").uuidString.lowercased()

        let top = try await h.client.get("/api/v2/location/\(incoming)/browse/").json()
        #expect(top.keys == ["entries", "directories", "properties"])
        #expect(top.list("entries").compactMap(Self.plain) == ["a.txt", "big", "inner", "out", "Transfer B", "Zeta"], "by name without case, no hidden ones")
        #expect(top.list("directories").compactMap(Self.plain) == ["big", "inner", "Transfer B", "Zeta"], "a symlink out is not a directory here")
        let properties = top["properties"] ?? .null
        #expect(properties[Self.b64("a.txt")] == ["size": 5])
        #expect(properties[Self.b64("Transfer B")] == ["object count": 4], "every file below, hidden ones too, as the Storage Service counts")
        #expect(properties[Self.b64("inner")] == ["object count": 4])
        #expect(properties[Self.b64("Zeta")] == ["object count": 0])
        #expect(properties[Self.b64("big")] == ["object count": "5000+"])
        #expect(properties[Self.b64("out")] == nil, "nothing read outside the location")

        let inside = try await h.client.get("/api/v2/location/\(incoming)/browse/?path=\(Self.b64("Transfer B/objects"))").json()
        #expect(inside.list("entries").compactMap(Self.plain) == ["1.tif", "2.tif", "sub"])
        let absolute = try await h.client.get("/api/v2/location/\(incoming)/browse/?path=\(Self.b64(h.locations.incoming + "/Transfer B/objects/"))").json()
        #expect(absolute == inside, "an absolute path inside the location, as the Storage Service takes it")
        #expect(try await h.client.get("/api/v2/location/\(incoming)/browse/?path=\(Self.b64("inner/objects"))").json() == inside)

        // What a hostile caller with a read key tries: nothing outside, and each with its status.
        let refused: [(String, Int, String)] = [
            (Self.b64("../vault"), 400, "escapes location"), (Self.b64("out"), 400, "escapes location"),
            (Self.b64("Transfer B/../../vault"), 400, "'..' is not allowed"), (Self.b64("/etc"), 400, "absolute paths are not allowed"),
            (Self.b64("missing"), 404, "no 'missing'"), (Self.b64("a.txt"), 400, "not a directory"),
            ("%21%21%21", 400, "base64"), (Self.b64("a\u{0}b"), 400, "NUL"),
        ]
        for (path, status, message) in refused {
            let r = try await h.client.get("/api/v2/location/\(incoming)/browse/?path=\(path)")
            #expect(r.status == status && r.text.contains(message), "\(path): \(r.status) \(r.text)")
            #expect(!r.text.contains("shadow") && !r.text.contains("passwd"))
        }
        #expect(try await h.client.get("/api/v2/location/\(UUID())/browse/").status == 404)
        let pipelineKey = try await h.client("pipeline", scopes: Scopes([.read, .submit]))
        #expect(try await pipelineKey.get("/api/v2/location/\(incoming)/browse/").status == 200, "a pipeline's key browses")

        let cli = try runCLI(["location", "browse", "incoming"], databaseURL: h.db.url)
        #expect(cli.status == 0 && cli.stdout.contains("Transfer B/") && cli.stdout.contains("5000+") && !cli.stdout.contains(".hidden"), "\(cli.stdout)")
        let json = try runCLI(["location", "browse", "incoming", "Transfer B", "--json"], databaseURL: h.db.url)
        #expect(json.stdout.contains(#""name" : "objects""#) && json.stdout.contains(#""object_count" : 3"#), "\(json.stdout)")
        let escape = try runCLI(["location", "browse", "incoming", "out"], databaseURL: h.db.url)
        #expect(escape.status == 65 && escape.stderr.contains("escapes"), "\(escape.stderr)")
    }
}
