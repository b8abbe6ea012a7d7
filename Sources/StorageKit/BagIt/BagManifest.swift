import Foundation

/// One manifest file of a bag (`manifest-sha256.txt`, `tagmanifest-md5.txt`, …): the
/// digest it expects for each path.
struct BagManifest: Sendable {
    var fileName: String
    var algorithm: DigestAlgorithm
    var isTagManifest: Bool
    /// Path (relative to the bag, `/`-separated) → lower-case hex digest.
    var entries: [String: String]

    /// `manifest-<alg>.txt` or `tagmanifest-<alg>.txt` with an algorithm ss knows; nil otherwise.
    static func kind(of fileName: String) -> (algorithm: DigestAlgorithm, isTag: Bool)? {
        for (prefix, isTag) in [("manifest-", false), ("tagmanifest-", true)] where fileName.hasPrefix(prefix) && fileName.hasSuffix(".txt") {
            let name = fileName.dropFirst(prefix.count).dropLast(4)
            return DigestAlgorithm(rawValue: String(name)).map { ($0, isTag) }
        }
        return nil
    }

    /// Parses `<digest> <path>` lines (any run of spaces or tabs between; `%0A`, `%0D`
    /// and `%25` in paths decoded as BagIt 1.0 says). Returns the problems it found.
    static func parse(_ text: String, fileName: String, algorithm: DigestAlgorithm, isTag: Bool) -> (BagManifest, [String]) {
        var entries: [String: String] = [:]
        var problems: [String] = []
        for (number, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard let gap = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                problems.append("\(fileName) line \(number + 1): no path after the digest")
                continue
            }
            let digest = line[..<gap].lowercased()
            var path = String(line[gap...].drop(while: { $0 == " " || $0 == "\t" }))
            path = path.replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%0D", with: "\r")
                .replacingOccurrences(of: "%25", with: "%")
            while path.hasPrefix("./") { path.removeFirst(2) }
            guard !path.isEmpty, !path.hasPrefix("/"), !path.slashSeparated.contains("..") else {
                problems.append("\(fileName) line \(number + 1): path '\(path)' leaves the bag")
                continue
            }
            if entries[path] != nil { problems.append("\(fileName): '\(path)' is listed twice") }
            entries[path] = digest
        }
        return (BagManifest(fileName: fileName, algorithm: algorithm, isTagManifest: isTag, entries: entries), problems)
    }
}
