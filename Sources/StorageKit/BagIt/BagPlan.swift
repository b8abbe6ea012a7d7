import Foundation

/// What a bag promises, read from its tag files without hashing anything: every file and
/// the digests its manifests expect. `BagPlan.read` does the structural checks (bagit.txt,
/// every payload file listed in every payload manifest, nothing listed that is missing,
/// Payload-Oxum, no symlinks); `problems(with:)` compares digests once they are computed.
struct BagPlan: Sendable {
    /// Every regular file of the bag (payload and tag files), sorted by path.
    var files: [FileSystem.Entry]
    /// Directories, so a copy can recreate empty ones too.
    var directories: [String]
    var manifests: [BagManifest]

    var totalBytes: Int64 { files.reduce(0) { $0 + $1.size } }

    static func isBag(_ path: String) -> Bool { FileSystem.kind(at: path + "/bagit.txt") == .file }

    /// The algorithms to compute for `path`: those of the manifests that list it, and SHA-256.
    func algorithms(for path: String) -> Set<DigestAlgorithm> {
        var set: Set<DigestAlgorithm> = [.sha256]
        for m in manifests where m.entries[path] != nil { set.insert(m.algorithm) }
        return set
    }

    /// Reads the bag at `root`; throws `BagInvalid` naming every problem.
    static func read(_ root: String, side: String) throws -> BagPlan {
        let (plan, problems) = try inspect(root, side: side)
        guard problems.isEmpty else { throw BagInvalid(side: side, problems: problems) }
        return plan
    }

    /// Reads the bag at `root` and returns the structural problems instead of throwing, so
    /// a fixity check can hash what is there and name every bad file at once. Throws only
    /// when there is no bag to read.
    static func inspect(_ root: String, side: String) throws -> (BagPlan, [BagProblem]) {
        try inspect(entries: try FileSystem.walk(root), side: side) { name in
            try? String(contentsOfFile: root + "/" + name, encoding: .utf8)
        }
    }

    /// The same checks on a bag's entries listed another way (inside an archive);
    /// `tagText` gives the text of a top-level tag file, or nil when it is not UTF-8.
    static func inspect(entries: [FileSystem.Entry], side: String, tagText: (String) -> String?) throws -> (BagPlan, [BagProblem]) {
        var problems: [BagProblem] = []
        for e in entries where e.kind == .symlink { problems.append(.invalid(e.path, "\(e.path): a symlink (ss refuses symlinks inside packages)")) }
        for e in entries where e.kind == .other { problems.append(.invalid(e.path, "\(e.path): not a regular file or directory")) }
        let files = entries.filter { $0.kind == .file }
        let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0) })

        guard byPath["bagit.txt"] != nil, let declaration = tagText("bagit.txt") else {
            throw BagInvalid(side: side, problems: [.invalid("bagit.txt", "bagit.txt is missing or not UTF-8")])
        }
        if !declaration.contains("BagIt-Version:") { problems.append(.invalid("bagit.txt", "bagit.txt has no BagIt-Version")) }
        if byPath["fetch.txt"] != nil { problems.append(.invalid("fetch.txt", "fetch.txt: bags that fetch files are not supported")) }

        var manifests: [BagManifest] = []
        for file in files where !file.path.utf8.contains(UInt8(ascii: "/")) {
            guard let (algorithm, isTag) = BagManifest.kind(of: file.path) else { continue }
            guard let text = tagText(file.path) else {
                problems.append(.invalid(file.path, "\(file.path): not readable as UTF-8"))
                continue
            }
            let (manifest, found) = BagManifest.parse(text, fileName: file.path, algorithm: algorithm, isTag: isTag)
            manifests.append(manifest)
            problems += found.map { .invalid(file.path, $0) }
        }
        let payloadManifests = manifests.filter { !$0.isTagManifest }
        if payloadManifests.isEmpty { problems.append(.invalid("", "no payload manifest (manifest-sha256.txt, -sha512, -sha1 or -md5)")) }

        // Byte for byte (`inside`): `data/\u{301}x` is in data/ however Characters group it.
        let payload = files.filter { $0.path.inside("data") != nil }
        for m in manifests {
            for path in m.entries.keys.sorted() where byPath[path] == nil {
                problems.append(BagProblem(kind: .missing, path: path, message: "\(path): listed in \(m.fileName) but missing"))
            }
        }
        for m in payloadManifests {
            for file in payload where m.entries[file.path] == nil {
                problems.append(BagProblem(kind: .untracked, path: file.path, message: "\(file.path): not listed in \(m.fileName)"))
            }
            for path in m.entries.keys where path.inside("data") == nil {
                problems.append(.invalid(path, "\(path): listed in \(m.fileName) but outside data/"))
            }
        }
        if byPath["bag-info.txt"] != nil, let oxum = tagText("bag-info.txt").flatMap(oxum(bagInfo:)) {
            let bytes = payload.reduce(Int64(0)) { $0 + $1.size }
            if oxum != (bytes, payload.count) {
                problems.append(.invalid("bag-info.txt", "bag-info.txt: Payload-Oxum says \(oxum.bytes) bytes in \(oxum.files) files, the payload has \(bytes) bytes in \(payload.count) files"))
            }
        }
        return (BagPlan(files: files, directories: entries.filter { $0.kind == .directory }.map(\.path), manifests: manifests), problems)
    }

    /// `Payload-Oxum: <bytes>.<files>` from bag-info.txt's text, if it has a well-formed one.
    static func oxum(bagInfo info: String) -> (bytes: Int64, files: Int)? {
        for line in info.split(whereSeparator: \.isNewline) where line.lowercased().hasPrefix("payload-oxum:") {
            let value = line.dropFirst("payload-oxum:".count).trimmingCharacters(in: .whitespaces).split(separator: ".")
            if value.count == 2, let bytes = Int64(value[0]), let files = Int(value[1]) { return (bytes, files) }
        }
        return nil
    }

    /// Files whose computed digests differ from what the manifests expect.
    func problems(with digests: [String: Digests]) -> [BagProblem] {
        var out: [BagProblem] = []
        for m in manifests {
            for (path, expected) in m.entries.sorted(by: { $0.key < $1.key }) {
                guard let actual = digests[path]?[m.algorithm] else { continue }
                if actual != expected {
                    out.append(BagProblem(kind: .changed, path: path, message: "\(path): \(m.algorithm.rawValue) is \(actual), \(m.fileName) says \(expected)",
                                           expected: expected, actual: actual, algorithm: m.algorithm.rawValue))
                }
            }
        }
        return out
    }
}

/// A bag that does not match its own manifests; `problems` name the files.
struct BagInvalid: Error, CustomStringConvertible {
    /// `source`, `destination` or `stored copy`.
    var side: String
    var problems: [BagProblem]

    var description: String {
        let shown = problems.prefix(10).map(\.message).joined(separator: "; ")
        let more = problems.count > 10 ? "; and \(problems.count - 10) more" : ""
        return "the bag at the \(side) is invalid: \(shown)\(more)"
    }
}
