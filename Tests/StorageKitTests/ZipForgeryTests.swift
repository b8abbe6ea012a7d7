import Foundation
import QueueKit
import StorageTesting
import Testing
@testable import StorageKit

/// A zip is read only when every reader would see the same entries: crafted zips whose
/// local headers, central directory and gaps tell different stories are each refused with
/// the reason, at validation and at store, and the store leaves its source as it was.
@Suite struct ZipForgeryTests {
    /// Writes zips byte by byte (stored, no compression), with knobs to make them lie.
    struct Forge {
        struct Member {
            var name: String
            var data: Data
            var localName: String?
            var flags: UInt16 = 0x0800
            var rawName: [UInt8]?
            var centralExtra: [UInt8] = []
            var madeBy: UInt16 = 0x031E
            var mode: UInt32 = 0o100644
            /// The local header's size fields, when they should lie.
            var localSize: UInt32?
        }

        var members: [Member]
        var before = Data()
        /// Bytes after the first entry's data (a hidden entry, say).
        var afterFirst = Data()
        /// A second central record for the first entry, under this name.
        var alias: String?
        var after = Data()
        /// The end record's comment.
        var comment = Data()

        func bytes() -> Data {
            var out = before, central = Data()
            for (i, m) in members.enumerated() {
                let offset = UInt32(out.count)
                let name = m.rawName ?? Array(m.name.utf8), local = m.localName.map { Array($0.utf8) } ?? name
                out += Self.local(local, m.data, flags: m.flags, size: m.localSize)
                if i == 0 { out += afterFirst }
                central += Self.central(name, m.data, flags: m.flags, offset: offset, extra: m.centralExtra, madeBy: m.madeBy, mode: m.mode)
                if i == 0, let alias { central += Self.central(Array(alias.utf8), m.data, flags: m.flags, offset: offset, extra: []) }
            }
            let count = UInt16(members.count + (alias == nil ? 0 : 1))
            var end = Data([0x50, 0x4B, 5, 6, 0, 0, 0, 0])
            end += Self.le(count, 2) + Self.le(count, 2) + Self.le(UInt32(central.count), 4) + Self.le(UInt32(out.count), 4)
            return out + central + end + Self.le(UInt16(comment.count), 2) + comment + after
        }

        static func local(_ name: [UInt8], _ data: Data, flags: UInt16, size: UInt32? = nil) -> Data {
            var d = Data([0x50, 0x4B, 3, 4]) + le(20, 2) + le(flags, 2) + le(0, 2) + le(0, 4) + le(crc32(data), 4)
            d += le(size ?? UInt32(data.count), 4) + le(size ?? UInt32(data.count), 4) + le(UInt16(name.count), 2) + le(0, 2)
            return d + name + data
        }

        static func central(_ name: [UInt8], _ data: Data, flags: UInt16, offset: UInt32, extra: [UInt8],
                            madeBy: UInt16 = 0x031E, mode: UInt32 = 0o100644) -> Data {
            var d = Data([0x50, 0x4B, 1, 2]) + le(madeBy, 2) + le(20, 2) + le(flags, 2) + le(0, 2) + le(0, 4) + le(crc32(data), 4)
            d += le(UInt32(data.count), 4) + le(UInt32(data.count), 4) + le(UInt16(name.count), 2) + le(UInt16(extra.count), 2) + le(0, 2)
            d += le(0, 2) + le(0, 2) + le(mode << 16, 4) + le(offset, 4)
            return d + name + extra
        }

        static func le<T: FixedWidthInteger>(_ value: T, _ bytes: Int) -> Data {
            Data((0..<bytes).map { UInt8(truncatingIfNeeded: UInt64(value) >> (8 * $0)) })
        }

        static func crc32(_ data: Data) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in data {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            return ~crc
        }
    }

