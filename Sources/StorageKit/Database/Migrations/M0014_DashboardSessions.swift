import QueueKit

extension StorageMigrations {
    /// The dashboard's sign-ins. A session names the key it was opened with by the key's
    /// digest: replacing a user's key ends its sessions, and revoking it removes them
    /// (the cascade), while a change of scopes takes effect at the next page. The
    /// session's own token, like a key, is kept only as a digest.
    static let m0014DashboardSessions = Migration(component: component, version: 14, name: "dashboard sessions", sql: #"""
        CREATE TABLE dashboard_sessions (
          token_sha256 bytea PRIMARY KEY,
          username     text NOT NULL REFERENCES api_keys (username) ON DELETE CASCADE,
          key_sha256   bytea NOT NULL,
          csrf         text NOT NULL,
          created_at   timestamptz NOT NULL DEFAULT now(),
          expires_at   timestamptz NOT NULL
        );
        CREATE INDEX dashboard_sessions_user ON dashboard_sessions (username, created_at);
        CREATE INDEX dashboard_sessions_expires ON dashboard_sessions (expires_at);
        """#)
}
