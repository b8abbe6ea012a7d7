import Logging
import PostgresNIO

/// Something that runs SQL: a pooled `PostgresClient` (workers, the server) or a single
/// `PostgresConnection` (a one-shot CLI command, or a caller's open transaction).
///
/// QueueKit's operations take one, so that a job can be enqueued inside the caller's
/// transaction by passing the transaction's connection.
public protocol PostgresExecutor: Sendable {
    func sql(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence
    func prepared<S: PostgresPreparedStatement>(
        _ statement: S, logger: Logger
    ) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, S.Row>
    /// Runs `body` on one connection (a LISTEN needs one held for its lifetime).
    func onConnection<R: Sendable>(_ body: (PostgresConnection) async throws -> R) async throws -> R
}

extension PostgresClient: PostgresExecutor {
    public func sql(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        try await self.query(query, logger: logger)
    }

    public func prepared<S: PostgresPreparedStatement>(
        _ statement: S, logger: Logger
    ) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, S.Row> {
        try await self.execute(statement, logger: logger)
    }

    public func onConnection<R: Sendable>(_ body: (PostgresConnection) async throws -> R) async throws -> R {
        try await self.withConnection { connection in try await body(connection) }
    }
}

extension PostgresConnection: PostgresExecutor {
    public func sql(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        try await self.query(query, logger: logger)
    }

    public func prepared<S: PostgresPreparedStatement>(
        _ statement: S, logger: Logger
    ) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, S.Row> {
        try await self.execute(statement, logger: logger)
    }

    public func onConnection<R: Sendable>(_ body: (PostgresConnection) async throws -> R) async throws -> R {
        try await body(self)
    }
}

extension PostgresExecutor {
    /// Runs a statement whose rows do not matter, draining them.
    public func run(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await sql(query, logger: logger) {}
    }

    /// All decoded rows of a prepared statement.
    public func all<S: PostgresPreparedStatement>(_ statement: S, logger: Logger) async throws -> [S.Row] {
        var rows: [S.Row] = []
        for try await row in try await prepared(statement, logger: logger) { rows.append(row) }
        return rows
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
