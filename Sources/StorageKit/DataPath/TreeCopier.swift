import Foundation
import Synchronization

/// Copies a file or a directory tree that is not a bag (a transfer on its way into a
/// pipeline's shared directory) into a temporary path, each file read once and read back
/// (`FileCopier`): the copy holds exactly the source's bytes or the copy fails. What a
/// tree may hold is files and directories; a symlink or a device in it is refused, so
/// that nothing outside the origin is read through it, now or by the pipeline later.
enum TreeCopier {
    struct Report: Sendable, Equatable {
        var files: Int
        var bytes: Int64
        /// Each file's SHA-256, by path below the tree (a file alone: its name).
        var digests: [String: String] = [:]
    }

    /// Copies `source` to `temporary`; of a directory, only the files and directories whose
    /// paths below it `selected` accepts (with the directories above them).
    static func copy(from source: String, to temporary: String, control: TransferControl,
                     selected: (String) -> Bool = { _ in true }) throws -> Report {
        guard FileSystem.kind(at: source) == .directory else {
            control.expect(2 * (try FileSystem.size(of: source)))
            let name = (source as NSString).lastPathComponent
            let digest = try copyFile(source, temporary, name: name, control: control)
            return Report(files: 1, bytes: try FileSystem.size(of: source), digests: [name: digest])
        }
        let entries = try entries(of: source).filter { selected($0.path) }
        let files = entries.filter { $0.kind == .file }
        control.expect(2 * files.reduce(0) { $0 + $1.size })
        try FileSystem.makeDirectory(temporary)
        for entry in entries {
            try FileSystem.makeDirectories(entry.kind == .directory ? entry.path : (entry.path as NSString).deletingLastPathComponent, under: temporary)
        }
        let digests = Mutex<[String: String]>([:])
        try BlockingIO.forEach(count: files.count, width: 2, control: control) { i in
            let digest = try copyFile(source + "/" + files[i].path, temporary + "/" + files[i].path, name: files[i].path, control: control)
            digests.withLock { $0[files[i].path] = digest }
        }
        return Report(files: files.count, bytes: files.reduce(0) { $0 + $1.size }, digests: digests.withLock { $0 })
    }

    /// Whether `copy` holds what `source` holds, name for name and byte for byte: a
    /// previous attempt's copy renamed into place before a crash is then adopted.
    static func same(_ source: String, _ copy: String, control: TransferControl) throws -> Bool {
        let isTree = FileSystem.kind(at: source) == .directory
        guard isTree == (FileSystem.kind(at: copy) == .directory) else { return false }
        let a = isTree ? try entries(of: source) : [], b = isTree ? try entries(of: copy) : []
        guard a.map(\.path) == b.map(\.path), zip(a, b).allSatisfy({ $0.kind == $1.kind && $0.size == $1.size }) else { return false }
        let files = isTree ? a.filter { $0.kind == .file }.map { "/" + $0.path } : [""]
        let differs = Atomic(false)
        try BlockingIO.forEach(count: files.count, width: 2, control: control) { i in
            let x = try FileIO.hash(source + files[i], algorithms: [.sha256], control: control)
            let y = try FileIO.hash(copy + files[i], algorithms: [.sha256], control: control)
            if x != y { differs.store(true, ordering: .relaxed) }
        }
        return !differs.load(ordering: .relaxed)
    }

    /// Every entry below `root`, refusing anything but files and directories.
    static func entries(of root: String) throws -> [FileSystem.Entry] {
        let entries = try FileSystem.walk(root)
        if let odd = entries.first(where: { $0.kind != .file && $0.kind != .directory }) {
            throw StorageError(.damaged, "'\(odd.path)' in \(root) is a \(odd.kind == .symlink ? "symlink" : "special file"): only files and directories are copied",
                               .init(path: root + "/" + odd.path))
        }
        return entries
    }

    /// Copies one file, read back; returns its SHA-256.
    private static func copyFile(_ from: String, _ to: String, name: String, control: TransferControl) throws -> String {
        let result = try FileCopier.copy(from: from, to: to, algorithms: [.sha256], control: control)
        guard result.source == result.destination, let digest = result.source[.sha256] else { throw DestinationMismatch(files: [name]) }
        return digest
    }
}
