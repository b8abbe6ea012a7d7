import Logging
import PostgresNIO
import Synchronization

/// A small pool of connections that are opened when needed and dropped when broken, so
/// that a worker rides out a database restart: the next call after a failure simply
/// connects again (each attempt bounded by the connect timeout), and nothing waits on a
/// connection that will never come.
public final class ConnectionPool: PostgresExecutor, Sendable {
    private struct State {
        var idle: [PostgresConnection] = []
        var open = 0
        var nextID = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
        var closed = false
    }

    private enum Step {
        case use(PostgresConnection)
        case connect(Int)
        case wait
    }

    private let configuration: PostgresConnection.Configuration
    private let maximumConnections: Int
    /// The longest a statement may take before its connection is given up as dead.
    private let statementTimeout: Duration
    private let logger: Logger
    private let state = Mutex(State())

    public init(
        configuration: PostgresConnection.Configuration, maximumConnections: Int,
        statementTimeout: Duration = .seconds(30), logger: Logger
    ) {
        self.configuration = configuration
        self.maximumConnections = max(1, maximumConnections)
        self.statementTimeout = statementTimeout
        self.logger = logger
    }

    /// A pool like this one whose connections start with `settings` (PostgreSQL
    /// parameters sent when connecting), for statements that need them on every run
    /// without a transaction around each to set them (the worker's claim).
    public func starting(with settings: [(String, String)], maximumConnections: Int) -> ConnectionPool {
        var configuration = configuration
        configuration.options.additionalStartupParameters += settings
        return ConnectionPool(configuration: configuration, maximumConnections: maximumConnections,
                              statementTimeout: statementTimeout, logger: logger)
    }

    public func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await bounded { try await $0.rows(query, logger: logger) }
    }

    public func all<S: PostgresPreparedStatement>(_ statement: S, logger: Logger) async throws -> [S.Row] {
        try await bounded { try await $0.all(RawRows(statement), logger: logger) }.map(statement.decodeRow)
    }

    /// One statement under the statement timeout; a connection that does not answer in
    /// time is closed and forgotten.
    private func bounded(_ body: @escaping @Sendable (PostgresConnection) async throws -> [PostgresRow]) async throws -> [PostgresRow] {
        let connection = try await lease()
        do {
            let rows = try await Deadline.run(statementTimeout) { try await body(connection) }
            release(connection)
            return rows
        } catch let error as Deadline.Exceeded {
            logger.warning("\(error); dropping the connection")
            connection.close().whenComplete { _ in }
            dropped()
            throw error
        } catch {
            release(connection)
            throw error
        }
    }

    public func onConnection<R>(_ body: (PostgresConnection) async throws -> R) async throws -> R {
        let connection = try await lease()
        do {
            let result = try await body(connection)
            release(connection)
            return result
        } catch {
            release(connection)
            throw error
        }
    }

    /// Closes idle connections; connections in use close when they are given back.
    public func close() async {
        let idle = state.withLock { s -> [PostgresConnection] in
            s.closed = true
            defer { s.idle = [] }
            s.open -= s.idle.count
            return s.idle
        }
        for c in idle { try? await c.close() }
    }

    private func lease() async throws -> PostgresConnection {
        while true {
            let step = state.withLock { s -> Step in
                if let c = s.idle.popLast() { return .use(c) }
                if s.open < maximumConnections {
                    s.open += 1
                    s.nextID += 1
                    return .connect(s.nextID)
                }
                return .wait
            }
            switch step {
            case .use(let c):
                if !c.isClosed { return c }
                dropped()
            case .connect(let id):
                do {
                    return try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
                } catch {
                    dropped()
                    throw error
                }
            case .wait:
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { s -> Bool in
                        if !s.idle.isEmpty || s.open < maximumConnections { return true }
                        s.waiters.append(c)
                        return false
                    }
                    if resumeNow { c.resume() }
                }
            }
        }
    }

    /// Gives a connection back; a broken one (or any, once the pool is closed) is closed.
    private func release(_ connection: PostgresConnection) {
        let keep = state.withLock { s -> Bool in
            guard !connection.isClosed, !s.closed else { return false }
            s.idle.append(connection)
            return true
        }
        if keep {
            wakeOne()
        } else {
            if !connection.isClosed { connection.close().whenComplete { _ in } }
            dropped()
        }
    }

    private func dropped() {
        state.withLock { $0.open -= 1 }
        wakeOne()
    }

    private func wakeOne() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.waiters.isEmpty ? nil : s.waiters.removeFirst()
        }
        waiter?.resume()
    }
}
