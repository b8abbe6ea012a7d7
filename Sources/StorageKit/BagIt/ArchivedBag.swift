import Foundation

/// A bag inside an archive file: the compressed AIPs Archivematica makes (`.7z` by
/// default, `.tar`, `.tar.gz`, `.tar.bz2`, `.tar.xz`) and `.zip`. It is validated as a bag directory is
/// (every manifest entry's digest, nothing missing or untracked, Payload-Oxum, no links)
/// while its entries stream out of libarchive, and nothing is extracted to disk. The bag is
/// the archive's one top directory (`<name>-<uuid>/bagit.txt`) or its root.
enum ArchivedBag {
    /// A package whose name ends so is an archive, and must hold a valid bag. A `.zip` is
    /// read only when every reader would list the same entries (`ZipDirectory`).
    static let suffixes = [".7z", ".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz"]

    static func isArchive(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent.lowercased()
        return suffixes.contains { name.hasSuffix($0) }
    }

    /// Tag files are kept in memory to be parsed, up to this much in all; beyond it they
    /// are not read (and the bag is invalid for it).
    private static let tagLimit = 256 << 20

    /// The names of the tag files `BagPlan` reads.
    static func isTagFile(_ name: String) -> Bool {
        ["bagit.txt", "bag-info.txt", "fetch.txt"].contains(name) || BagManifest.kind(of: name) != nil
    }

    /// Where the bag is in the archive, from its entries' names alone (one read that
    /// skips every entry's data): `""` at its root, else its one top directory; nil
    /// when it holds no bag.
    static func root(_ path: String, control: TransferControl) throws -> String? {
        let reader = try ArchiveReader(path, control: control)
        var pass = Pass()
        while let entry = try reader.next() {
            if !entry.path.isEmpty { pass.entries.append(FileSystem.Entry(path: entry.path, kind: entry.kind, size: 0)) }
        }
        return pass.bagRoot
    }

    /// Throws `BagInvalid` naming every problem of the bag inside, or the archive's own
    /// (unreadable, truncated) as the bag's.
    static func validate(_ path: String, side: String, control: TransferControl) throws {
        let found: [BagProblem]
        do {
            found = try problems(path, side: side, control: control)
        } catch let unreadable as ArchiveUnreadable {
            found = [.invalid("", unreadable.description)]
        }
        guard found.isEmpty else { throw BagInvalid(side: side, problems: found) }
    }

    /// Reads the archive and returns every problem of the bag inside (none: it is valid).
    /// Throws `ArchiveUnreadable` when the archive itself cannot be read, and `BagInvalid`
    /// when it holds no bag at all.
    static func problems(_ path: String, side: String, control: TransferControl) throws -> [BagProblem] {
        var pass = try Pass.run(path, control: control, extra: [:])
        guard let root = pass.bagRoot else {
            throw BagInvalid(side: side, problems: [.invalid("bagit.txt", "\((path as NSString).lastPathComponent) holds no bag: no bagit.txt at its top or in its one directory")])
        }
        // Paths inside the bag, and back: every entry is in it (`bagRoot` saw to that).
        let inBag = { (p: String) in root.isEmpty ? p : p.inside(root) ?? p }
        let inArchive = { (p: String) in root.isEmpty ? p : root + "/" + p }
        let (plan, structural) = try BagPlan.inspect(
            entries: pass.entries.filter { $0.path != root }.map { FileSystem.Entry(path: inBag($0.path), kind: $0.kind, size: $0.size) },
            side: side
        ) { name in pass.tags[inArchive(name)].flatMap { String(data: $0, encoding: .utf8) } }
        // A manifest of an algorithm met only after the files it lists: a second pass for those.
        var extra: [String: Set<DigestAlgorithm>] = [:]
        for m in plan.manifests {
            for file in m.entries.keys where pass.digests[inArchive(file)].map({ $0[m.algorithm] == nil }) ?? false {
                extra[inArchive(file), default: []].insert(m.algorithm)
            }
        }
        if !extra.isEmpty {
            let again = try Pass.run(path, control: control, extra: extra)
            for (file, digests) in again.digests { pass.digests[file, default: [:]].merge(digests) { a, _ in a } }
        }
        let digests = Dictionary(uniqueKeysWithValues: pass.digests.map { (inBag($0.key), $0.value) })
        return pass.problems + structural + plan.problems(with: digests)
    }

    /// One read of the archive: every entry with its size, the digests of every file
    /// (SHA-256, and the algorithms of the manifests met so far or asked for in `extra`),
    /// and the text of the tag files.
    private struct Pass {
        var entries: [FileSystem.Entry] = []
        var digests: [String: Digests] = [:]
        var tags: [String: Data] = [:]
        var problems: [BagProblem] = []

        /// `""` when bagit.txt is at the archive's root, its directory when it is in the
        /// one top directory, nil when neither.
        var bagRoot: String? {
            let files = Set(entries.filter { $0.kind == .file }.map(\.path))
            if files.contains("bagit.txt") { return "" }
            let tops = Set(entries.map { $0.path.slashSeparated.first ?? "" })
            guard tops.count == 1, let top = tops.first, files.contains(top + "/bagit.txt") else { return nil }
            return top
        }

        static func run(_ path: String, control: TransferControl, extra: [String: Set<DigestAlgorithm>]) throws -> Pass {
            let reader = try ArchiveReader(path, control: control)
            var pass = Pass()
            var names: Set<String> = []
            var seen: Set<DigestAlgorithm> = [.sha256]
            var kept = 0
            while let entry = try reader.next() {
                let name = entry.path
                guard !name.isEmpty else { continue }
                if name.hasPrefix("/") || name.slashSeparated.contains("..") {
                    pass.problems.append(.invalid(name, "\(name): a path that leaves the archive"))
                    continue
                }
                if let problem = entry.problem {
                    pass.problems.append(.invalid(name, "\(name): \(problem) (ss refuses it inside packages)"))
                    continue
                }
                guard names.insert(name).inserted else {
                    pass.problems.append(.invalid(name, "\(name): in the archive twice"))
                    continue
                }
                guard entry.kind == .file else {
                    pass.entries.append(FileSystem.Entry(path: name, kind: entry.kind, size: 0))
                    if entry.isHardLink { pass.problems.append(.invalid(name, "\(name): a hard link (ss refuses links inside packages)")) }
                    continue
                }
                let parts = name.slashSeparated, base = parts.last ?? name
                if let (algorithm, _) = BagManifest.kind(of: base) { seen.insert(algorithm) }
                let isTag = parts.count <= 2 && isTagFile(base)
                var hasher = MultiHasher(seen.union(extra[name] ?? []))
                var text = Data()
                let size = try reader.read { bytes in
                    hasher.update(bytes)
                    if isTag, kept + text.count + bytes.count <= tagLimit { text.append(contentsOf: bytes) }
                }
                pass.entries.append(FileSystem.Entry(path: name, kind: .file, size: size))
                pass.digests[name] = hasher.finalize()
                if isTag, text.count == size {
                    pass.tags[name] = text
                    kept += text.count
                }
            }
            return pass
        }
    }
}
