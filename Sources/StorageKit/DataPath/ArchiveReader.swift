import CArchive
import Foundation

/// An archive that libarchive cannot read (not an archive, truncated, encrypted, a
/// compression it was built without): named with libarchive's own message.
struct ArchiveUnreadable: Error, CustomStringConvertible {
    var path: String
    var message: String
    var description: String { "\((path as NSString).lastPathComponent) cannot be read as an archive: \(message)" }
}

/// Streams the entries of an archive file (`.7z`, `.tar` with any compression, `.zip`, …)
/// out of libarchive one at a time, without writing anything to disk. The file is opened
/// like every file ss reads (no symlink on the way, a regular file), and the bytes read
/// from it are added to `control` so that progress counts what was read from the disk.
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
    }

    private let archive: OpaquePointer
    private let fd: Int32
    private let path: String
    private let control: TransferControl
    private var consumed: Int64 = 0

    init(_ path: String, control: TransferControl) throws {
        fd = try FileIO.openForReading(path)
        guard let archive = archive_read_new() else {
            close(fd)
            throw ArchiveUnreadable(path: path, message: "libarchive could not start a reader")
        }
        self.archive = archive
        self.path = path
        self.control = control
        archive_read_support_filter_all(archive)
        archive_read_support_format_all(archive)
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
        if status == ARCHIVE_EOF { return nil }
        guard status >= ARCHIVE_WARN, let entry else { throw ArchiveUnreadable(path: path, message: Self.message(archive)) }
        guard let raw = archive_entry_pathname_utf8(entry) ?? archive_entry_pathname(entry) else {
            throw ArchiveUnreadable(path: path, message: "an entry has no name")
        }
        var name = String(decoding: Data(bytes: raw, count: strlen(raw)), as: UTF8.self)
        while name.hasPrefix("./") { name.removeFirst(2) }
        while name.hasSuffix("/") { name.removeLast() }
        let isHardLink = archive_entry_hardlink(entry) != nil
        let kind: FileSystem.Kind = switch archive_entry_filetype(entry) & 0o170000 {
        case _ where isHardLink: .other
        case 0o100000: .file
        case 0o040000: .directory
        case 0o120000: .symlink
        default: .other
        }
        let size = archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : nil
        return Entry(path: name, kind: kind, isHardLink: isHardLink, size: size)
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
