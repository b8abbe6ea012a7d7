import Crypto
import Foundation
import StorageKit

/// Writes BagIt 1.0 bags for tests: payload files with a SHA-256 manifest (or MD5),
/// bag-info.txt with Payload-Oxum, and a tag manifest.
public enum BagFixture {
    /// `files` maps payload paths (under `data/`) to contents.
    @discardableResult
    public static func make(at root: String, files: [String: Data], algorithm: String = "sha256") throws -> String {
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
        var manifest = ""
        for (path, data) in files.sorted(by: { $0.key < $1.key }) {
            let full = root + "/data/" + path
            try fm.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: full))
            manifest += "\(digest(data, algorithm))  data/\(path)\n"
        }
        try write(root + "/manifest-\(algorithm).txt", manifest)
        try write(root + "/bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
        let bytes = files.values.reduce(0) { $0 + $1.count }
        try write(root + "/bag-info.txt", "Payload-Oxum: \(bytes).\(files.count)\nSource-Organization: ss tests\n")
        var tags = ""
        for name in ["bag-info.txt", "bagit.txt", "manifest-\(algorithm).txt"] {
            tags += "\(digest(try Data(contentsOf: URL(fileURLWithPath: root + "/" + name)), algorithm))  \(name)\n"
        }
        try write(root + "/tagmanifest-\(algorithm).txt", tags)
        return root
    }

    /// A bag of `count` files of `size` random bytes each.
    @discardableResult
    public static func random(at root: String, count: Int = 5, size: Int = 10_000) throws -> String {
        var files: [String: Data] = [:]
        for i in 0..<count { files["objects/file-\(i).bin"] = randomData(size) }
        files["metadata/METS.xml"] = Data("<mets/>\n".utf8)
        return try make(at: root, files: files)
    }

    /// How a bag is compressed into one file, with the real tools: 7-Zip with bzip2
    /// (Archivematica's default) or LZMA, a zip by 7-Zip, tar plain, with gzip, bzip2 or xz.
    public enum Archive: String, CaseIterable, Sendable, CustomStringConvertible {
        case sevenZipBzip2 = "7z-bzip2", sevenZipLZMA = "7z-lzma", zip, tar, tarGz = "tar.gz", tarBz2 = "tar.bz2", tarXz = "tar.xz"

        public var suffix: String {
            switch self {
            case .sevenZipBzip2, .sevenZipLZMA: ".7z"
            case .zip: ".zip"
            case .tar: ".tar"
            case .tarGz: ".tar.gz"
            case .tarBz2: ".tar.bz2"
            case .tarXz: ".tar.xz"
            }
        }

        public var description: String { rawValue }
    }

    /// Compresses the directory `bag` into `file` (absolute), the bag's directory at the top
    /// of the archive as Archivematica puts it; returns `file`.
    @discardableResult
    public static func archive(_ bag: String, as format: Archive, to file: String) throws -> String {
        let parent = (bag as NSString).deletingLastPathComponent, name = (bag as NSString).lastPathComponent
        let (tool, arguments): (String, [String]) = switch format {
        case .sevenZipBzip2: ("/usr/bin/7z", ["a", "-bd", "-t7z", "-m0=bzip2", file, name])
        case .sevenZipLZMA: ("/usr/bin/7z", ["a", "-bd", "-t7z", "-m0=lzma2", file, name])
        case .zip: ("/usr/bin/7z", ["a", "-bd", "-tzip", file, name])
        case .tar: ("/bin/tar", ["-C", parent, "-cf", file, name])
        case .tarGz: ("/bin/tar", ["-C", parent, "-czf", file, name])
        case .tarBz2: ("/bin/tar", ["-C", parent, "-cjf", file, name])
        case .tarXz: ("/bin/tar", ["-C", parent, "-cJf", file, name])
        }
        let result = try runProcess("/bin/sh", ["-c", "cd \"$0\" && exec \"$@\"", parent, tool] + arguments, environment: ProcessInfo.processInfo.environment, timeout: 120)
        guard result.status == 0 else { throw TestFailure("\(tool) failed: \(result.stdout) \(result.stderr)") }
        return file
    }

    public static func randomData(_ size: Int) -> Data {
        let urandom = FileHandle(forReadingAtPath: "/dev/urandom")!
        defer { try? urandom.close() }
        return urandom.readData(ofLength: size)
    }

    public static func sha256(_ data: Data) -> String { digest(data, "sha256") }

    /// Every file below `root` with its bytes, by relative path: two trees are the same
    /// copy when these are equal.
    public static func contents(of root: String) -> [String: Data] {
        var out: [String: Data] = [:]
        for path in FileManager.default.subpaths(atPath: root) ?? [] where FileSystem.kind(at: root + "/" + path) == .file {
            out[path] = FileManager.default.contents(atPath: root + "/" + path)
        }
        return out
    }

    private static func digest(_ data: Data, _ algorithm: String) -> String {
        let bytes: [UInt8] = algorithm == "md5" ? Array(Insecure.MD5.hash(data: data)) : Array(SHA256.hash(data: data))
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    private static func write(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
