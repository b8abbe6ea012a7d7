import Foundation

/// A zip's entries as every reader of it must see them, read by ss from the zip's own
/// records (no byte of data is decompressed here): the central directory that 7-Zip,
/// unzip and Python's zipfile list, each entry's local header that libarchive names
/// entries from and streaming unzippers walk, and nothing between them.
///
/// A zip is read only when they agree: every local header carries its central record's
/// exact name, the entries start at the first byte and follow each other with at most a
/// data descriptor between them, no two overlap (the overlapping zip bomb), and nothing
/// lies between the last entry and the directory. Names are ASCII or flagged UTF-8, never
/// renamed by an Info-ZIP Unicode Path field; nothing is encrypted, and it is one disk.
/// Otherwise a crafted zip could validate as one bag and unpack as another.
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

    /// Whether the file's first bytes are a zip's (a local header, or an empty zip's end).
    static func isZip(_ magic: [UInt8]) -> Bool {
        magic.count >= 4 && magic[0] == 0x50 && magic[1] == 0x4B && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6))
    }

    init(fd: Int32, path: String, maxEntries: Int) throws {
        let file = Bytes(fd: fd, path: path)
        let size = try FileSystem.size(of: path)
        guard size >= 22 else { throw file.unreadable("it is too short to be a zip") }
        let fileSize = UInt64(size)

        let (tail, tailOffset) = try Self.tail(file, size: fileSize)
        guard let end = Self.endRecord(in: tail) else { throw file.unreadable("no end of central directory record ends it") }
        let endOffset = tailOffset + UInt64(end)
        var count = UInt64(tail.u16(end + 10)), directorySize = UInt64(tail.u32(end + 12)), directoryOffset = UInt64(tail.u32(end + 16))
        guard tail.u16(end + 4) == 0 || tail.u16(end + 4) == 0xFFFF, tail.u16(end + 6) == 0 || tail.u16(end + 6) == 0xFFFF,
              tail.u16(end + 8) == tail.u16(end + 10) else { throw file.unreadable("it spans several disks") }
        var directoryEnd = endOffset
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // Zip64: the locator just before the end record names the zip64 end record,
            // which must end just before the locator.
            guard endOffset >= 20 else { throw file.unreadable("its zip64 locator is missing") }
            let locator = try file.read(at: endOffset - 20, count: 20)
            guard locator.u32(0) == 0x0706_4B50, locator.u32(4) == 0, locator.u32(16) == 1 else { throw file.unreadable("its zip64 locator is missing") }
            let recordOffset = locator.u64(8)
            guard recordOffset <= endOffset - 20, endOffset - 20 - recordOffset >= 56 else { throw file.unreadable("its zip64 end record is misplaced") }
            let record = try file.read(at: recordOffset, count: 56)
            guard record.u32(0) == 0x0606_4B50, recordOffset + 12 + record.u64(4) == endOffset - 20 else {
                throw file.unreadable("its zip64 end record is misplaced")
            }
            guard record.u32(16) == 0, record.u32(20) == 0, record.u64(24) == record.u64(32) else { throw file.unreadable("it spans several disks") }
            (count, directorySize, directoryOffset) = (record.u64(32), record.u64(40), record.u64(48))
            directoryEnd = recordOffset
        }
        guard count <= UInt64(maxEntries) else { throw file.unreadable("it holds more than \(maxEntries) entries") }
        guard directorySize <= Self.directoryLimit else { throw file.unreadable("its central directory is larger than \(Self.directoryLimit >> 20) MiB") }
        guard directoryOffset <= directoryEnd, directoryEnd - directoryOffset == directorySize else {
            throw file.unreadable("something lies between its central directory and its end record")
        }

        // The central records, then each entry's local header, in the order of the latter.
        let directory = try file.read(at: directoryOffset, count: Int(directorySize))
        var records: [(entry: Entry, compressed: UInt64, descriptor: Bool)] = []
        var at = 0
        for _ in 0..<count {
            guard at + 46 <= directory.count, directory.u32(at) == 0x0201_4B50 else { throw file.unreadable("its central directory is damaged") }
            let flags = directory.u16(at + 8)
            let (nameLength, extraLength, commentLength) = (Int(directory.u16(at + 28)), Int(directory.u16(at + 30)), Int(directory.u16(at + 32)))
            guard at + 46 + nameLength + extraLength + commentLength <= directory.count else { throw file.unreadable("its central directory is damaged") }
            let name = Array(directory[(at + 46)..<(at + 46 + nameLength)])
            let extra = Array(directory[(at + 46 + nameLength)..<(at + 46 + nameLength + extraLength)])
            try Self.check(name: name, flags: flags, extra: extra, file)
            var compressed = UInt64(directory.u32(at + 20)), uncompressed = UInt64(directory.u32(at + 24))
            var offset = UInt64(directory.u32(at + 42)), disk = UInt64(directory.u16(at + 34))
            if let zip64 = try Self.field(0x0001, in: extra, file) {
                // Only the values whose 32-bit field is saturated are there, in this order.
                var z = 0
                func next(_ value: inout UInt64, saturated: Bool, width: Int) throws {
                    guard saturated else { return }
                    guard z + width <= zip64.count else { throw file.unreadable("an entry's zip64 field is damaged") }
                    value = width == 8 ? zip64.u64(z) : UInt64(zip64.u32(z))
                    z += width
                }
                try next(&uncompressed, saturated: uncompressed == 0xFFFF_FFFF, width: 8)
                try next(&compressed, saturated: compressed == 0xFFFF_FFFF, width: 8)
                try next(&offset, saturated: offset == 0xFFFF_FFFF, width: 8)
                try next(&disk, saturated: disk == 0xFFFF, width: 4)
            }
            guard disk == 0 else { throw file.unreadable("it spans several disks") }
            guard offset < fileSize, compressed <= fileSize else { throw file.unreadable("the central record of '\(String(decoding: name, as: UTF8.self))' points past its end") }
            records.append((Entry(name: name, offset: offset), compressed, flags & 0x0008 != 0))
            at += 46 + nameLength + extraLength + commentLength
        }
        guard at == directory.count else { throw file.unreadable("its central directory holds more than its end record counts") }
        records.sort { $0.entry.offset < $1.entry.offset }

        // Each entry starts where the one before ends, after its data descriptor if it
        // has one (12 to 24 bytes: too small to hide a local header in).
        var expected: UInt64 = 0, descriptor = false
        func follows(_ offset: UInt64, what: String) throws {
            guard offset >= expected else { throw file.unreadable("\(what) overlaps the entry before it") }
            let gap = offset - expected
            guard gap == 0 || (descriptor && (12...24).contains(gap)) else {
                throw file.unreadable("something that no central record names lies before \(what)")
            }
        }
        for record in records {
            let entry = record.entry, shown = String(decoding: entry.name, as: UTF8.self)
            try follows(entry.offset, what: "'\(shown)'")
            let header = try file.read(at: entry.offset, count: 30)
            guard header.u32(0) == 0x0403_4B50 else { throw file.unreadable("the central record of '\(shown)' points at no local header") }
            let (nameLength, extraLength) = (Int(header.u16(26)), Int(header.u16(28)))
            let rest = try file.read(at: entry.offset + 30, count: nameLength + extraLength)
            let name = Array(rest[0..<nameLength])
            guard name == entry.name else {
                throw file.unreadable("the local header of '\(shown)' names it '\(String(decoding: name, as: UTF8.self))'")
            }
            try Self.check(name: name, flags: header.u16(6), extra: Array(rest[nameLength...]), file)
            expected = entry.offset + 30 + UInt64(nameLength + extraLength) + record.compressed
            descriptor = record.descriptor
        }
        try follows(directoryOffset, what: "the central directory")
        entries = records.map(\.entry)
    }

    /// Whether a file that does not start as a zip ends as one: a tar or 7z that 7-Zip,
    /// opening it as a zip, would read as another archive altogether.
    static func endsAsZip(fd: Int32, path: String) throws -> Bool {
        let size = try FileSystem.size(of: path)
        guard size >= 22 else { return false }
        return endRecord(in: try tail(Bytes(fd: fd, path: path), size: UInt64(size)).bytes) != nil
    }

    /// The last bytes, where the end record is: at most its 22 bytes and a longest comment.
    private static func tail(_ file: Bytes, size: UInt64) throws -> (bytes: [UInt8], offset: UInt64) {
        let length = min(size, 22 + 0xFFFF)
        return (try file.read(at: size - length, count: Int(length)), size - length)
    }

    /// Where the end record is in `tail`: it must end the file, its comment running to
    /// the last byte.
    private static func endRecord(in tail: [UInt8]) -> Int? {
        guard tail.count >= 22 else { return nil }
        return (0...(tail.count - 22)).reversed().first { i in
            tail.u32(i) == 0x0605_4B50 && i + 22 + Int(tail.u16(i + 20)) == tail.count
        }
    }

    /// What both a central record and a local header must hold to: no encryption, a name
    /// that is ASCII or flagged UTF-8, no Unicode Path field that renames it for some readers.
    private static func check(name: [UInt8], flags: UInt16, extra: [UInt8], _ file: Bytes) throws {
        let shown = String(decoding: name, as: UTF8.self)
        guard flags & 0x0041 == 0 else { throw file.unreadable("'\(shown)' is encrypted") }
        guard flags & 0x0800 != 0 || name.allSatisfy({ $0 < 0x80 }) else {
            throw file.unreadable("'\(shown)' has a name that is neither ASCII nor marked UTF-8")
        }
        guard try field(0x7075, in: extra, file) == nil else { throw file.unreadable("'\(shown)' carries a second name (an Info-ZIP Unicode Path field)") }
    }

    /// The data of the extra field `id`, if there is one; a field that runs past the end
    /// is damage.
    private static func field(_ id: UInt16, in extra: [UInt8], _ file: Bytes) throws -> [UInt8]? {
        var at = 0, found: [UInt8]?
        while at + 4 <= extra.count {
            let (tag, length) = (extra.u16(at), Int(extra.u16(at + 2)))
            guard at + 4 + length <= extra.count else { throw file.unreadable("an entry's extra field is damaged") }
            if tag == id, found == nil { found = Array(extra[(at + 4)..<(at + 4 + length)]) }
            at += 4 + length
        }
        return found
    }

    /// Exact reads at an offset, each error naming the zip.
    private struct Bytes {
        let fd: Int32
        let path: String

        func read(at offset: UInt64, count: Int) throws -> [UInt8] {
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
