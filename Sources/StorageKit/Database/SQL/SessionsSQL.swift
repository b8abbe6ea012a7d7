import Foundation
import PostgresNIO

/// Every statement on `dashboard_sessions`.
enum SessionsSQL {
    /// A session for `user`, opened with the key whose digest is `key`; nothing when the
    /// key is not (or no longer) the user's.
    static func insert(token: [UInt8], user: String, key: [UInt8], csrf: String, seconds: Int) -> PostgresQuery {
        let token = ByteBuffer(bytes: token), key = ByteBuffer(bytes: key)
        return """
            INSERT INTO dashboard_sessions (token_sha256, username, key_sha256, csrf, expires_at)
            SELECT \(token), username, key_sha256, \(csrf), now() + make_interval(secs => \(seconds))
            FROM api_keys WHERE username = \(user) AND key_sha256 = \(key)
            RETURNING username
            """
    }

    /// A user's sessions past the newest `keep`, and everyone's expired ones.
    static func trim(_ user: String, keep: Int) -> PostgresQuery {
        """
        DELETE FROM dashboard_sessions WHERE expires_at < now()
           OR (username = \(user) AND token_sha256 IN (
                SELECT token_sha256 FROM dashboard_sessions WHERE username = \(user)
                ORDER BY created_at DESC OFFSET \(keep)))
        """
    }

    /// The session's user, CSRF token and the scopes of the key it was opened with,
    /// while that key is still the user's and the session has not expired.
    static func find(token: [UInt8]) -> PostgresQuery {
        let token = ByteBuffer(bytes: token)
        return """
            SELECT s.username, s.csrf, k.scopes FROM dashboard_sessions s
            JOIN api_keys k ON k.username = s.username AND k.key_sha256 = s.key_sha256
            WHERE s.token_sha256 = \(token) AND s.expires_at > now()
            """
    }

    static func delete(token: [UInt8]) -> PostgresQuery {
        "DELETE FROM dashboard_sessions WHERE token_sha256 = \(ByteBuffer(bytes: token))"
    }
}
