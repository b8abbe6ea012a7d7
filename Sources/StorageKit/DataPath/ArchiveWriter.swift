import CArchive
import Foundation

/// Writes a bag directory as one archive file, as Archivematica compresses an AIP (what a
/// re-ingest that arrived compressed is stored as again): `.7z` (bzip2, LZMA or LZMA2
/// inside, or stored), `.zip` (deflate), `.tar`, `.tar.gz`, `.tar.bz2`, `.tar.xz`, through libarchive. The bag
/// is the archive's one top directory, `<root>/…`, as Archivematica lays it out. Only files
/// and directories are written; the file is made durable before it is returned.
enum ArchiveWriter {
    /// What the archive is made as, from its name (and for a 7z, the compression the
    /// pipeline's `compression` event names: `bzip2` unless it says `lzma`, `lzma2` or `copy`).
    struct Format {
        fileprivate var setUp: (OpaquePointer) -> Int32

        init?(name: String, algorithm: String?) {
            let lower = name.lowercased()
            switch lower {
            case _ where lower.hasSuffix(".7z"):
                let codec = switch algorithm?.lowercased() { case "lzma": "lzma1"; case "lzma2": "lzma2"; case "copy": "copy"; default: "bzip2" }
                setUp = { a in
                    let r = archive_write_set_format_7zip(a)
                    return r != ARCHIVE_OK ? r : archive_write_set_format_option(a, "7zip", "compression", codec)
                }
            case _ where lower.hasSuffix(".zip"):
                setUp = { a in
                    let r = archive_write_set_format_zip(a)
                    return r != ARCHIVE_OK ? r : archive_write_set_format_option(a, "zip", "compression", "deflate")
                }
            case _ where lower.hasSuffix(".tar"):
                setUp = { archive_write_set_format_pax_restricted($0) }
            case _ where lower.hasSuffix(".tar.gz") || lower.hasSuffix(".tgz"):
                setUp = { a in archive_write_set_format_pax_restricted(a) == ARCHIVE_OK ? archive_write_add_filter_gzip(a) : ARCHIVE_FATAL }
            case _ where lower.hasSuffix(".tar.bz2") || lower.hasSuffix(".tbz2"):
                setUp = { a in archive_write_set_format_pax_restricted(a) == ARCHIVE_OK ? archive_write_add_filter_bzip2(a) : ARCHIVE_FATAL }
            case _ where lower.hasSuffix(".tar.xz") || lower.hasSuffix(".txz"):
                setUp = { a in archive_write_set_format_pax_restricted(a) == ARCHIVE_OK ? archive_write_add_filter_xz(a) : ARCHIVE_FATAL }
            default:
                return nil
            }
        }
    }

    /// Writes the tree at `directory` into a new file at `path`, every entry under `root/`
    /// and dated `mtime`: the same tree written twice is the same bytes (a retry compares).
    static func write(_ directory: String, root: String, as format: Format, mtime: time_t, to path: String, control: TransferControl) throws {
        let entries = try TreeCopier.entries(of: directory)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, FileModes.file)
        guard fd >= 0 else { throw FileSystem.fail("create", path) }
        defer { close(fd) }
        guard let archive = archive_write_new() else { throw ArchiveUnreadable(path: path, message: "libarchive could not start a writer") }
        defer { archive_write_free(archive) }
        let check = { (status: Int32) throws in
            guard status >= ARCHIVE_OK else { throw ArchiveUnreadable(path: path, message: Self.message(archive)) }
        }
        try check(format.setUp(archive))
        try check(archive_write_open_fd(archive, fd))
        let now = mtime
        try write(directory: root, now: now, into: archive, check: check)
        for entry in entries {
            if entry.kind == .directory {
                try write(directory: root + "/" + entry.path, now: now, into: archive, check: check)
                continue
            }
            try control.check()
            guard let header = archive_entry_new() else { throw ArchiveUnreadable(path: path, message: "libarchive could not make an entry") }
            defer { archive_entry_free(header) }
            archive_entry_set_pathname_utf8(header, root + "/" + entry.path)
            archive_entry_set_filetype(header, 0o100000 /* AE_IFREG */)
            archive_entry_set_perm(header, 0o644)
            archive_entry_set_size(header, entry.size)
            archive_entry_set_mtime(header, now, 0)
            try check(archive_write_header(archive, header))
            let source = try FileIO.openForReading(directory + "/" + entry.path)
            defer { close(source) }
            try ChunkBuffers.with { buffer in
                while true {
                    let n = try FileIO.read(source, into: buffer, count: buffer.count, at: nil, path: directory + "/" + entry.path)
                    if n == 0 { return }
                    guard archive_write_data(archive, buffer.baseAddress, n) == n else { throw ArchiveUnreadable(path: path, message: Self.message(archive)) }
                    control.add(n)
                }
            }
            try check(archive_write_finish_entry(archive))
        }
        try check(archive_write_close(archive))
        guard fsync(fd) == 0 else { throw FileSystem.fail("fsync", path) }
    }

    private static func write(directory name: String, now: time_t, into archive: OpaquePointer, check: (Int32) throws -> Void) throws {
        guard let header = archive_entry_new() else { return }
        defer { archive_entry_free(header) }
        archive_entry_set_pathname_utf8(header, name + "/")
        archive_entry_set_filetype(header, 0o040000 /* AE_IFDIR */)
        archive_entry_set_perm(header, 0o755)
        archive_entry_set_mtime(header, now, 0)
        try check(archive_write_header(archive, header))
    }

    private static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "libarchive error \(archive_errno(archive))"
    }
}
