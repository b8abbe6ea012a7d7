import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// `POST location/<CP>/` as Archivematica copies a transfer into its shared directory
/// before it starts it: a job, answered when it ends; `…/async/` for clients that poll.
@Suite struct V2CopyTests {
    /// A registered pipeline with its shared directory, and a transfer in `incoming`.
    struct Setup {
        let h: APIHarness
        let pipeline: String
        let shared: String
        let cp: String
        let incoming: String
        var uri: String { "/api/v2/pipeline/\(pipeline)/" }

        static func make() async throws -> Setup {
            let h = try await APIHarness.make()
            let pipeline = UUID().uuidString.lowercased()
            let shared = h.locations.root + "/am/sharedDirectory"
            try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
            let added = try runCLI(["pipeline", "add", pipeline, "--shared-path", shared], databaseURL: h.db.url)
            guard added.status == 0 else { throw TestFailure(added.stderr) }
            let files = ["transfer-1/objects/a.txt": "first", "transfer-1/objects/deep/b.bin": String(repeating: "b", count: 300_000),
                         "transfer-1/metadata/x.csv": "id,name\n1,x\n"]
            for (path, text) in files {
                let full = h.locations.incoming + "/" + path
                try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: full))
            }
            return Setup(h: h, pipeline: pipeline, shared: shared, cp: try await h.location("processing-\(pipeline.prefix(8))").uuidString.lowercased(),
                         incoming: try await h.location("incoming").uuidString.lowercased())
        }

        func body(_ files: [(String, String)], origin: String? = nil, pipeline: String? = nil) -> String {
            let list = files.map { #"{"source": "\#($0.0)", "destination": "\#($0.1)"}"# }.joined(separator: ", ")
            return #"{"origin_location": "/api/v2/location/\#(origin ?? incoming)/", "pipeline": "\#(pipeline ?? uri)", "files": [\#(list)]}"#
        }

        func copies() async throws -> Int {
            try await h.db.scalars("SELECT count(*)::int FROM jobs WHERE kind = 'location.copy'", as: Int.self)[0]
        }
    }

    @Test func aTransferIsCopiedIntoTheSharedDirectoryAndNothingIsOverwritten() async throws {
        let s = try await Setup.make()
        defer { s.h.locations.remove() }
        let target = "watchedDirectories/activeTransfers/standardTransfer/transfer-1"
        try await withWorkers(s.h.db, handlers: StorageJobs.handlers) { _ in
            // As Archivematica's client sends it: JSON, waiting for the answer.
            let r = try await s.h.client.post("/api/v2/location/\(s.cp)/", json: s.body([("transfer-1", target)]))
            #expect(r.status == 200 && r.object == ["error": .null, "message": "Files moved successfully"], "\(r.status) \(r.text)")
            #expect(BagFixture.contents(of: s.shared + "/" + target) == BagFixture.contents(of: s.h.locations.incoming + "/transfer-1"), "the same names and bytes")
            #expect(BagFixture.contents(of: s.shared + "/" + target).count == 3)
            #expect(FileSystem.exists(s.h.locations.incoming + "/transfer-1"), "a copy leaves its source")
            #expect(try FileManager.default.contentsOfDirectory(atPath: s.shared).allSatisfy { !$0.hasPrefix(".ss-tmp-") })

            // One file into a directory that does not exist yet, then the same again: refused.
            let single = try await s.h.client.post("/api/v2/location/\(s.cp)/", json: s.body([("transfer-1/metadata/x.csv", "metadata/x.csv")]))
            #expect(single.status == 200, "\(single.text)")
            #expect(FileManager.default.contents(atPath: s.shared + "/metadata/x.csv") == Data("id,name\n1,x\n".utf8))
            try Data("changed by the pipeline".utf8).write(to: URL(fileURLWithPath: s.shared + "/metadata/x.csv"))
            let again = try await s.h.client.post("/api/v2/location/\(s.cp)/", json: s.body([("transfer-1/metadata/x.csv", "metadata/x.csv")]))
            #expect(again.status == 409 && again.text.contains("never overwrites"), "\(again.text)")
            #expect(FileManager.default.contents(atPath: s.shared + "/metadata/x.csv") == Data("changed by the pipeline".utf8))

            let accepted = try await s.h.client.post("/api/v2/location/\(s.cp)/async/", json: s.body([("transfer-1/objects", "later/objects")]))
            #expect(accepted.status == 202, "\(accepted.text)")
            let location = try #require(accepted.headers["location"])
            var task: JSONValue = .null
            try await TestDatabase.eventually("the async copy completes", timeout: .seconds(60)) {
                task = try await s.h.client.get(location).json()
                return task["completed"] == true
            }
            #expect(task["was_error"] == false && task["result"] == "Files moved successfully", "\(task)")
            #expect(FileManager.default.contents(atPath: s.shared + "/later/objects/a.txt") == Data("first".utf8))

            let cli = try runCLI(["location", "copy", "incoming", "transfer-1", "--to", "processing-\(s.pipeline.prefix(8))",
                                  "--as", "cli/transfer-1", "--wait", "--timeout", "60"], databaseURL: s.h.db.url)
            #expect(cli.status == 0, "\(cli.stderr)")
            #expect(BagFixture.contents(of: s.shared + "/cli/transfer-1") == BagFixture.contents(of: s.h.locations.incoming + "/transfer-1"))
        }
    }

    /// What a hostile or confused caller sends: each gets its status and message, and
    /// nothing is enqueued or written.
    @Test func aBadCopyIsRefusedBeforeAnythingIsEnqueued() async throws {
        let s = try await Setup.make()
        defer { s.h.locations.remove() }
        let vault = try await s.h.location("vault").uuidString.lowercased()
        let other = UUID().uuidString.lowercased()
        #expect(try runCLI(["pipeline", "add", other], databaseURL: s.h.db.url).status == 0)
        let cases: [(path: String, body: String, status: Int, message: String)] = [
            (s.cp, s.body([("../vault", "x")]), 400, "escapes location 'incoming'"),
            (s.cp, s.body([("transfer-1", "../../escape")]), 400, "'..' is not allowed"),
            (s.cp, s.body([("transfer-1", "/tmp/escape")]), 400, "absolute paths are not allowed"),
            (s.cp, s.body([("no-such-transfer", "x")]), 404, "no 'no-such-transfer'"),
            (s.cp, s.body([("transfer-1", "x")], origin: vault), 400, "copied from transfer-source or backlog"),
            (vault, s.body([("transfer-1", "x")]), 400, "copied into currently-processing"),
            (s.cp, s.body([("transfer-1", "x")], pipeline: "/api/v2/pipeline/\(other)/"), 400, "does not serve pipeline \(other)"),
            (s.cp, #"{"files": []}"#, 400, "needs 'origin_location', 'pipeline' and 'files'"),
            (s.cp, s.body([]), 400, "at least one file"),
            (s.cp, s.body([("transfer-1", "x")], origin: "not-a-uuid"), 404, "not a link to a valid Location"),
            (UUID().uuidString.lowercased(), s.body([("transfer-1", "x")]), 404, "no location"),
            (s.cp, s.body([("transfer-1\\u0000", "x")]), 400, "NUL"),
        ]
        for c in cases {
            let r = try await s.h.client.post("/api/v2/location/\(c.path)/", json: c.body)
            #expect(r.status == c.status && r.text.contains(c.message), "\(c.body): \(r.status) \(r.text)")
        }
        #expect(try await s.copies() == 0, "nothing enqueued")
        let written = try FileManager.default.contentsOfDirectory(atPath: s.shared)
        #expect(written.isEmpty, "nothing written")
        let reader = try await s.h.client("reader", scopes: Scopes([.read]))
        #expect(try await reader.post("/api/v2/location/\(s.cp)/", json: s.body([("transfer-1", "x")])).status == 403)
    }

    /// A symlink in a transfer is never followed out of the transfer source: the job
    /// fails naming it, and nothing of the copy is left.
    @Test func aSymlinkInATransferFailsTheCopyAndLeavesNothing() async throws {
        let s = try await Setup.make()
        defer { s.h.locations.remove() }
        try FileManager.default.createSymbolicLink(atPath: s.h.locations.incoming + "/transfer-1/objects/passwd", withDestinationPath: "/etc/passwd")
        try await withWorkers(s.h.db, handlers: StorageJobs.handlers) { _ in
            let r = try await s.h.client.post("/api/v2/location/\(s.cp)/", json: s.body([("transfer-1", "t1")]))
            #expect(r.status == 500 && r.object["error"] == true && r.text.contains("objects/passwd") && r.text.contains("symlink"), "\(r.text)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: s.shared)
        #expect(left.isEmpty, "no copy and no temporary: \(left)")
    }
}
