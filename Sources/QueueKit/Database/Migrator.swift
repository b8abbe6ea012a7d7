import Logging
import PostgresNIO

/// Applies numbered migrations of one or more components in one transaction, under an
/// advisory lock, so that two hosts migrating at once apply each step exactly once.
public struct Migrator: Sendable {
    public struct Status: Sendable, Equatable {
        public var component: String
        public var current: Int
        public var latest: Int
        public var pending: [Int]
    }

    public let schema: QueueSchema
    public let migrations: [Migration]

    public init(schema: QueueSchema, migrations: [Migration]) {
        self.schema = schema
        self.migrations = migrations.sorted { ($0.component, $0.version) < ($1.component, $1.version) }
    }

    /// Applies what is pending and returns the steps applied ("queue 1 jobs", …).
    @discardableResult
    public func migrate(on connection: PostgresConnection, logger: Logger) async throws -> [Migration] {
        try await connection.transaction(logger: logger) { tx in
            try await tx.run(MigrationsSQL.lock(schema), logger: logger)
            try await tx.run(MigrationsSQL.createSchema(schema), logger: logger)
            try await tx.run(MigrationsSQL.createTable(schema), logger: logger)
            let applied = try await Self.appliedVersions(tx, schema: schema, logger: logger)
            var done: [Migration] = []
            for m in migrations where !(applied[m.component]?.contains(m.version) ?? false) {
                try await tx.run(MigrationsSQL.setSearchPath(schema), logger: logger)
                // One statement, because the extended protocol takes no multi-statement text.
                try await tx.run(PostgresQuery(unsafeSQL: "DO $migration$ BEGIN\n\(m.sql)\nEND $migration$"), logger: logger)
                try await tx.run(MigrationsSQL.record(schema, m), logger: logger)
                done.append(m)
            }
            return done
        }
    }

    /// Current and pending versions per component; reading needs no lock.
    public func status(on executor: some PostgresExecutor, logger: Logger) async throws -> [Status] {
        let applied = try await Self.appliedVersions(executor, schema: schema, logger: logger)
        let components = Array(Set(migrations.map(\.component))).sorted()
        return components.map { component in
            let mine = migrations.filter { $0.component == component }
            let done = applied[component] ?? []
            return Status(
                component: component,
                current: done.max() ?? 0,
                latest: mine.map(\.version).max() ?? 0,
                pending: mine.map(\.version).filter { !done.contains($0) }
            )
        }
    }

    /// Throws `schemaBehind` with the fix when any component has pending steps.
    public func requireCurrent(on executor: some PostgresExecutor, logger: Logger) async throws {
        let behind = try await status(on: executor, logger: logger).filter { !$0.pending.isEmpty }
        guard behind.isEmpty else {
            let what = behind.map { "\($0.component) is at version \($0.current) of \($0.latest)" }
                .joined(separator: ", ")
            throw QueueError(.schemaBehind, "the database schema '\(schema.name)' is behind this program (\(what)); run `ss-cli db migrate`")
        }
    }

    private static func appliedVersions(
        _ executor: some PostgresExecutor, schema: QueueSchema, logger: Logger
    ) async throws -> [String: Set<Int>] {
        var applied: [String: Set<Int>] = [:]
        guard try await executor.decode(MigrationsSQL.tableExists(schema), as: Bool.self, logger: logger) == [true] else {
            return [:]
        }
        for (component, version) in try await executor.decode(MigrationsSQL.applied(schema), as: (String, Int32).self, logger: logger) {
            applied[component, default: []].insert(Int(version))
        }
        return applied
    }
}
