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
        public var scopes: Scopes
        public var createdAt: String
        public var createdBy: String
        public var lastUsedAt: String?

        enum CodingKeys: String, CodingKey {
            case username, scopes
            case createdAt = "created_at", createdBy = "created_by", lastUsedAt = "last_used_at"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(username, forKey: .username)
            try c.encode(scopes.sorted.map(\.rawValue), forKey: .scopes)
            try c.encode(createdAt, forKey: .createdAt)
            try c.encode(createdBy, forKey: .createdBy)
            try c.encode(lastUsedAt, forKey: .lastUsedAt)
        }
    }

    /// Makes a key for `user` and returns it; the only time it can be read. A user who has
    /// one already is a `conflict` unless `replace` is set (the old key stops working).
    public static func create(user: String, scopes: Scopes = .default, replace: Bool, actor: String,
                              on db: some PostgresExecutor, logger: Logger) async throws -> String {
        try check(user)
        let key = newKey()
        let written = try await db.rows(APISQL.insertKey(user, sha256: digest(key), scopes: scopes.sorted.map(\.rawValue),
                                                         by: actor, replace: replace), logger: logger)
        guard !written.isEmpty else {
            throw QueueError(.conflict, "user '\(user)' has a key already; pass --replace to make a new one (the old one stops working)")
        }
        return key
    }

    public static func list(on db: some PostgresExecutor, logger: Logger) async throws -> [Entry] {
        try await db.decode(APISQL.listKeys, as: (String, [String], Date, String, Date?).self, logger: logger).map {
            Entry(username: $0.0, scopes: scopes($0.1), createdAt: RFC3339.string($0.2), createdBy: $0.3, lastUsedAt: $0.4.map(RFC3339.string))
        }
    }

    /// Gives `user`'s key these scopes (from its next request on).
    public static func setScopes(user: String, _ scopes: Scopes, on db: some PostgresExecutor, logger: Logger) async throws {
        guard !(try await db.rows(APISQL.setScopes(user, scopes.sorted.map(\.rawValue)), logger: logger)).isEmpty else {
            throw QueueError(.notFound, "user '\(user)' has no API key (see `ss-cli apikey list`)")
        }
    }

    public static func revoke(user: String, on db: some PostgresExecutor, logger: Logger) async throws {
        guard !(try await db.rows(APISQL.deleteKey(user), logger: logger)).isEmpty else {
            throw QueueError(.notFound, "user '\(user)' has no API key (see `ss-cli apikey list`)")
        }
    }

    /// What a presented key turned out to be.
    public enum Verification: Sendable, Equatable {
        /// The user's key, with its scopes.
        case valid(Scopes)
        /// A user with a key, but not this one.
        case wrongKey
        /// No such user (or a name no user can have): the name may be a key sent in the
        /// wrong place, so it is not worth logging.
        case unknownUser
    }

    /// Whether `key` is `user`'s key. Digests are compared in constant time, and an
    /// unknown user costs the same comparison, so timing tells nothing.
    public static func verify(user: String, key: String, on db: some PostgresExecutor, logger: Logger) async throws -> Verification {
        guard isValidName(user) else { return .unknownUser }  // never sent to the database (a NUL byte, say)
        let row = try await db.decode(APISQL.keyHash(user), as: (ByteBuffer, Bool, [String]).self, logger: logger).first
        let stored = row.map { Array($0.0.readableBytesView) } ?? Array(repeating: 0, count: 32)
        let matches = constantTimeEqual(digest(key), stored)
        guard let row else { return .unknownUser }
        guard matches else { return .wrongKey }
        if row.1 { try await db.run(APISQL.touchKey(user), logger: logger) }
        return .valid(scopes(row.2))
    }

    static func scopes(_ words: [String]) -> Scopes {
        Scopes(Set(words.compactMap(Scope.init(rawValue:))))
    }

    /// 1 to 150 characters, no ':', no spaces or control characters.
    public static func isValidName(_ user: String) -> Bool {
        !user.isEmpty && user.count <= 150 && !user.contains(":")
            && !user.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f }
    }

    static func check(_ user: String) throws {
        guard isValidName(user) else {
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
