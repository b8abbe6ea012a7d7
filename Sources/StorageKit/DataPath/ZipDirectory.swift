import Foundation

/// A zip's entries as every reader of it must see them, read by ss from the zip's own
/// records (no byte of data is decompressed here): the end record that 7-Zip, unzip and
/// Python's zipfile look for, the central directory they list, each entry's local header
/// that libarchive names entries from and streaming unzippers walk, and nothing between.
///
/// A zip is read only when they all tell one story: one end record in the file's tail
/// (a decoy in the comment would be what others read), zip64 whenever its locator is there;
/// every local header repeating its central record (name, flags, method, CRC, sizes), the
/// entries starting at the first byte and following each other with at most a data
/// descriptor between them that repeats them too, none overlapping, nothing before the
/// directory. Names are ASCII or flagged UTF-8, without `\` or `:`, never renamed by an
/// extra field; only the extra fields every reader treats alike (zip64, times, Unix ids);
/// entries made on MS-DOS or Unix, as regular files or directories (never a link an
/// unzipper would make); nothing encrypted; one disk. Otherwise a crafted zip could
/// validate as one bag and unpack as another.
struct ZipDirectory {
    struct Entry {
        /// As stored, the bytes every reader takes.
        var name: [UInt8]
        var offset: UInt64
    }

    /// In the order of their local headers, which libarchive's seekable reader follows.
    let entries: [Entry]

    /// The most a central directory may take in memory (a million entries fit).
    static let directoryLimit: UInt64 = 256 << 20

    /// Zip64, extended timestamp, Info-ZIP Unix ids, NTFS times: nothing else.
    private static let allowedExtras: Set<UInt16> = [0x0001, 0x5455, 0x7875, 0x000A]

    /// What a central record says of its entry, which its local header must repeat.
    private struct Central {
        var entry: Entry
        var shown: String
        var flags: UInt16
        var method: UInt16
        var crc: UInt32
        var compressed: UInt64
        var uncompressed: UInt64
        var descriptor: Bool { flags & 0x0008 != 0 }
    }

