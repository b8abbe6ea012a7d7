import PostgresNIO

/// What the server says about the connection itself.
enum ConnectionSQL {
    /// The TLS version and cipher of this connection, or NULLs when it is not encrypted.
    static let encryption: PostgresQuery = """
        SELECT CASE WHEN ssl THEN version END, CASE WHEN ssl THEN cipher END
        FROM pg_stat_ssl WHERE pid = pg_backend_pid()
        """
}