    /// The members of a valid bag `aip/` holding `data/b.bin`, as a forge edits them.
    static func bag(_ edit: (inout Forge) -> Void = { _ in }) -> Data {
        let payload = Data("the payload".utf8)
        let manifest = "\(BagFixture.sha256(payload))  data/b.bin\n"
        var forge = Forge(members: [
            .init(name: "aip/bagit.txt", data: Data("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8)),
            .init(name: "aip/bag-info.txt", data: Data("Payload-Oxum: \(payload.count).1\n".utf8)),
            .init(name: "aip/manifest-sha256.txt", data: Data(manifest.utf8)),
            .init(name: "aip/data/b.bin", data: payload),
        ])
        edit(&forge)
        return forge.bytes()
    }

    static let forgeries: [(String, Data, String)] = [
        ("a local header that renames a file", bag { $0.members[3].localName = "aip/data/c.bin" }, "the local header of 'aip/data/b.bin' names it 'aip/data/c.bin'"),
        ("two central records for one entry", bag { $0.alias = "aip/data/other.bin" }, "overlaps the entry before it"),
        ("a stub before the first entry", bag { $0.before = Data(repeating: 0x90, count: 64) }, "ends as a zip, which 7-Zip would read instead"),
        ("an entry that only a streaming reader sees",
         bag { $0.afterFirst = Forge.local(Array("aip/data/hidden.bin".utf8), Data("hidden".utf8), flags: 0x0800) }, "lies before"),
        ("a second name in a Unicode Path field", bag { $0.members[3].centralExtra = [0x75, 0x70, 5, 0, 1, 0, 0, 0, 0x78] }, "second name"),
        ("a name neither ASCII nor marked UTF-8", bag { $0.members[3].rawName = Array("aip/data/b\u{e9}.bin".utf8); $0.members[3].flags = 0 },
         "neither ASCII nor marked UTF-8"),
        ("an encrypted entry", bag { $0.members[3].flags = 0x0801 }, "is encrypted"),
        ("bytes after the end record", bag { $0.after = Data("trailing".utf8) }, "no end of central directory record ends it"),
        ("a cut-off zip", bag().prefix(40), "cannot be read as an archive"),
        // What 7-Zip and unzip would read instead: a second directory and end record in the
        // comment, one that renames the payload.
        ("a decoy end record in the comment", bag { forge in
            var decoy = forge
            decoy.members[3].name = "aip/data/EVIL.bin"
            let other = decoy.bytes()
            forge.comment = other[other.range(of: Data([0x50, 0x4B, 1, 2]))!.lowerBound...] + Data([0])
        }, "more than one end of central directory record"),
        ("a local header whose sizes lie", bag { $0.members[3].localSize = 0 }, "differs from its central record in its CRC or sizes"),
        ("a stored entry with a data descriptor", bag { $0.members[3].flags = 0x0808 }, "stored with a data descriptor"),
        ("a link to unzip, by its host", bag { $0.members[3].madeBy = 0x051E; $0.members[3].mode = 0o120777 }, "not a regular file or a directory"),
        ("a link to unzip, by its mode", bag { $0.members[3].mode = 0o120777 }, "not a regular file or a directory"),
        ("an extra field that makes a mode", bag { $0.members[3].centralExtra = [0x6E, 0x75, 4, 0, 0, 0, 0, 0] }, "extra field (0x756e)"),
        ("a zip64 end record of impossible size", zip64(bag(), recordSize: .max, entries: 4, saturate: true), "zip64 end record is misplaced"),
        ("zip64 records that say another directory", zip64(bag(), recordSize: 44, entries: 99, saturate: false), "end records disagree"),
        ("a backslash in a name", bag { $0.members[3].name = "aip/data\\..\\b.bin" }, "'\\' or ':'"),
    ]

    /// A tar (or a 7z) with a zip after it: ss would read the tar, 7-Zip the zip.
    @Test func anArchiveThatAlsoEndsAsAZipIsRefused() throws {
        let dir = try TestLocations.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let root = try BagFixture.random(at: dir + "/aip", count: 2, size: 1000)
        for format in [BagFixture.Archive.tar, .sevenZipBzip2] {
            let file = try BagFixture.archive(root, as: format, to: dir + "/both" + format.suffix)
            #expect(try ArchivedBag.problems(file, side: "test", control: TransferControl()).isEmpty, "\(format) alone is a bag")
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
            try handle.seekToEnd()
            try handle.write(contentsOf: Self.bag())
            try handle.close()
            #expect {
                try ArchivedBag.validate(file, side: "source", control: TransferControl())
            } throws: { error in
                "\(error)".contains("ends as a zip")
            }
        }
    }

    /// What a re-ingest writes again as a zip (libarchive's writer, data descriptors and
    /// all) is read back as the bag it is, and 7-Zip reads it too.
    @Test func aZipThatSsWritesIsReadBack() throws {
        let dir = try TestLocations.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let root = try BagFixture.random(at: dir + "/staging/aip-x", count: 3, size: 70_000)
        let file = dir + "/aip-x.zip"
        let format = try #require(ArchiveWriter.Format(name: "aip-x.zip", algorithm: nil))
        try ArchiveWriter.write(root, root: "aip-x", as: format, mtime: 1_700_000_000, to: file, control: TransferControl())
        #expect(try ArchivedBag.problems(file, side: "test", control: TransferControl()).isEmpty)
        let tested = try runProcess("/usr/bin/7z", ["t", file], environment: ProcessInfo.processInfo.environment, timeout: 60)
        #expect(tested.status == 0, "\(tested.stdout)")
    }

    /// `zip` with zip64 end records put before its end record (which then counts
    /// `0xFFFF` entries when `saturate`): the record's size field and entry count as given.
    static func zip64(_ zip: Data, recordSize: UInt64, entries: UInt64, saturate: Bool) -> Data {
        let endAt = zip.count - 22
        var end = Data(zip[endAt...])
        let directorySize = UInt64(end[end.startIndex + 12]) | UInt64(end[end.startIndex + 13]) << 8
        let directoryOffset = UInt64(end[end.startIndex + 16]) | UInt64(end[end.startIndex + 17]) << 8 | UInt64(end[end.startIndex + 18]) << 16
        if saturate { end.replaceSubrange((end.startIndex + 8)..<(end.startIndex + 12), with: [0xFF, 0xFF, 0xFF, 0xFF]) }
        var record = Data([0x50, 0x4B, 6, 6]) + Forge.le(recordSize, 8) + Forge.le(45, 2) + Forge.le(45, 2) + Forge.le(0, 4) + Forge.le(0, 4)
        record += Forge.le(entries, 8) + Forge.le(entries, 8) + Forge.le(directorySize, 8) + Forge.le(directoryOffset, 8)
        let locator = Data([0x50, 0x4B, 6, 7]) + Forge.le(0, 4) + Forge.le(UInt64(endAt), 8) + Forge.le(1, 4)
        return zip[..<endAt] + record + locator + end
    }

    @Test func aHonestZipIsABag() throws {
        let dir = try TestLocations.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/honest.zip"
        try Self.bag().write(to: URL(fileURLWithPath: file))
        #expect(try ArchivedBag.problems(file, side: "test", control: TransferControl()).isEmpty)
        // With zip64 end records that agree, as a large zip has them.
        let wide = dir + "/zip64.zip"
        try Self.zip64(Self.bag(), recordSize: 44, entries: 4, saturate: true).write(to: URL(fileURLWithPath: wide))
        #expect(try ArchivedBag.problems(wide, side: "test", control: TransferControl()).isEmpty)
        // 7-Zip agrees with the forge that it is a well-made zip.
        let tested = try runProcess("/usr/bin/7z", ["t", file], environment: ProcessInfo.processInfo.environment, timeout: 60)
        #expect(tested.status == 0, "\(tested.stdout)")
    }

    @Test(arguments: Self.forgeries.indices)
    func aZipThatReadersWouldReadDifferentlyIsRefused(_ index: Int) throws {
        let (what, bytes, message) = Self.forgeries[index]
        let dir = try TestLocations.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/forged.zip"
        try bytes.write(to: URL(fileURLWithPath: file))
        #expect {
            try ArchivedBag.validate(file, side: "source", control: TransferControl())
        } throws: { error in
            "\(error)".contains(message)
        }
        _ = what
    }

