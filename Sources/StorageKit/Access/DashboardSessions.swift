import Foundation
import Logging
import PostgresNIO
import QueueKit

/// The dashboard's sign-ins: a user proves a key once, and gets a random token for a
/// cookie and a CSRF token for its forms. A session lasts `lifetime` at most, ends when
/// its key is replaced or revoked, and has the key's scopes as they are at each page.
public enum DashboardSessions {
    public struct Session: Sendable {
        public var user: String
        public var scopes: Scopes
        /// Every form of the session carries it; a POST without it is refused.
        public var csrf: String
    }

    public static let lifetime = Duration.seconds(8 * 3600)
    /// A user's sessions beyond these many (the oldest) end at the next sign-in, so no key
    /// can fill the table by signing in over and over.
    static let perUser = 20

    /// A new session for `user` when `key` is theirs: the cookie's token and the session.
    public static func open(user: String, key: String, on db: some PostgresExecutor, logger: Logger) async throws -> (token: String, session: Session)? {
        guard case .valid(let scopes) = try await APIKeys.verify(user: user, key: key, on: db, logger: logger) else { return nil }
        let token = APIKeys.newKey() + APIKeys.newKey(), csrf = APIKeys.newKey()
        let seconds = Int(lifetime / .seconds(1))
        let made = try await db.rows(SessionsSQL.insert(token: APIKeys.digest(token), user: user, key: APIKeys.digest(key), csrf: csrf, seconds: seconds),
                                     logger: logger)
        guard !made.isEmpty else { return nil }  // the key was replaced in between
        try await db.run(SessionsSQL.trim(user, keep: perUser), logger: logger)
        return (token, Session(user: user, scopes: scopes, csrf: csrf))
    }

    /// The session a cookie's token opens; nil when it is unknown, expired or its key is gone.
    public static func find(token: String, on db: some PostgresExecutor, logger: Logger) async throws -> Session? {
        guard token.count == 80, token.allSatisfy(\.isHexDigit) else { return nil }  // never sent to the database otherwise
        guard let row = try await db.decode(SessionsSQL.find(token: APIKeys.digest(token)), as: (String, String, [String]).self, logger: logger).first else {
            return nil
        }
        return Session(user: row.0, scopes: APIKeys.scopes(row.2), csrf: row.1)
    }

    public static func close(token: String, on db: some PostgresExecutor, logger: Logger) async throws {
        guard token.count == 80, token.allSatisfy(\.isHexDigit) else { return }
        try await db.run(SessionsSQL.delete(token: APIKeys.digest(token)), logger: logger)
    }

    /// A random token for a form that no session has yet (the sign-in form).
    public static func formToken() -> String { APIKeys.newKey() }

    /// Whether two tokens are equal, in time that does not depend on where they differ.
    public static func sameToken(_ a: String, _ b: String) -> Bool {
        APIKeys.constantTimeEqual(Array(a.utf8), Array(b.utf8))
    }
}
