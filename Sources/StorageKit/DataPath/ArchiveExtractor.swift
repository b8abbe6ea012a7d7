import Foundation

/// Writes some files of the bag inside an archive out as a directory (what a re-ingest
/// sends a pipeline from a compressed AIP), streamed out of libarchive. Each file is
/// written new (never over anything, inside the directory it was meant for even if the
/// tree changes meanwhile: the pipeline's shared directory is the pipeline's), made durable
/// and read back against the bytes that came out of the archive; only files and
/// directories are written, and only below the bag's own directory in the archive.
enum ArchiveExtractor {
    /// Extracts the entries whose path inside the bag `selected` accepts into `directory`
    /// (made first), which then holds them at the same paths. Returns what was written and
    /// the bag's directory name: its top directory in the archive, or the archive's name
    /// without its suffix when the bag is at the archive's root.
    static func extract(_ archive: String, into directory: String, control: TransferControl,
                        selected: (String) -> Bool = { _ in true }) throws -> (report: TreeCopier.Report, bag: String) {
        guard let root = try ArchivedBag.root(archive, control: control) else {
            throw BagInvalid(side: "stored copy", problems: [.invalid("bagit.txt", "\((archive as NSString).lastPathComponent) holds no bag")])
        }
        try FileSystem.makeDirectory(directory)
        let reader = try ArchiveReader(archive, control: control)
        var report = TreeCopier.Report(files: 0, bytes: 0)
        while let entry = try reader.next() {
            guard let path = root.isEmpty ? entry.path : entry.path.inside(root), !path.isEmpty, selected(path) else { continue }
            if let problem = entry.problem { throw ArchiveUnreadable(path: archive, message: "'\(entry.path)' has \(problem)") }
            switch entry.kind {
            case .directory:
                try FileSystem.makeDirectories(path, under: directory)
            case .file:
                try FileSystem.makeDirectories((path as NSString).deletingLastPathComponent, under: directory)
                let target = directory + "/" + path
                let (size, digest) = try write(reader, to: target)
                guard try FileIO.hash(target, algorithms: [.sha256], control: control)[.sha256] == digest else {
                    throw DestinationMismatch(files: [path])
                }
                report.files += 1
                report.bytes += size
                report.digests[path] = digest
            default:
                continue  // a validated bag holds no other kind
            }
        }
        return (report, root.isEmpty ? PackageLayout.bagName((archive as NSString).lastPathComponent) : root)
    }

    /// The current entry's data into a new file at `path`, made durable: its size and SHA-256.
    private static func write(_ reader: ArchiveReader, to path: String) throws -> (Int64, String) {
        let fd = try FileSystem.createFile(path)
        defer { close(fd) }
        var hasher = MultiHasher([.sha256])
        let size = try reader.read { bytes in
            hasher.update(bytes)
            try FileIO.writeAll(fd, bytes, path: path)
        }
        guard fsync(fd) == 0 else { throw FileSystem.fail("fsync", path) }
        return (size, hasher.finalize()[.sha256]!)
    }
}
