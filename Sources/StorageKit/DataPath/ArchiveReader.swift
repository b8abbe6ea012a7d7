import CArchive
import Foundation

/// An archive that libarchive cannot read (not an archive, truncated, encrypted, a
/// compression it was built without): named with libarchive's own message.
struct ArchiveUnreadable: Error, CustomStringConvertible {
    var path: String
    var message: String
    var description: String { "\((path as NSString).lastPathComponent) cannot be read as an archive: \(message)" }
}

/// Streams the entries of an archive file (`.7z`, `.zip`, `.tar` plain or with gzip, bzip2 or xz)
/// out of libarchive one at a time, without writing anything to disk. The file is opened
/// like every file ss reads (no symlink on the way, a regular file), and the bytes read
/// from it are added to `control` so that progress counts what was read from the disk.
///
/// Only those formats and filters are enabled, and only the one the file starts as, never
/// libarchive's others (rar, cab, iso, external programs): less parser for a hostile
/// archive to reach. A zip is read only when its central directory and local headers agree
/// (`ZipDirectory`), and libarchive must name its entries as the directory does. A warning is an error,
/// a sparse entry is not a file (its holes would read as nothing), an entry must hold the
/// bytes its header declares, and what the archive expands to is bounded.
final class ArchiveReader {
    /// One entry's header; its data is read with `read(into:)` before the next `next()`.
    struct Entry {
        /// As stored, with a leading `./` and a trailing `/` taken off.
        var path: String
        var kind: FileSystem.Kind
        /// A hard link (tar), listed as `.other`: its data is another entry's.
        var isHardLink: Bool
        /// As the header gives it, when it does.
        var size: Int64?
        /// Why the entry cannot be part of a package (a name that is not UTF-8, or with an
        /// empty, `.` or `..` part; a sparse file), or nil.
        var problem: String?
    }

    /// What one archive may expand to: a thousand times its size, and at least 1 GiB;
    /// and how many entries it may hold. A bomb of zeros stops here, not at a full memory.
    static let expansion: Int64 = 1000, floor: Int64 = 1 << 30, maxEntries = 1_000_000

    private let archive: OpaquePointer
    private let fd: Int32
    private let path: String
    private let control: TransferControl
    private var consumed: Int64 = 0
    private var expanded: Int64 = 0, entries = 0
    private let limit: Int64
    /// A zip's entries as its central directory names them, which libarchive's must match
    /// one for one (`ZipDirectory`); nil for another format.
    private var zip: [ZipDirectory.Entry]?
    /// The current entry's declared size, checked against what it holds.
    private var declared: Int64?
    private var held: Int64 = 0

    init(_ path: String, control: TransferControl) throws {
        fd = try FileIO.openForReading(path)
        guard let archive = archive_read_new() else {
            close(fd)
            throw ArchiveUnreadable(path: path, message: "libarchive could not start a reader")
        }
        self.archive = archive
        self.path = path
        self.control = control
        self.limit = max(Self.floor, Self.expansion * ((try? FileSystem.size(of: path)) ?? 0))
        // One format, from the file's first bytes, never libarchive's bidding among
        // several: a file that is both a tar and a zip is read as what it starts with.
        do {
            var magic = [UInt8](repeating: 0, count: 6)
            let got = try magic.withUnsafeMutableBytes { try FileIO.read(fd, into: $0, count: 6, at: 0, path: path) }
            magic.removeLast(6 - got)
            if ZipDirectory.isZip(magic) {
                zip = try ZipDirectory(fd: fd, path: path, maxEntries: Self.maxEntries).entries
                archive_read_support_format_zip_seekable(archive)
            } else if try ZipDirectory.endsAsZip(fd: fd, path: path) {
                throw ArchiveUnreadable(path: path, message: "it ends as a zip, which 7-Zip would read instead")
            } else if magic == [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C] {
                archive_read_support_format_7zip(archive)
            } else {
                archive_read_support_filter_none(archive)
                archive_read_support_filter_gzip(archive)
                archive_read_support_filter_bzip2(archive)
                archive_read_support_filter_xz(archive)
                archive_read_support_format_tar(archive)
            }
        }
        guard archive_read_open_fd(archive, fd, ChunkBuffers.size) == ARCHIVE_OK else {
            throw ArchiveUnreadable(path: path, message: Self.message(archive))  // deinit frees both
        }
    }

