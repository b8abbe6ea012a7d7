import Foundation

/// Where a package lives inside a location, and how its temporaries are named.
///
/// The path is the UUID's 32 hex digits in groups of four, one directory each, then the
/// package's name (as Archivematica lays out AIP stores), so that no directory holds more
/// than 65,536 entries however many AIPs a location has.
public enum PackageLayout {
    public static func path(uuid: UUID, name: String) -> String {
        let hex = uuid.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        var groups: [Substring] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 4)
            groups.append(hex[index..<next])
            index = next
        }
        return groups.joined(separator: "/") + "/" + name
    }

    /// Temporaries sit at the location's top level with this prefix and the package's UUID,
    /// so a retry finds (and removes) those of its package, and nothing else starts with it.
    public static let temporaryPrefix = ".ss-tmp-"

    public static func temporaryName(uuid: UUID, purpose: String) -> String {
        "\(temporaryPrefix)\(uuid.uuidString.lowercased())-\(purpose)"
    }

    /// Where a stored version waits, at its location's top level, while the re-ingested
    /// version of the same name takes its place: not a temporary (no retry removes it), and
    /// named for the job, so that only the job that set it aside ever takes it for its own;
    /// the commit of the new version names it as the copy left to remove.
    public static func setAsideName(uuid: UUID, job: UUID) -> String {
        ".ss-old-\(uuid.uuidString.lowercased())-\(job.uuidString.lowercased())"
    }

    /// Removes the temporaries named for `uuid` in `directory`: what a crashed attempt
    /// left before its rename.
    static func removeTemporaries(of uuid: UUID, in directory: String) throws {
        let prefix = temporaryPrefix + uuid.uuidString.lowercased()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(prefix) {
            try FileSystem.removeTree(directory + "/" + name)
        }
    }

    /// A compressed AIP's name without its archive suffix (`aip-<uuid>.7z` → `aip-<uuid>`):
    /// the bag's directory inside, as Archivematica names it.
    public static func bagName(_ name: String) -> String {
        let suffix = ArchivedBag.suffixes.first { name.lowercased().hasSuffix($0) } ?? ""
        return String(name.dropLast(suffix.count))
    }

    /// The UUID that ends an Archivematica AIP name (`<name>-<uuid>[.7z|.tar.gz|…]`).
    public static func uuid(fromName name: String) -> UUID? {
        let pattern = #"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(\.[A-Za-z0-9]+)*$"#
        guard let range = name.range(of: pattern, options: .regularExpression) else { return nil }
        return UUID(uuidString: String(name[range].prefix(36)))
    }
}
