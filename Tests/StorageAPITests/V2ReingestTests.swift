import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// `POST file/<u>/reingest/` as Archivematica's dashboard and amclient send it: the AIP is
/// checked, what the type needs lands in the pipeline's shared directory at `tmp/<bag>/`,
/// and the pipeline (a real HTTP endpoint, `FakePipeline`) is called back with the
/// credentials given at its registration.
@Suite struct V2ReingestTests {
    struct Setup {
        let h: APIHarness
        let fake: FakePipeline
        let pipeline: String
        let shared: String

        static func make(refuse: Bool = false) async throws -> Setup {
            let h = try await APIHarness.make()
            let shared = h.locations.root + "/am/sharedDirectory"
            try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
            let fake = try FakePipeline(shared: shared, refuse: refuse)
            let pipeline = UUID().uuidString.lowercased()
            try fake.register(pipeline, shared: shared, databaseURL: h.db.url)
            return Setup(h: h, fake: fake, pipeline: pipeline, shared: shared)
        }

        /// An Archivematica-like AIP (METS, objects, metadata, submission documentation),
        /// stored in `vault` as a directory or as `archive`; its UUID and bag name.
        func storedAIP(as archive: BagFixture.Archive? = nil) async throws -> (UUID, String, [String: Data]) {
            let uuid = UUID(), id = uuid.uuidString.lowercased()
            let name = "aip-\(id)"
            let files = ReingestFixture.aip(uuid)
            let bag = try BagFixture.make(at: h.locations.root + "/work-" + id + "/" + name, files: files)
            let source = name + (archive?.suffix ?? "")
            if let archive {
                _ = try BagFixture.archive(bag, as: archive, to: h.locations.incoming + "/" + source)
            } else {
                try FileManager.default.moveItem(atPath: bag, toPath: h.locations.incoming + "/" + name)
            }
            let job = try await h.storage.submit { r, c in try await r.store(path: source, from: "incoming", to: "vault", on: c) }
            let record = try await h.storage.finish(job)
            guard record.state == .succeeded else { throw TestFailure("store failed: \(record.errors.jsonText)") }
            return (uuid, name, files)
        }

        /// A re-ingested version of `aip` as the pipeline leaves it in its shared directory
        /// (`uploadedAIPs/<name>[.7z|.zip…]`): a new METS, changed and new metadata, and a new
        /// derivative of photo.tif; its originals as the pipeline has them (`originals`).
        func reingested(_ aip: UUID, _ name: String, originals: [String: Data], as archive: BagFixture.Archive? = nil) throws -> String {
            let id = aip.uuidString.lowercased()
            let files = ReingestFixture.reingested(aip, originals: originals)
            let work = h.locations.root + "/rework-" + id
            let bag = try BagFixture.make(at: work + "/" + name, files: files)
            let uploaded = shared + "/uploadedAIPs"
            try FileManager.default.createDirectory(atPath: uploaded, withIntermediateDirectories: true)
            guard let archive else {
                try FileManager.default.moveItem(atPath: bag, toPath: uploaded + "/" + name)
                return "uploadedAIPs/" + name
            }
            _ = try BagFixture.archive(bag, as: archive, to: uploaded + "/" + name + archive.suffix)
            return "uploadedAIPs/" + name + archive.suffix
        }

        /// Archivematica's `PUT file/<uuid>/` at the end of the re-ingest.
        func finish(_ aip: UUID, path: String, client: HTTPClient? = nil) async throws -> HTTPResult {
            let cp = try await h.location("processing-\(pipeline.prefix(8))").uuidString.lowercased()
            let vault = try await h.location("vault").uuidString.lowercased()
            let id = aip.uuidString.lowercased()
            let body = #"{"uuid": "\#(id)", "origin_location": "/api/v2/location/\#(cp)/", "origin_path": "\#(path)", "current_location": "/api/v2/location/\#(vault)/", "current_path": "\#((path as NSString).lastPathComponent)", "package_type": "AIP", "size": 1, "reingest": "\#(pipeline)", "origin_pipeline": "/api/v2/pipeline/\#(pipeline)/", "events": [], "agents": []}"#
            return try await (client ?? h.client).request("PUT", "/api/v2/file/\(id)/", body: Data(body.utf8), headers: ["Content-Type": "application/json"])
        }