    deinit {
        archive_read_free(archive)
        close(fd)
    }

    /// The next entry, or nil at the end of the archive.
    func next() throws -> Entry? {
        try control.check()
        var entry: OpaquePointer?
        let status = archive_read_next_header(archive, &entry)
        countRead()
        if status == ARCHIVE_EOF {
            guard zip == nil || entries == zip!.count else { throw ArchiveUnreadable(path: path, message: "zip: libarchive found fewer entries than its central directory lists") }
            return nil
        }
        guard status == ARCHIVE_OK, let entry else { throw ArchiveUnreadable(path: path, message: Self.message(archive)) }
        entries += 1
        guard entries <= Self.maxEntries else { throw ArchiveUnreadable(path: path, message: "it holds more than \(Self.maxEntries) entries") }
        guard let raw = archive_entry_pathname(entry) else { throw ArchiveUnreadable(path: path, message: "an entry has no name") }
        if let zip {
            let name = UnsafeRawBufferPointer(start: raw, count: strlen(raw))
            guard entries <= zip.count, name.elementsEqual(zip[entries - 1].name) else {
                throw ArchiveUnreadable(path: path, message: "zip: libarchive names entry \(entries) '\(String(decoding: name, as: UTF8.self))', not as its central directory does")
            }
        }
        var problem: String?
        var name = String(validating: UnsafeRawBufferPointer(start: raw, count: strlen(raw)), as: UTF8.self) ?? {
            problem = "a name that is not UTF-8"
            return String(decoding: UnsafeRawBufferPointer(start: raw, count: strlen(raw)), as: UTF8.self)
        }()
        while name.hasPrefix("./") { name.removeFirst(2) }
        while name.hasSuffix("/") { name.removeLast() }
        if name == "." { name = "" }
        let parts = name.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        if !name.isEmpty, parts.contains(where: { $0.isEmpty || $0.elementsEqual(".".utf8) || $0.elementsEqual("..".utf8) }) {
            problem = problem ?? "a name with an empty, '.' or '..' part"
        }
        let isHardLink = archive_entry_hardlink(entry) != nil
        var kind: FileSystem.Kind = switch archive_entry_filetype(entry) & 0o170000 {
        case _ where isHardLink: .other
        case 0o100000: .file
        case 0o040000: .directory
        case 0o120000: .symlink
        default: .other
        }
        if kind == .file, archive_entry_sparse_count(entry) > 0 {
            kind = .other
            problem = problem ?? "a sparse file"
        }
        let size = archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : nil
        (declared, held) = (size, 0)
        return Entry(path: name, kind: kind, isHardLink: isHardLink, size: size, problem: problem)
    }

    /// Reads the current entry's data to its end, a buffer at a time; returns its size.
    @discardableResult
    func read(into body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        try ChunkBuffers.with { buffer in
            var size: Int64 = 0
            while true {
                let n = try readSome(into: buffer)
                if n == 0 { return size }
                try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                size += Int64(n)
            }
        }
    }

    /// Reads the next bytes of the current entry into `buffer`; 0 at its end.
    func readSome(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try control.check()
        let n = archive_read_data(archive, buffer.baseAddress, buffer.count)
        countRead()
        guard n >= 0 else { throw ArchiveUnreadable(path: path, message: Self.message(archive)) }
        held += Int64(n)
        expanded += Int64(n)
        guard expanded <= limit else { throw ArchiveUnreadable(path: path, message: "it expands to more than \(limit) bytes") }
        if n == 0, let declared, declared != held {
            throw ArchiveUnreadable(path: path, message: "an entry declares \(declared) bytes and holds \(held)")
        }
        return n
    }

    /// Adds what libarchive has read from the file since the last call to the progress.
    private func countRead() {
        let now = archive_filter_bytes(archive, -1)
        if now > consumed {
            control.add(Int(now - consumed))
            consumed = now
        }
    }

    private static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "libarchive error \(archive_errno(archive))"
    }
}
