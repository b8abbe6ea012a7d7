import Crypto
import Foundation
import Logging
import PostgresNIO
import QueueKit

/// API keys of `ss-cli serve`: one per user, shown once when made, stored as a SHA-256
/// digest (a random 160-bit key needs no slow hash: nothing can be guessed from it).
public enum APIKeys {
    public struct Entry: Sendable, Encodable {
        public var username: String
        public var createdAt: String
        public var createdBy: String
        public var lastUsedAt: String?

        enum CodingKeys: String, CodingKey {
            case username
            case createdAt = "created_at", createdBy = "created_by", lastUsedAt = "last_used_at"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(username, forKey: .username)
            try c.encode(createdAt, forKey: .createdAt)
            try c.encode(createdBy, forKey: .createdBy)
            try c.encode(lastUsedAt, forKey: .lastUsedAt)
        }
    }

    /// Makes a key for `user` and returns it; the only time it can be read. A user who has
    /// one already is a `conflict` unless `replace` is set (the old key stops working).
    public static func create(user: String, replace: Bool, actor: String, on db: some PostgresExecutor, logger: Logger) async throws -> String {
        try check(user)
        let key = newKey()
        let written = try await db.rows(APISQL.insertKey(user, sha256: digest(key), by: actor, replace: replace), logger: logger)
        guard !written.isEmpty else {
            throw QueueError(.conflict, "user '\(user)' has a key already; pass --replace to make a new one (the old one stops working)")
        }
        return key
    }

    public static func list(on db: some PostgresExecutor, logger: Logger) async throws -> [Entry] {
        try await db.decode(APISQL.listKeys, as: (String, Date, String, Date?).self, logger: logger).map {
            Entry(username: $0.0, createdAt: RFC3339.string($0.1), createdBy: $0.2, lastUsedAt: $0.3.map(RFC3339.string))
        }
    }

    public static func revoke(user: String, on db: some PostgresExecutor, logger: Logger) async throws {
        guard !(try await db.rows(APISQL.deleteKey(user), logger: logger)).isEmpty else {
            throw QueueError(.notFound, "user '\(user)' has no API key (see `ss-cli apikey list`)")
        }
    }

    /// Whether `key` is `user`'s key. Digests are compared in constant time, and an
    /// unknown user costs the same comparison, so timing tells nothing.
    public static func verify(user: String, key: String, on db: some PostgresExecutor, logger: Logger) async throws -> Bool {
        let row = try await db.decode(APISQL.keyHash(user), as: (ByteBuffer, Bool).self, logger: logger).first
        let stored = row.map { Array($0.0.readableBytesView) } ?? Array(repeating: 0, count: 32)
        let matches = constantTimeEqual(digest(key), stored) && row != nil
        if matches, row?.1 == true { try await db.run(APISQL.touchKey(user), logger: logger) }
        return matches
    }

    static func check(_ user: String) throws {
        guard !user.isEmpty, user.count <= 150, !user.contains(":"), !user.contains(where: \.isWhitespace) else {
            throw QueueError(.invalidInput, "invalid user name '\(user)': give 1 to 150 characters without ':' or spaces")
        }
    }

    /// 40 hex digits, the shape of the keys Archivematica's Storage Service hands out.
    static func newKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    static func digest(_ key: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(key.utf8)))
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
