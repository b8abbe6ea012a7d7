import Foundation
import QueueKit
import StorageTesting
import Testing
@testable import StorageKit

/// Compressed AIPs are bags too: made by the real tools (7z, tar), read through
/// libarchive, validated file by file without being extracted.
@Suite struct CompressedAIPTests {
    /// A bag in its own directory under `parent`, named as Archivematica names AIPs.
    func bag(in parent: String, files: [String: Data]? = nil) throws -> String {
        let root = parent + "/aip-\(UUID().uuidString.lowercased())"
        if let files { try BagFixture.make(at: root, files: files) } else { try BagFixture.random(at: root, count: 4, size: 30_000) }
        return root
    }

    func problems(_ file: String) throws -> [String] {
        try ArchivedBag.problems(file, side: "test", control: TransferControl()).map(\.message)
    }

    @Test(arguments: BagFixture.Archive.allCases)
    func everyFormatArchivematicaMakesIsReadAsABag(_ format: BagFixture.Archive) throws {
        let dir = try TestLocations.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = try bag(in: dir)
        #expect(try problems(BagFixture.archive(good, as: format, to: dir + "/good" + format.suffix)) == [])

        let rotten = try bag(in: dir, files: ["objects/a.bin": BagFixture.randomData(20_000), "objects/b.bin": Data("original".utf8)])
        try Data("bitrot!!".utf8).write(to: URL(fileURLWithPath: rotten + "/data/objects/b.bin"))
        let found = try problems(BagFixture.archive(rotten, as: format, to: dir + "/rotten" + format.suffix))
        #expect(found.count == 1 && found[0].hasPrefix("data/objects/b.bin: sha256 is"), "\(found)")
    }

