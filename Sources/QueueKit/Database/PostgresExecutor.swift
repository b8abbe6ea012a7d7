import Logging
import PostgresNIO

/// Something that runs SQL: a `ConnectionPool` (workers) or a single `PostgresConnection`
/// (a one-shot CLI command, or a caller's open transaction).
///
/// QueueKit's operations take one, so that a job can be enqueued inside the caller's
/// transaction by passing the transaction's connection. Rows are collected before the
/// call returns, so a pooled connection is free again as soon as it does.
public protocol PostgresExecutor: Sendable {
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow]
    func all<S: PostgresPreparedStatement>(_ statement: S, logger: Logger) async throws -> [S.Row]
    /// Runs `body` on one connection (a LISTEN needs one held for its lifetime).
    func onConnection<R>(_ body: (PostgresConnection) async throws -> R) async throws -> R
}

extension PostgresConnection: PostgresExecutor {
    public func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }

    public func all<S: PostgresPreparedStatement>(_ statement: S, logger: Logger) async throws -> [S.Row] {
        var rows: [S.Row] = []
        for try await row in try await self.execute(statement, logger: logger) { rows.append(row) }
        return rows
    }

    public func onConnection<R>(_ body: (PostgresConnection) async throws -> R) async throws -> R {
        try await body(self)
    }
}

extension PostgresExecutor {
    /// Runs a statement whose rows do not matter.
    public func run(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await rows(query, logger: logger)
    }

    /// Every row decoded as `T` (a column type or a tuple of them).
    public func decode<T: PostgresDecodable>(_ query: PostgresQuery, as: T.Type, logger: Logger) async throws -> [T] {
        try await rows(query, logger: logger).map { try $0.decode(T.self) }
    }

    public func decode<each T: PostgresDecodable>(_ query: PostgresQuery, as: (repeat each T).Type, logger: Logger) async throws -> [(repeat each T)] {
        try await rows(query, logger: logger).map { try $0.decode((repeat each T).self) }
    }
}

extension PostgresConnection {
    /// `withTransaction`, but a caller's own error comes out as itself instead of wrapped
    /// in `PostgresTransactionError`, so error codes survive the transaction.
    public func transaction<R: Sendable>(
        logger: Logger, _ body: (PostgresConnection) async throws -> R
    ) async throws -> R {
        do {
            return try await withTransaction(logger: logger) { tx in try await body(tx) }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error.beginError ?? error.commitError ?? error
        }
    }
}
