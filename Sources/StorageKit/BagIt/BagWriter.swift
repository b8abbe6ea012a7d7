import Foundation

/// Rewrites what a bag says of its payload after the payload changed (the merge of a
/// re-ingest): every payload manifest it has (SHA-256 when it has none), `Payload-Oxum` in
/// `bag-info.txt`, and every tag manifest, as bagit-python's `save(manifests=True)` does for
/// the Storage Service. Paths are written as BagIt 1.0 encodes them (`%`, CR and LF escaped).
enum BagWriter {
    static func rebag(_ root: String, control: TransferControl) throws {
        let top = try FileManager.default.contentsOfDirectory(atPath: root)
        var payloadAlgorithms: Set<DigestAlgorithm> = [], tagAlgorithms: Set<DigestAlgorithm> = []
        for name in top {
            guard let kind = BagManifest.kind(of: name) else { continue }
            if kind.isTag { tagAlgorithms.insert(kind.algorithm) } else { payloadAlgorithms.insert(kind.algorithm) }
        }
        if payloadAlgorithms.isEmpty { payloadAlgorithms = [.sha256] }
        let version = (try? String(contentsOfFile: root + "/bagit.txt", encoding: .utf8)).flatMap { text in
            text.split(whereSeparator: \.isNewline).first { $0.hasPrefix("BagIt-Version:") }.map { $0.dropFirst("BagIt-Version:".count).trimmingCharacters(in: .whitespaces) }
        } ?? "1.0"
        let escapesPercent = !version.hasPrefix("0.")
        let payload = try TreeCopier.entries(of: root + "/data").filter { $0.kind == .file }.map { "data/" + $0.path }
        try writeManifests("manifest", payload, payloadAlgorithms, in: root, escapesPercent: escapesPercent, control: control)
        let bytes = try payload.reduce(Int64(0)) { $0 + (try FileSystem.size(of: root + "/" + $1)) }
        try setOxum("\(bytes).\(payload.count)", in: root)
        guard !tagAlgorithms.isEmpty else { return }
        let tags = try TreeCopier.entries(of: root).filter { entry in
            entry.kind == .file && !entry.path.hasPrefix("data/") && BagManifest.kind(of: entry.path).map({ !$0.isTag }) ?? true
        }.map(\.path)
        try writeManifests("tagmanifest", tags, tagAlgorithms, in: root, escapesPercent: escapesPercent, control: control)
    }

    private static func writeManifests(_ prefix: String, _ paths: [String], _ algorithms: Set<DigestAlgorithm>, in root: String,
                                       escapesPercent: Bool, control: TransferControl) throws {
        var lines: [DigestAlgorithm: [String]] = [:]
        for path in paths.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let digests = try FileIO.hash(root + "/" + path, algorithms: algorithms, control: control)
            for algorithm in algorithms { lines[algorithm, default: []].append("\(digests[algorithm]!)  \(encoded(path, escapesPercent: escapesPercent))") }
        }
        for algorithm in algorithms {
            let text = (lines[algorithm] ?? []).map { $0 + "\n" }.joined()
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(root)/\(prefix)-\(algorithm.rawValue).txt"))
        }
    }

    /// Replaces the `Payload-Oxum` line of `bag-info.txt`, or adds one.
    private static func setOxum(_ oxum: String, in root: String) throws {
        let path = root + "/bag-info.txt"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let line = "Payload-Oxum: \(oxum)"
        if let i = lines.firstIndex(where: { $0.lowercased().hasPrefix("payload-oxum:") }) { lines[i] = line } else { lines.append(line) }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }

    private static func encoded(_ path: String, escapesPercent: Bool) -> String {
        (escapesPercent ? path.replacingOccurrences(of: "%", with: "%25") : path)
            .replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }
}
