import Foundation
import Logging
import PostgresNIO
import QueueKit
import StorageKit

/// A freshly migrated schema of its own for one test, on the cluster that `scripts/test`
/// starts (`SS_TEST_DATABASE_URL`). Tests in parallel never see each other's jobs or
/// notifications, because channels are named after the schema too.
public struct TestDatabase: Sendable {
    public let settings: DatabaseSettings
    public let logger: Logger

    public var schema: QueueSchema { settings.schema }
    public var queue: JobQueue { JobQueue(schema: schema, logger: logger) }

    /// The URL for processes (`ss-cli`, `ss-worker`) to reach this schema.
    public var url: String { "\(Self.baseURL)?schema=\(schema.name)" }

    public static var baseURL: String {
        guard let url = ProcessInfo.processInfo.environment["SS_TEST_DATABASE_URL"] else {
            fatalError("SS_TEST_DATABASE_URL is not set: run the tests with scripts/test, which starts a PostgreSQL for them")
        }
        return url
    }

    /// A new schema with the queue's migrations alone: QueueKit's tests prove the queue
    /// without StorageKit's tables and trigger.
    public static func queueOnly() async throws -> TestDatabase {
        try await make(migrations: QueueMigrations.all)
    }

    /// A new schema; migrated (with `migrations`, by default everything) unless `migrated` is false.
    public static func make(migrated: Bool = true, migrations: [Migration] = Database.migrations) async throws -> TestDatabase {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let settings = try DatabaseSettings(url: "\(baseURL)?schema=\(name)", source: "test")
        let db = TestDatabase(settings: settings, logger: logger)
        if migrated {
            _ = try await db.withConnection { c in
                try await Migrator(schema: settings.schema, migrations: migrations).migrate(on: c, logger: logger)
            }
        }
        return db
    }

    public func withConnection<R: Sendable>(_ body: (PostgresConnection) async throws -> R) async throws -> R {
        let c = try await Database.connect(settings, logger: logger)
        do {
            let r = try await body(c)
            try? await c.close()
            return r
        } catch {
            try? await c.close()
            throw error
        }
    }

    /// A pool for the duration of `body`.
    public func withPool<R: Sendable>(_ body: (ConnectionPool) async throws -> R) async throws -> R {
        let pool = settings.pool(maximumConnections: 10, logger: logger)
        do {
            let r = try await body(pool)
            await pool.close()
            return r
        } catch {
            await pool.close()
            throw error
        }
    }

    /// Runs SQL in this schema and returns the first column of each row as `T`.
    public func scalars<T: PostgresDecodable & Sendable>(_ query: PostgresQuery, as: T.Type = T.self) async throws -> [T] {
        try await withConnection { c in
            var out: [T] = []
            for try await v in try await c.query(query, logger: logger).decode(T.self) { out.append(v) }
            return out
        }
    }

    public func execute(_ query: PostgresQuery) async throws {
        try await withConnection { c in try await c.run(query, logger: logger) }
    }

    public func job(_ id: UUID) async throws -> JobRecord {
        try await withConnection { c in try await queue.get(id, on: c) }
    }

    public func enqueue(_ jobs: [NewJob]) async throws -> [UUID] {
        try await withConnection { c in try await queue.enqueue(jobs, on: c) }
    }

    /// Polls until `condition` holds or `timeout` passes (then fails with `what`).
    public static func eventually(
        _ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool
    ) async throws {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("timed out after \(timeout) waiting until \(what)")
    }
}

public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
