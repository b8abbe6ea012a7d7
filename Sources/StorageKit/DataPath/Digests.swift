import Crypto
import Foundation

/// The digests BagIt manifests name (and SHA-256, which ss keeps for every package).
public enum DigestAlgorithm: String, Sendable, CaseIterable, Comparable {
    case md5, sha1, sha256, sha512

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    fileprivate func makeHasher() -> any HashFunction {
        switch self {
        case .md5: Insecure.MD5()
        case .sha1: Insecure.SHA1()
        case .sha256: SHA256()
        case .sha512: SHA512()
        }
    }
}

/// Hex digests of one file, by algorithm.
public typealias Digests = [DigestAlgorithm: String]

/// Feeds the same bytes to several hash functions at once, so a file is read once
/// whatever number of manifests name it.
struct MultiHasher {
    private var hashers: [(DigestAlgorithm, any HashFunction)]

    init(_ algorithms: Set<DigestAlgorithm>) {
        hashers = algorithms.sorted().map { ($0, $0.makeHasher()) }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        for i in hashers.indices { hashers[i].1.update(bufferPointer: bytes) }
    }

    func finalize() -> Digests {
        var out: Digests = [:]
        for (algorithm, hasher) in hashers { out[algorithm] = Self.hex(hasher.finalize()) }
        return out
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for b in digest {
            bytes.append(digits[Int(b >> 4)])
            bytes.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A package's SHA-256: of the bytes for a file; for a directory, of its sorted manifest
/// (`<sha256>  <path>\n` for every file), so that two copies agree exactly when every
/// file and every name does.
public enum PackageDigest {
    public static func of(files: [String: String]) -> String {
        var hasher = SHA256()
        for path in files.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            hasher.update(data: Data("\(files[path]!)  \(path)\n".utf8))
        }
        return MultiHasher.hex(hasher.finalize())
    }
}