    /// Whether the file's first bytes are a zip's (a local header, or an empty zip's end).
    static func isZip(_ magic: [UInt8]) -> Bool {
        magic.count >= 4 && magic[0] == 0x50 && magic[1] == 0x4B && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6))
    }

    init(fd: Int32, path: String, maxEntries: Int) throws {
        let file = Bytes(fd: fd, path: path)
        let size = try FileSystem.size(of: path)
        guard size >= 22 else { throw file.unreadable("it is too short to be a zip") }
        let fileSize = UInt64(size)
        let (count, directoryOffset, directorySize, directoryEnd) = try Self.end(file, size: fileSize)
        guard count <= UInt64(maxEntries) else { throw file.unreadable("it holds more than \(maxEntries) entries") }
        guard directorySize <= Self.directoryLimit else { throw file.unreadable("its central directory is larger than \(Self.directoryLimit >> 20) MiB") }
        guard directoryOffset <= directoryEnd, directoryEnd - directoryOffset == directorySize else {
            throw file.unreadable("something lies between its central directory and its end record")
        }

        let directory = try file.read(at: directoryOffset, count: Int(directorySize))
        var records: [Central] = []
        var at = 0
        for _ in 0..<count {
            let (record, length) = try Self.central(directory, at: at, fileSize: fileSize, file)
            records.append(record)
            at += length
        }
        guard at == directory.count else { throw file.unreadable("its central directory holds more than its end record counts") }
        records.sort { $0.entry.offset < $1.entry.offset }

        // Each entry starts where the one before ends, after its data descriptor if it has
        // one (12 to 24 bytes, too small to hide a local header in, and read to match).
        var expected: UInt64 = 0
        var before: Central?
        func follows(_ offset: UInt64, what: String) throws {
            guard offset >= expected else { throw file.unreadable("\(what) overlaps the entry before it") }
            let gap = offset - expected
            guard gap > 0 else { return }
            guard let before, before.descriptor, gap <= 24 else { throw file.unreadable("something that no central record names lies before \(what)") }
            try Self.descriptor(try file.read(at: expected, count: Int(gap)), of: before, file)
        }
        for record in records {
            try follows(record.entry.offset, what: "'\(record.shown)'")
            let length = try Self.local(record, file)
            expected = record.entry.offset + length + record.compressed
            before = record
        }
        try follows(directoryOffset, what: "the central directory")
        entries = records.map(\.entry)
    }

    /// The central directory's place and size from the end record: the one `PK\5\6` of the
    /// file's tail, ending the file, and the zip64 records whenever their locator precedes it.
    private static func end(_ file: Bytes, size: UInt64) throws -> (count: UInt64, offset: UInt64, size: UInt64, end: UInt64) {
        let (tail, tailOffset) = try tail(file, size: size)
        let ends = endSignatures(in: tail)
        guard ends.count <= 1 else { throw file.unreadable("it holds more than one end of central directory record") }
        guard let end = ends.last, end + 22 + Int(tail.u16(end + 20)) == tail.count else {
            throw file.unreadable("no end of central directory record ends it")
        }
        let endOffset = tailOffset + UInt64(end)
        var count = UInt64(tail.u16(end + 10)), directorySize = UInt64(tail.u32(end + 12)), directoryOffset = UInt64(tail.u32(end + 16))
        guard tail.u16(end + 4) == 0 || tail.u16(end + 4) == 0xFFFF, tail.u16(end + 6) == 0 || tail.u16(end + 6) == 0xFFFF,
              tail.u16(end + 8) == tail.u16(end + 10) else { throw file.unreadable("it spans several disks") }
        let saturated = count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF
        let locator = endOffset >= 20 ? try file.read(at: endOffset - 20, count: 20) : []
        guard !locator.isEmpty, locator.u32(0) == 0x0706_4B50 else {
            guard !saturated else { throw file.unreadable("its zip64 locator is missing") }
            return (count, directoryOffset, directorySize, endOffset)
        }
        // Zip64, as every reader takes it when the locator is there: its end record must
        // end just before the locator, and agree with what the end record did not saturate.
        guard locator.u32(4) == 0, locator.u32(16) == 1 else { throw file.unreadable("it spans several disks") }
        let recordOffset = locator.u64(8), locatorOffset = endOffset - 20
        guard recordOffset <= locatorOffset, locatorOffset - recordOffset >= 56 else { throw file.unreadable("its zip64 end record is misplaced") }
        let record = try file.read(at: recordOffset, count: 56)
        guard record.u32(0) == 0x0606_4B50, record.u64(4) == locatorOffset - recordOffset - 12 else {
            throw file.unreadable("its zip64 end record is misplaced")
        }
        guard record.u32(16) == 0, record.u32(20) == 0, record.u64(24) == record.u64(32) else { throw file.unreadable("it spans several disks") }
        let wide = (record.u64(32), record.u64(40), record.u64(48))
        guard count == 0xFFFF || count == wide.0, directorySize == 0xFFFF_FFFF || directorySize == wide.1,
              directoryOffset == 0xFFFF_FFFF || directoryOffset == wide.2 else { throw file.unreadable("its end records disagree") }
        (count, directorySize, directoryOffset) = wide
        return (count, directoryOffset, directorySize, recordOffset)
    }

    /// One central record at `at` and its length; refused unless every reader would take
    /// its entry alike.
    private static func central(_ d: [UInt8], at: Int, fileSize: UInt64, _ file: Bytes) throws -> (Central, Int) {
        guard at + 46 <= d.count, d.u32(at) == 0x0201_4B50 else { throw file.unreadable("its central directory is damaged") }
        let (nameLength, extraLength, commentLength) = (Int(d.u16(at + 28)), Int(d.u16(at + 30)), Int(d.u16(at + 32)))
        let length = 46 + nameLength + extraLength + commentLength
        guard at + length <= d.count else { throw file.unreadable("its central directory is damaged") }
        let name = Array(d[(at + 46)..<(at + 46 + nameLength)])
        let extra = Array(d[(at + 46 + nameLength)..<(at + 46 + nameLength + extraLength)])
        let shown = String(decoding: name, as: UTF8.self)
        var record = Central(entry: Entry(name: name, offset: UInt64(d.u32(at + 42))), shown: shown, flags: d.u16(at + 8), method: d.u16(at + 10),
                             crc: d.u32(at + 16), compressed: UInt64(d.u32(at + 20)), uncompressed: UInt64(d.u32(at + 24)))
        try check(name: name, flags: record.flags, extra: extra, file)
        guard !(record.descriptor && record.method == 0) else { throw file.unreadable("'\(shown)' is stored with a data descriptor, which no reader can find the end of alike") }
        // Made on MS-DOS or Unix, and for Unix a regular file or a directory by its mode.
        let host = d.u16(at + 4) >> 8, mode = d.u32(at + 38) >> 16 & 0o170000
        guard host == 0 || (host == 3 && [0, 0o100000, 0o040000].contains(mode)) else {
            throw file.unreadable("'\(shown)' is not a regular file or a directory to every unzipper")
        }
        var disk = UInt64(d.u16(at + 34))
        if let zip64 = try field(0x0001, in: extra, file) {
            // Only the values whose 32-bit field is saturated are there, in this order.
            var z = 0
            func next(_ value: inout UInt64, width: Int, saturatedAt full: UInt64) throws {
                guard value == full else { return }
                guard z + width <= zip64.count else { throw file.unreadable("the zip64 field of '\(shown)' is damaged") }
                value = width == 8 ? zip64.u64(z) : UInt64(zip64.u32(z))
                z += width
            }
            try next(&record.uncompressed, width: 8, saturatedAt: 0xFFFF_FFFF)
            try next(&record.compressed, width: 8, saturatedAt: 0xFFFF_FFFF)
            try next(&record.entry.offset, width: 8, saturatedAt: 0xFFFF_FFFF)
            try next(&disk, width: 4, saturatedAt: 0xFFFF)
        }
        guard disk == 0 else { throw file.unreadable("it spans several disks") }
        guard record.entry.offset < fileSize, record.compressed <= fileSize else { throw file.unreadable("the central record of '\(shown)' points past its end") }
        return (record, length)
    }

    /// Checks the local header of `record` against it; answers the header's length.
    private static func local(_ record: Central, _ file: Bytes) throws -> UInt64 {
        let header = try file.read(at: record.entry.offset, count: 30), shown = record.shown
        guard header.u32(0) == 0x0403_4B50 else { throw file.unreadable("the central record of '\(shown)' points at no local header") }
        let (nameLength, extraLength) = (Int(header.u16(26)), Int(header.u16(28)))
        let rest = try file.read(at: record.entry.offset + 30, count: nameLength + extraLength)
        let name = Array(rest[0..<nameLength]), extra = Array(rest[nameLength...])
        guard name == record.entry.name else {
            throw file.unreadable("the local header of '\(shown)' names it '\(String(decoding: name, as: UTF8.self))'")
        }
        try check(name: name, flags: header.u16(6), extra: extra, file)
        guard header.u16(6) == record.flags, header.u16(8) == record.method else {
            throw file.unreadable("the local header of '\(shown)' differs from its central record in its flags or method")
        }
        let crc = header.u32(14)
        var (compressed, uncompressed) = (UInt64(header.u32(18)), UInt64(header.u32(22)))
        if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF {
            guard let zip64 = try field(0x0001, in: extra, file), zip64.count >= 16 else { throw file.unreadable("the zip64 field of '\(shown)' is damaged") }
            (uncompressed, compressed) = (zip64.u64(0), zip64.u64(8))
        }
        // With a descriptor, a field may also be left 0 (libarchive leaves the CRC and the
        // compressed size so); a deflate stream ends by itself, for every reader alike.
        let agrees = { (local: UInt64, central: UInt64) in local == central || (record.descriptor && local == 0) }
        guard agrees(UInt64(crc), UInt64(record.crc)), agrees(compressed, record.compressed), agrees(uncompressed, record.uncompressed) else {
            throw file.unreadable("the local header of '\(shown)' differs from its central record in its CRC or sizes")
        }
        return 30 + UInt64(nameLength + extraLength)
    }

    /// A data descriptor (`PK\7\8` or not, 32- or 64-bit sizes) that repeats its entry's
    /// central record; anything else in the gap is refused.
    private static func descriptor(_ gap: [UInt8], of record: Central, _ file: Bytes) throws {
        let body = gap.count >= 4 && gap.u32(0) == 0x0807_4B50 ? Array(gap[4...]) : gap
        let sizes: (UInt64, UInt64)? = switch body.count {
        case 12: (UInt64(body.u32(4)), UInt64(body.u32(8)))
        case 20: (body.u64(4), body.u64(12))
        default: nil
        }
        guard let sizes, body.u32(0) == record.crc, sizes.0 == record.compressed, sizes.1 == record.uncompressed else {
            throw file.unreadable("the data descriptor of '\(record.shown)' does not repeat its central record")
        }
    }

    /// Whether a file that does not start as a zip holds a zip's end record in its tail: a
    /// tar or 7z that 7-Zip, opening it as a zip, would read as another archive altogether.
    static func endsAsZip(fd: Int32, path: String) throws -> Bool {
        let size = try FileSystem.size(of: path)
        guard size >= 22 else { return false }
        return !endSignatures(in: try tail(Bytes(fd: fd, path: path), size: UInt64(size)).bytes).isEmpty
    }

    /// The last bytes, where readers look for the end record: its 22 bytes and a longest comment.
    private static func tail(_ file: Bytes, size: UInt64) throws -> (bytes: [UInt8], offset: UInt64) {
        let length = min(size, 22 + 0xFFFF)
        return (try file.read(at: size - length, count: Int(length)), size - length)
    }

    /// Where `PK\5\6` begins in `tail` with a whole record after it.
    private static func endSignatures(in tail: [UInt8]) -> [Int] {
        guard tail.count >= 22 else { return [] }
        return (0...(tail.count - 22)).filter { tail[$0] == 0x50 && tail.u32($0) == 0x0605_4B50 }
    }

    /// What both a central record and a local header must hold to: no encryption, a name
    /// that is ASCII or flagged UTF-8 with no `\` or `:` (a Windows unzipper's separators),
    /// and only extra fields that every reader treats alike, each once (so no Unicode Path
    /// that renames the entry, no field that makes it a link for some).
    private static func check(name: [UInt8], flags: UInt16, extra: [UInt8], _ file: Bytes) throws {
        let shown = String(decoding: name, as: UTF8.self)
        guard flags & 0x0041 == 0 else { throw file.unreadable("'\(shown)' is encrypted") }
        guard flags & 0x0800 != 0 || name.allSatisfy({ $0 < 0x80 }) else {
            throw file.unreadable("'\(shown)' has a name that is neither ASCII nor marked UTF-8")
        }
        guard !name.contains(UInt8(ascii: "\\")), !name.contains(UInt8(ascii: ":")) else {
            throw file.unreadable("'\(shown)' has a '\\' or ':' in its name, which some unzippers take for a separator")
        }
        var at = 0, seen: Set<UInt16> = []
        while at + 4 <= extra.count {
            let (tag, length) = (extra.u16(at), Int(extra.u16(at + 2)))
            guard at + 4 + length <= extra.count else { throw file.unreadable("an extra field of '\(shown)' is damaged") }
            guard allowedExtras.contains(tag), seen.insert(tag).inserted else {
                throw file.unreadable(tag == 0x7075 ? "'\(shown)' carries a second name (an Info-ZIP Unicode Path field)"
                                                    : "'\(shown)' carries an extra field (0x\(String(tag, radix: 16))) that readers take differently")
            }
            at += 4 + length
        }
        guard at == extra.count else { throw file.unreadable("an extra field of '\(shown)' is damaged") }
    }

    /// The data of the extra field `id`, if there is one (`check` has seen them all whole).
    private static func field(_ id: UInt16, in extra: [UInt8], _ file: Bytes) throws -> [UInt8]? {
        var at = 0
        while at + 4 <= extra.count {
            let (tag, length) = (extra.u16(at), Int(extra.u16(at + 2)))
            guard at + 4 + length <= extra.count else { throw file.unreadable("an extra field is damaged") }
            if tag == id { return Array(extra[(at + 4)..<(at + 4 + length)]) }
            at += 4 + length
        }
        return nil
    }

    /// Exact reads at an offset, each error naming the zip.
    private struct Bytes {
        let fd: Int32
        let path: String

        func read(at offset: UInt64, count: Int) throws -> [UInt8] {
            guard offset <= UInt64(Int64.max) else { throw unreadable("it is truncated") }
            var bytes = [UInt8](repeating: 0, count: count)
            let got = try bytes.withUnsafeMutableBytes { buffer in
                try FileIO.read(fd, into: buffer, count: count, at: Int64(offset), path: path)
            }
            guard got == count else { throw unreadable("it is truncated") }
            return bytes
        }

        func unreadable(_ message: String) -> ArchiveUnreadable {
            ArchiveUnreadable(path: path, message: "zip: " + message)
        }
    }
}

private extension Array where Element == UInt8 {
    func u16(_ i: Int) -> UInt16 { UInt16(self[i]) | UInt16(self[i + 1]) << 8 }
    func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }
    func u64(_ i: Int) -> UInt64 { UInt64(u32(i)) | UInt64(u32(i + 4)) << 32 }
}