        /// The stored AIP's files as a bag directory's paths, read out of an archive too.
        func storedFiles(_ aip: UUID) async throws -> [String: Data] {
            let p = try await h.storage.package(aip)
            guard FileSystem.kind(at: p.fullPath) != .directory else { return BagFixture.contents(of: p.fullPath) }
            let out = h.locations.root + "/x-" + UUID().uuidString
            let r = try runProcess("/usr/bin/7z", ["x", "-o" + out, p.fullPath], environment: ProcessInfo.processInfo.environment, timeout: 60)
            guard r.status == 0 else { throw TestFailure("7z x: \(r.stdout)") }
            return BagFixture.contents(of: out + "/" + PackageLayout.bagName(p.name))
        }

        func reingest(_ aip: UUID, _ type: String, config: String? = nil, client: HTTPClient? = nil) async throws -> HTTPResult {
            var body = #"{"pipeline": "\#(pipeline)", "reingest_type": "\#(type)""#
            if let config { body += #", "processing_config": "\#(config)""# }
            return try await (client ?? h.client).post("/api/v2/file/\(aip.uuidString.lowercased())/reingest/", json: body + "}")
        }

        func marked(_ aip: UUID) async throws -> JSONValue? {
            try await h.client.get("/api/v2/file/\(aip.uuidString.lowercased())/").json()["misc_attributes"]?["reingest_pipeline"]
        }

        func temporaries() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: shared)) ?? []).filter { $0.hasPrefix(".ss-tmp-") }
        }
    }

    @Test func aMetadataReingestSendsTheMETSAndMetadataAndCallsThePipelineBack() async throws {
        let s = try await Setup.make()
        defer { s.h.locations.remove() }
        try await withWorkers(s.h.db, handlers: StorageJobs.handlers) { _ in
            let (aip, name, files) = try await s.storedAIP()
            let id = aip.uuidString.lowercased()
            let r = try await s.reingest(aip, "METADATA")
            #expect(r.status == 202 && r.object["error"] == false && r.object["status_code"] == 202, "\(r.status) \(r.text)")
            let answered = try #require(r.object.text("reingest_uuid").flatMap(UUID.init(uuidString:)), "\(r.text)")
            let sent = BagFixture.contents(of: s.shared + "/tmp/" + name)
            #expect(Set(sent.keys) == ["data/METS.\(id).xml", "data/objects/metadata/transfers/t-1/dc.json"], "\(sent.keys.sorted())")
            #expect(sent["data/METS.\(id).xml"] == files["METS.\(id).xml"])
            #expect(s.temporaries().isEmpty)

            // The call back, as the Storage Service makes it.
            let call = try #require(try s.fake.requests().last)
            #expect(call["method"] == "POST" && call["path"] == "/api/ingest/reingest", "\(call)")
            #expect(call.text("authorization") == "ApiKey \(s.fake.user):\(s.fake.key)")
            #expect(call["form"] == ["name": .string(name), "uuid": .string(id)], "\(call)")
            #expect(call.text("content_type") == "application/x-www-form-urlencoded")
            let jobs = try await s.h.db.scalars("SELECT result->>'reingest_uuid' FROM jobs WHERE kind = 'aip.reingest'", as: String.self)
            #expect(jobs == [answered.uuidString.lowercased()])

            // One at a time, as the Storage Service says; cleared, it may be asked again, and
            // the copy left in tmp/ (the same names and bytes) is kept.
            #expect(try await s.marked(aip) == .string(s.pipeline))
            let again = try await s.reingest(aip, "metadata")
            #expect(again.status == 409 && again.object["error"] == true && again.text.contains("already being reingested on \(s.pipeline)"), "\(again.text)")
            let cleared = try await s.h.client.request("PATCH", "/api/v2/file/\(id)/", body: Data(#"{"reingest": null}"#.utf8))
            #expect(cleared.status == 200 || cleared.status == 202 || cleared.status == 204, "\(cleared.status) \(cleared.text)")
            #expect(try await s.marked(aip) == nil)
            let third = try await s.reingest(aip, "metadata")
            #expect(third.status == 202, "\(third.text)")
            #expect(BagFixture.contents(of: s.shared + "/tmp/" + name) == sent)

            // An objects re-ingest goes elsewhere only if tmp/ is free: what is there is never overwritten.
            _ = try await s.h.client.request("PATCH", "/api/v2/file/\(id)/", body: Data(#"{"reingest": null}"#.utf8))
            let objects = try await s.reingest(aip, "objects")
            #expect(objects.status == 500 && objects.text.contains("is not this AIP's copy: nothing is overwritten"), "\(objects.text)")
            #expect(BagFixture.contents(of: s.shared + "/tmp/" + name) == sent)
            #expect(try await s.marked(aip) == nil, "a re-ingest that failed for good is forgotten")
            try FileManager.default.removeItem(atPath: s.shared + "/tmp/" + name)
            let retried = try await s.reingest(aip, "objects")
            #expect(retried.status == 202, "\(retried.text)")
            #expect(Set(BagFixture.contents(of: s.shared + "/tmp/" + name).keys) == [
                "data/METS.\(id).xml", "data/objects/a.txt", "data/objects/deep/photo.tif", "data/objects/deep/photo-\(ReingestFixture.derivative).tif",
                "data/objects/metadata/transfers/t-1/dc.json",
            ])
            _ = files
        }
    }

    @Test func aFullReingestOfASevenZipAIPExtractsTheBagWithItsProcessingConfiguration() async throws {
        let s = try await Setup.make()
        defer { s.h.locations.remove() }
        try await withWorkers(s.h.db, handlers: StorageJobs.handlers) { _ in
            let (aip, name, files) = try await s.storedAIP(as: .sevenZipBzip2)
            let r = try await s.reingest(aip, "FULL", config: "automated")
            #expect(r.status == 202, "\(r.status) \(r.text)")
            let sent = BagFixture.contents(of: s.shared + "/tmp/" + name)
            for (path, data) in files { #expect(sent["data/" + path] == data, "\(path)") }
            #expect(sent["bagit.txt"] != nil && sent["manifest-sha256.txt"] != nil)
            #expect(String(decoding: sent["processingMCP.xml"] ?? Data(), as: UTF8.self).contains("<processingMCP>"))
            let paths = try s.fake.requests().compactMap { $0.text("path") }
            #expect(paths == ["/api/processing-configuration/automated", "/api/transfer/reingest"], "\(paths)")

            // A configuration the pipeline does not have: refused, nothing sent, nothing marked.
            _ = try await s.h.client.request("PATCH", "/api/v2/file/\(aip.uuidString.lowercased())/", body: Data(#"{"reingest": null}"#.utf8))
            try FileManager.default.removeItem(atPath: s.shared + "/tmp/" + name)
            let missing = try await s.reingest(aip, "full", config: "no-such-config")
            #expect(missing.status == 502 && missing.text.contains("answered GET api/processing-configuration/no-such-config with 404"), "\(missing.text)")
            #expect(!FileSystem.exists(s.shared + "/tmp/" + name) && s.temporaries().isEmpty)
            #expect(try await s.marked(aip) == nil)
            // A redirect is not followed: ss fetches nothing the pipeline points it at.
            let redirected = try await s.reingest(aip, "full", config: "redirect")
            #expect(redirected.status == 502 && redirected.text.contains("processing-configuration/redirect with 302"), "\(redirected.text)")
            let fetched = try s.fake.requests().compactMap { $0.text("path") }
            #expect(fetched.filter { $0 == "/api/processing-configuration/automated" }.count == 1, "only the first re-ingest fetched it: \(fetched)")
            #expect(try await s.marked(aip) == nil && !FileSystem.exists(s.shared + "/tmp/" + name))

            // The CLI's way, with amclient's name for a metadata re-ingest.
            let cli = try runCLI(["aip", "reingest", aip.uuidString, "--pipeline", s.pipeline, "--type", "metadata", "--wait"], databaseURL: s.h.db.url)
            #expect(cli.status == 0, "\(cli.stderr)")
            #expect(Set(BagFixture.contents(of: s.shared + "/tmp/" + name).keys) == [
                "data/METS.\(aip.uuidString.lowercased()).xml", "data/objects/metadata/transfers/t-1/dc.json"])
            #expect(ReingestType(word: "METADATA_ONLY") == .metadata && ReingestType(word: "Objects") == .objects)
        }
    }

    @Test func refusalsSayWhyAndLeaveNothingBehind() async throws {
        let s = try await Setup.make(refuse: true)
        defer { s.h.locations.remove() }
        try await withWorkers(s.h.db, handlers: StorageJobs.handlers) { _ in
            let (aip, name, _) = try await s.storedAIP()
            let id = aip.uuidString.lowercased()
            let path = "/api/v2/file/\(id)/reingest/"
            let cases: [(String, Int, String)] = [
                (#"{"reingest_type": "full"}"#, 400, "All of these fields must be provided: pipeline, reingest_type"),
                (#"{"pipeline": "\#(s.pipeline)", "reingest_type": "everything"}"#, 400, "reingest_type must be one of metadata, objects, full"),
                (#"{"pipeline": "\#(UUID())", "reingest_type": "full"}"#, 400, "failed to return a pipeline"),
                (#"{"pipeline": "../pipeline/x", "reingest_type": "full"}"#, 400, "failed to return a pipeline"),
            ]
            for (body, status, message) in cases {
                let r = try await s.h.client.post(path, json: body)
                #expect(r.status == status && r.object["error"] == true && r.text.contains(message), "\(body): \(r.status) \(r.text)")
            }
            let nul = try await s.h.client.post(path, json: #"{"pipeline": "\#(s.pipeline)\u0000", "reingest_type": "full"}"#)
            #expect(nul.status == 400 && nul.text.contains("NUL byte"), "\(nul.text)")
            let unknown = try await s.h.client.post("/api/v2/file/\(UUID())/reingest/", json: #"{"pipeline": "\#(s.pipeline)", "reingest_type": "full"}"#)
            #expect(unknown.status == 404, "\(unknown.text)")

            // A pipeline without a currently-processing location: 412, as the Storage Service says.
            let bare = UUID().uuidString.lowercased()
            #expect(try runCLI(["pipeline", "add", bare], databaseURL: s.h.db.url).status == 0)
            let noCP = try await s.h.client.post(path, json: #"{"pipeline": "\#(bare)", "reingest_type": "full"}"#)
            #expect(noCP.status == 412 && noCP.text.contains("No currently processing Location is associated with pipeline \(bare)"), "\(noCP.text)")

            // The weakest key cannot ask for one.
            let reader = try await s.h.client("reader", scopes: Scopes([.read]))
            #expect(try await s.reingest(aip, "full", client: reader).status == 403)

            // The pipeline refuses: 502 with its message; the copy stays where it was sent, the mark goes.
            let refused = try await s.reingest(aip, "metadata")
            #expect(refused.status == 502 && refused.text.contains("answered POST api/ingest/reingest with 500 (MCPServer is not running)"), "\(refused.text)")
            #expect(try await s.marked(aip) == nil)
            #expect(try s.fake.requests().count == 1)

            // A damaged AIP is not sent: fixity first.
            try FileManager.default.removeItem(atPath: s.shared + "/tmp/" + name)
            let stored = try await s.h.storage.package(aip)
            try Data("changed".utf8).write(to: URL(fileURLWithPath: stored.fullPath + "/data/objects/a.txt"))
            let damaged = try await s.reingest(aip, "metadata")
            #expect(damaged.status == 500 && damaged.text.contains("objects/a.txt"), "\(damaged.text)")
            #expect(!FileSystem.exists(s.shared + "/tmp/" + name) && s.temporaries().isEmpty)
            #expect(try s.fake.requests().count == 1, "the pipeline is not called")
            #expect(try await s.marked(aip) == nil)
            let status = try await s.h.client.get("/api/v2/file/\(id)/").json()["status"]
            #expect(status == "UPLOADED", "the AIP is left as it is")
        }
    }

    /// The merge the Storage Service makes, checked file by file: originals kept, METS and
    /// metadata replaced or added, the old derivative of photo.tif replaced by the new one.
    static func expectMerged(_ stored: [String: Data], from original: [String: Data], _ aip: UUID) {
        let expected = ReingestFixture.merged(original, aip)
        let payload = stored.filter { $0.key.hasPrefix("data/") }
        #expect(payload == expected, "\(Set(payload.keys).symmetricDifference(expected.keys).sorted())")
        let info = String(decoding: stored["bag-info.txt"] ?? Data(), as: UTF8.self)
        #expect(info.contains(ReingestFixture.oxum(expected)), "\(info)")
    }

    @Test func theReingestedVersionUpdatesTheStoredAIPAsTheStorageServiceMergesIt() async throws {
        let s = try await Setup.make()
        defer { s.h.locations.remove() }
        try await withWorkers(s.h.db, handlers: StorageJobs.handlers) { _ in
            let (aip, name, files) = try await s.storedAIP()
            let id = aip.uuidString.lowercased()
            let path = try s.reingested(aip, name, originals: files)

            // Not being re-ingested: refused, nothing touched.
            let early = try await s.finish(aip, path: path)
            #expect(early.status == 409 && early.text.contains("is not being re-ingested on pipeline \(s.pipeline)"), "\(early.status) \(early.text)")
            #expect(try await s.reingest(aip, "metadata").status == 202)
            let before = try await s.h.storage.package(aip)

            let r = try await s.finish(aip, path: path)
            #expect(r.status == 202 && r.object["status"] == "UPLOADED" && r.object["uuid"] == .string(id), "\(r.status) \(r.text)")
            let after = try await s.h.storage.package(aip)
            #expect(after.path == before.path && after.sha256 != before.sha256 && after.status == .stored && after.cleanupPath == nil)
            let report = try PackageVerifier.verify(after.fullPath, side: "test", control: TransferControl())
            #expect(report.sha256 == after.sha256, "a valid bag, and what was recorded")
            Self.expectMerged(try await s.storedFiles(aip), from: files, aip)
            #expect(try await s.marked(aip) == nil, "the re-ingest is over")
            #expect(try await s.h.storage.events(aip).last?.type == "reingested")
            let vault = try FileManager.default.contentsOfDirectory(atPath: s.h.locations.vault)
            #expect(!vault.contains { $0.hasPrefix(".ss-") }, "nothing set aside or temporary is left: \(vault)")
            let mets = try await s.h.client.get("/api/v2/file/\(id)/extract_file/?relative_path_to_file=\(name)/data/METS.\(id).xml")
            #expect(mets.text == "<mets:mets version=\"2\"/>\n")

            // Once is enough: a second PUT finds no re-ingest.
            let again = try await s.finish(aip, path: path)
            #expect(again.status == 409, "\(again.text)")
        }
    }

    /// A replica follows the new version: made again from it, verified, and recorded with
    /// its new SHA-256.
    @Test func replicasAreMadeAgainFromTheNewVersion() async throws {
        let s = try await Setup.make()
        defer { s.h.locations.remove() }
        try await s.h.db.execute("UPDATE locations SET purpose = 'replicator' WHERE name = 'offsite'")
        #expect(try runCLI(["location", "update", "vault", "--replicate-to", "offsite"], databaseURL: s.h.db.url).status == 0)
        try await withWorkers(s.h.db, handlers: StorageJobs.handlers) { _ in
            let (aip, name, files) = try await s.storedAIP()
            let replications = { try await s.h.db.scalars("SELECT id FROM jobs WHERE kind = 'aip.replicate' AND package_uuid = \(aip) ORDER BY id", as: UUID.self) }
            for job in try await replications() { #expect(try await s.h.storage.finish(job).state == .succeeded) }
            let before = try await s.h.storage.package(aip)
            #expect(try await s.reingest(aip, "objects").status == 202)
            let r = try await s.finish(aip, path: try s.reingested(aip, name, originals: files))
            #expect(r.status == 202, "\(r.text)")
            let jobs = try await replications()
            #expect(jobs.count == 2)
            for job in jobs { #expect(try await s.h.storage.finish(job).state == .succeeded) }
            let after = try await s.h.storage.package(aip)
            let copies = try await s.h.db.withConnection { c in try await Copies.list(aip, on: c, logger: s.h.db.logger) }
            #expect(after.sha256 != before.sha256 && copies.count == 1 && copies[0].state == .ok && copies[0].sha256 == after.sha256, "\(copies)")
            #expect(BagFixture.contents(of: copies[0].fullPath) == BagFixture.contents(of: after.fullPath))
        }
    }

    /// A 7z (Archivematica's default) or a zip is written again in its own format.
    @Test(arguments: [BagFixture.Archive.sevenZipBzip2, .zip])
    func aCompressedAIPIsCompressedAgainAndRefusalsTouchNothing(_ format: BagFixture.Archive) async throws {
        let s = try await Setup.make()
        defer { s.h.locations.remove() }
        try await withWorkers(s.h.db, handlers: StorageJobs.handlers) { _ in
            let (aip, name, files) = try await s.storedAIP(as: format)
            let id = aip.uuidString.lowercased()
            #expect(try await s.reingest(aip, "objects").status == 202)
            let before = try await s.h.storage.package(aip)

            // Refused: fields missing, a version not named for the AIP, the weakest key.
            let bare = try await s.h.client.request("PUT", "/api/v2/file/\(id)/", body: Data(#"{"reingest": "x"}"#.utf8))
            #expect(bare.status == 400 && bare.text.contains("origin_location"), "\(bare.text)")
            let other = try s.reingested(UUID(), "aip-\(UUID().uuidString.lowercased())", originals: [:])
            let wrong = try await s.finish(aip, path: other)
            #expect(wrong.status == 400 && wrong.text.contains("is not named for AIP \(id)"), "\(wrong.text)")
            let reader = try await s.h.client("reader", scopes: Scopes([.read]))
            #expect(try await s.finish(aip, path: "uploadedAIPs/x", client: reader).status == 403)
            // A version that is not a valid bag: the job fails, the stored AIP is as it was.
            try FileManager.default.createDirectory(atPath: s.shared + "/uploadedAIPs/" + name, withIntermediateDirectories: true)
            try Data("not a bag".utf8).write(to: URL(fileURLWithPath: s.shared + "/uploadedAIPs/" + name + "/bagit.txt"))
            let broken = try await s.finish(aip, path: "uploadedAIPs/" + name)
            #expect(broken.status == 500 && broken.object["error"] == true && broken.text.contains("bagit.txt has no BagIt-Version"), "\(broken.text)")
            let unchanged = try await s.h.storage.package(aip)
            #expect(unchanged.sha256 == before.sha256 && unchanged.status == .stored && unchanged.name == before.name)
            #expect(try PackageVerifier.verify(unchanged.fullPath, side: "test", control: TransferControl()).sha256 == before.sha256)
            try FileManager.default.removeItem(atPath: s.shared + "/uploadedAIPs/" + name)

            let path = try s.reingested(aip, name, originals: files, as: format)
            let r = try await s.finish(aip, path: path)
            #expect(r.status == 202, "\(r.status) \(r.text)")
            let after = try await s.h.storage.package(aip)
            #expect(after.name == name + format.suffix && after.path == before.path && after.sha256 != before.sha256)
            let tested = try runProcess("/usr/bin/7z", ["t", after.fullPath], environment: ProcessInfo.processInfo.environment, timeout: 60)
            #expect(tested.status == 0, "7-Zip reads what ss wrote: \(tested.stdout)")
            Self.expectMerged(try await s.storedFiles(aip), from: files, aip)
            let fixity = try await s.h.client.get("/api/v2/file/\(id)/check_fixity/")
            #expect(fixity.object["success"] == true, "\(fixity.text)")
            let vault = try FileManager.default.contentsOfDirectory(atPath: s.h.locations.vault)
            #expect(!vault.contains { $0.hasPrefix(".ss-") }, "\(vault)")
        }
    }

    /// What an update finds that is not its own is never taken for its own: a leftover
    /// another update recorded is removed first, and a package at the new path that is not
    /// what this update builds is refused, with nothing changed.
    @Test func anUpdateTakesNothingItDidNotMake() async throws {
        let s = try await Setup.make()
        defer { s.h.locations.remove() }
        try await withWorkers(s.h.db, handlers: StorageJobs.handlers) { _ in
            let (aip, name, files) = try await s.storedAIP()
            let id = aip.uuidString.lowercased()
            #expect(try await s.reingest(aip, "metadata").status == 202)
            let before = try await s.h.storage.package(aip)
            // A leftover of an earlier update whose removal failed for good.
            let leftover = s.h.locations.vault + "/" + PackageLayout.setAsideName(uuid: aip, job: UUID())
            try BagFixture.make(at: leftover, files: ["stale.txt": Data("an older version".utf8)])
            try await s.h.db.execute("UPDATE packages SET cleanup_path = \(leftover), cleanup_job = \(UUID()) WHERE uuid = \(aip)")
            // A package at the path the update would take in vault2 (the AIP's, left by a move).
            let squatter = s.h.locations.vault2 + "/" + before.path
            try BagFixture.make(at: squatter, files: ["other.txt": Data("not this version".utf8)])
            let path = try s.reingested(aip, name, originals: files)
            let vault2 = try await s.h.location("vault2").uuidString.lowercased()
            let cp = try await s.h.location("processing-\(s.pipeline.prefix(8))").uuidString.lowercased()
            let body = #"{"origin_location": "/api/v2/location/\#(cp)/", "origin_path": "\#(path)", "current_location": "/api/v2/location/\#(vault2)/", "reingest": "\#(s.pipeline)"}"#
            let refused = try await s.h.client.request("PUT", "/api/v2/file/\(id)/", body: Data(body.utf8), headers: ["Content-Type": "application/json"])
            #expect(refused.status == 500 && refused.text.contains("is not this re-ingest's version of the AIP"), "\(refused.text)")
            #expect(BagFixture.contents(of: squatter)["data/other.txt"] != nil, "what was there is left")
            #expect(!FileSystem.exists(leftover), "the leftover was removed first")
            let after = try await s.h.storage.package(aip)
            #expect(after.sha256 == before.sha256 && after.status == .stored && after.locationName == "vault" && after.cleanupPath == nil)
            #expect(try PackageVerifier.verify(after.fullPath, side: "test", control: TransferControl()).sha256 == before.sha256)

            // With the path free, the update goes to vault2 and the old version leaves vault.
            try FileManager.default.removeItem(atPath: squatter)
            let moved = try await s.h.client.request("PUT", "/api/v2/file/\(id)/", body: Data(body.utf8), headers: ["Content-Type": "application/json"])
            #expect(moved.status == 202 && moved.object["current_location"] == .string("/api/v2/location/\(vault2)/"), "\(moved.text)")
            #expect(!FileSystem.exists(before.fullPath))
            Self.expectMerged(try await s.storedFiles(aip), from: files, aip)
        }
    }
}