    @Test func anArchiveThatHoldsNoSingleBagIsRefusedWithTheReason() throws {
        let dir = try TestLocations.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try bag(in: dir + "/two"), b = try bag(in: dir + "/two")
        _ = (a, b)
        let two = try BagFixture.archive(dir + "/two", as: .tar, to: dir + "/two.tar")
        // The archive's one directory is `two`, and it holds bags rather than being one.
        #expect(throws: BagInvalid.self) { try problems(two) }

        let good = try BagFixture.archive(try bag(in: dir), as: .sevenZipBzip2, to: dir + "/whole.7z")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: dir + "/truncated.7z"))
        try BagFixture.randomData(5000).write(to: URL(fileURLWithPath: dir + "/noise.7z"))
        for broken in ["truncated.7z", "noise.7z"] {
            #expect {
                try ArchivedBag.validate(dir + "/" + broken, side: "source", control: TransferControl())
            } throws: { error in
                "\(error)".contains("\(broken) cannot be read as an archive")
            }
        }
    }

    /// Names that every extractor writes into the bag although validation would not see
    /// them there (`aip/./data/a` over `aip/data/a`, `aip//data/extra`), a `..` hidden
    /// behind a combining mark (one Character with the `/`), a name that is not UTF-8, and
    /// a sparse file whose holes would read as nothing: each is named, none is passed.
    @Test func namesThatUnpackElsewhereAndSparseFilesAreRefused() throws {
        let dir = try TestLocations.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let root = try bag(in: dir, files: ["a": Data("good".utf8)])
        let name = (root as NSString).lastPathComponent
        let script = #"""
            import sys, tarfile, io, os
            root, name, out = sys.argv[1:4]
            with tarfile.open(out, "w", format=tarfile.GNU_FORMAT, encoding="utf-8", errors="surrogateescape") as t:
                t.add(root, arcname=name)
                for arc, data in [(name + "/./data/a", b"EVIL"), (name + "//data/extra", b"x"),
                                  (name + "/data/../\u0301x", b"y"), (name + "/data/" + os.fsdecode(b"\xff"), b"z")]:
                    info = tarfile.TarInfo(arc)
                    info.size = len(data)
                    t.addfile(info, io.BytesIO(data))
            """#
        let made = try runProcess("/usr/bin/python3", ["-c", script, root, name, dir + "/shadow.tar"], environment: [:], timeout: 30)
        #expect(made.status == 0, "\(made.stderr)")
        let found = try problems(dir + "/shadow.tar")
        #expect(found.filter { $0.contains("a name with an empty, '.' or '..' part") }.count == 2, "\(found)")
        #expect(found.contains { $0.contains("a path that leaves the archive") }, "\(found)")
        #expect(found.contains { $0.contains("a name that is not UTF-8") }, "\(found)")

        // The payload file only under `/\u{301}data/`: a Character-wise strip of the bag's
        // directory took the mark with the `/`, and found `data/a` where no extractor puts it.
        let marked = #"""
            import sys, tarfile, io, os
            root, name, out = sys.argv[1:4]
            with tarfile.open(out, "w", format=tarfile.GNU_FORMAT) as t:
                t.add(root, arcname=name, filter=lambda i: None if i.name.endswith("/data/a") else i)
                for arc in [name + "/\u0301data/a", name + "/data/\u0301extra"]:
                    info = tarfile.TarInfo(arc)
                    info.size = 4
                    t.addfile(info, io.BytesIO(b"good"))
            """#
        let madeMarked = try runProcess("/usr/bin/python3", ["-c", marked, root, name, dir + "/marked.tar"], environment: [:], timeout: 30)
        #expect(madeMarked.status == 0, "\(madeMarked.stderr)")
        let missing = try problems(dir + "/marked.tar")
        #expect(missing.contains { $0.hasPrefix("data/a: listed in manifest-sha256.txt but missing") }, "\(missing)")
        #expect(missing.contains { $0.hasPrefix("data/\u{301}extra: not listed in manifest-sha256.txt") }, "payload whatever its first Character: \(missing)")

        let sparse = dir + "/sparse/" + name
        try BagFixture.make(at: sparse, files: ["holes.bin": Data()])
        #expect(truncate(sparse + "/data/holes.bin", 64 << 20) == 0)
        let tar = try runProcess("/bin/tar", ["-C", dir + "/sparse", "--sparse", "-cf", dir + "/sparse.tar", name], environment: [:], timeout: 60)
        #expect(tar.status == 0, "\(tar.stderr)")
        let holes = try problems(dir + "/sparse.tar")
        #expect(holes.contains { $0.contains("data/holes.bin: a sparse file") }, "\(holes)")
    }

    /// Entries a bag directory could not have, made with Python's tarfile (tar refuses
    /// to write some of them): a link, a path out of the archive, a name twice.
    @Test func linksAndEscapingPathsInsideAnArchiveAreNamed() throws {
        let dir = try TestLocations.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let root = try bag(in: dir, files: ["a.txt": Data("a".utf8)])
        let name = (root as NSString).lastPathComponent
        let script = """
            import sys, tarfile, io
            root, name, out = sys.argv[1:4]
            with tarfile.open(out, "w") as t:
                t.add(root, arcname=name)
                link = tarfile.TarInfo(name + "/data/link"); link.type = tarfile.SYMTYPE; link.linkname = "/etc/passwd"; t.addfile(link)
                evil = tarfile.TarInfo("../evil.txt"); evil.size = 1; t.addfile(evil, io.BytesIO(b"x"))
                again = tarfile.TarInfo(name + "/data/a.txt"); again.size = 1; t.addfile(again, io.BytesIO(b"b"))
            """
        let made = try runProcess("/usr/bin/python3", ["-c", script, root, name, dir + "/odd.tar"], environment: [:], timeout: 30)
        #expect(made.status == 0, "\(made.stderr)")
        let found = try problems(dir + "/odd.tar")
        #expect(found.contains { $0.contains("data/link: a symlink") }, "\(found)")
        #expect(found.contains { $0.contains("../evil.txt: a path that leaves the archive") }, "\(found)")
        #expect(found.contains { $0.contains("data/a.txt: in the archive twice") }, "\(found)")
    }

    /// An MD5 manifest met after the files it lists (tar keeps the order it is given):
    /// the files are read a second time for the digest the first pass did not compute.
    @Test func aManifestAfterItsFilesIsStillChecked() throws {
        let dir = try TestLocations.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let root = dir + "/aip"
        try BagFixture.make(at: root, files: ["late.txt": Data("listed later".utf8)], algorithm: "md5")
        let ordered = ["aip/data/late.txt", "aip/bagit.txt", "aip/bag-info.txt", "aip/manifest-md5.txt", "aip/tagmanifest-md5.txt"]
        let tar = try runProcess("/bin/tar", ["-C", dir, "-cf", dir + "/late.tar"] + ordered, environment: [:], timeout: 30)
        #expect(tar.status == 0, "\(tar.stderr)")
        #expect(try problems(dir + "/late.tar") == [])
        try Data("changed text".utf8).write(to: URL(fileURLWithPath: root + "/data/late.txt"))
        _ = try runProcess("/bin/tar", ["-C", dir, "-cf", dir + "/late2.tar"] + ordered, environment: [:], timeout: 30)
        let found = try problems(dir + "/late2.tar")
        #expect(found.count == 1 && found[0].hasPrefix("data/late.txt: md5 is"), "\(found)")
    }

    /// A file outside the bag's payload, at a name Archivematica's request also fits
    /// (`aip/aip/data/METS.xml` beside `aip/data/METS.xml`): no manifest covers it, so it
    /// is never what `extract_file` serves.
    @Test func onlyTheValidatedEntryIsExtracted() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let uuid = UUID(), top = "aip-\(uuid.uuidString.lowercased())"
        let staging = h.locations.root + "/staging"
        try BagFixture.make(at: staging + "/" + top, files: ["METS.xml": Data("real".utf8)])
        try FileManager.default.createDirectory(atPath: staging + "/" + top + "/" + top + "/data", withIntermediateDirectories: true)
        try Data("FORGED".utf8).write(to: URL(fileURLWithPath: staging + "/" + top + "/" + top + "/data/METS.xml"))
        try BagFixture.archive(staging + "/" + top, as: .tar, to: h.locations.incoming + "/" + top + ".tar")
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let job = try await h.submit { r, c in try await r.store(path: top + ".tar", from: "incoming", to: "vault", on: c) }
            #expect(try await h.finish(job).state == .succeeded)
        }
        let package = try await h.package(uuid)
        for asked in ["\(top)/data/METS.xml", "data/METS.xml"] {
            let member = try PackageMember.open(try PackageMember.locate(asked, in: package), in: package)
            var bytes = Data()
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
            defer { buffer.deallocate() }
            while case let n = try member.read(into: buffer), n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            #expect(bytes == Data("real".utf8), "\(asked): \(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test func aCompressedAIPIsStoredCheckedAndRefusedWhenABagFileInsideIsCorrupt() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let good = UUID(), bad = UUID()
        let goodName = "aip-\(good.uuidString.lowercased()).7z", badName = "aip-\(bad.uuidString.lowercased()).tar"
        let staging = h.locations.root + "/staging"
        try BagFixture.archive(try bag(in: staging), as: .sevenZipBzip2, to: h.locations.incoming + "/" + goodName)
        let marker = Data("the original words of the file".utf8)
        let rotten = try bag(in: staging, files: ["objects/a.bin": marker])
        try BagFixture.archive(rotten, as: .tar, to: h.locations.incoming + "/" + badName)
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let store = try await h.submit { r, c in try await r.store(path: goodName, from: "incoming", to: "vault", on: c) }
            #expect(try await h.finish(store).state == .succeeded)
            let fixity = try await h.submit { r, c in try await r.fixity(good, on: c) }
            #expect(try await h.finish(fixity).state == .succeeded)

            // A tar keeps a file's bytes as they are: rot them inside the stored archive.
            let kept = try await h.submit { r, c in try await r.store(path: badName, from: "incoming", to: "vault", on: c) }
            #expect(try await h.finish(kept).state == .succeeded)
            let stored = try await h.package(bad).fullPath
            var bytes = try Data(contentsOf: URL(fileURLWithPath: stored))
            let at = try #require(bytes.range(of: marker))
            bytes[at.lowerBound] ^= 0x20
            try bytes.write(to: URL(fileURLWithPath: stored))
            let check = try await h.submit { r, c in try await r.fixity(bad, on: c) }
            let failed = try await h.finish(check)
            #expect(failed.state == .failed && failed.errors.jsonText.contains("data/objects/a.bin: sha256 is"), "\(failed.errors)")

            // The same rot at the source: refused at store, named, nothing left behind.
            let again = UUID(), againName = "aip-\(again.uuidString.lowercased()).tar"
            try bytes.write(to: URL(fileURLWithPath: h.locations.incoming + "/" + againName))
            let refused = try await h.submit { r, c in try await r.store(path: againName, from: "incoming", to: "offsite", on: c) }
            let job = try await h.finish(refused)
            #expect(job.state == .failed && job.attempt == 1, "\(job.state) after \(job.attempt)")
            #expect(job.errors.jsonText.contains("bag_invalid") && job.errors.jsonText.contains("data/objects/a.bin"), "\(job.errors)")
            #expect(try await h.package(again).status == .failed)
            #expect(!h.locations.everything().contains { $0.hasPrefix("offsite/") }, "\(h.locations.everything())")
            #expect(try Data(contentsOf: URL(fileURLWithPath: h.locations.incoming + "/" + againName)) == bytes, "the source is untouched")
        }
    }
}