    /// The renamed entry, end to end: 7-Zip lists the central directory's name, the store
    /// is refused naming both, and nothing is left anywhere but the untouched source.
    @Test func aForgedZipIsRefusedAtStoreAndItsSourceKept() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let forged = Self.forgeries[0].1
        let uuid = UUID(), name = "aip-\(uuid.uuidString.lowercased()).zip"
        let source = h.locations.incoming + "/" + name
        try forged.write(to: URL(fileURLWithPath: source))
        let listed = try runProcess("/usr/bin/7z", ["l", source], environment: ProcessInfo.processInfo.environment, timeout: 60)
        #expect(listed.stdout.contains("aip/data/b.bin") && !listed.stdout.contains("c.bin"), "\(listed.stdout)")
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let store = try await h.submit { r, c in try await r.store(path: name, from: "incoming", to: "vault", on: c) }
            let job = try await h.finish(store)
            #expect(job.state == .failed && job.errors.jsonText.contains("bag_invalid") && job.errors.jsonText.contains("names it 'aip/data/c.bin'"), "\(job.errors)")
            #expect(try await h.package(uuid).status == .failed)
        }
        #expect(!h.locations.everything().contains { $0.hasPrefix("vault/") }, "\(h.locations.everything())")
        #expect(try Data(contentsOf: URL(fileURLWithPath: source)) == forged)
    }
}
