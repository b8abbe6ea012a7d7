import Foundation
import PostgresNIO
import QueueKit
import StorageKit
import StorageTesting
import Testing

@Suite struct MigratorTests {
    @Test func concurrentMigrationsApplyEachStepOnce() async throws {
        let db = try await TestDatabase.make(migrated: false)
        let migrator = Database.migrator(db.settings)
        let applied = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<6 {
                group.addTask { try await db.withConnection { c in try await migrator.migrate(on: c, logger: db.logger).count } }
            }
            return try await group.reduce(0, +)
        }
        #expect(applied == Database.migrations.count)
        let rows: [Int] = try await db.scalars(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(db.schema.name).schema_migrations"))
        #expect(rows == [Database.migrations.count])
        let status = try await db.withConnection { c in try await migrator.status(on: c, logger: db.logger) }
        #expect(status.allSatisfy { $0.pending.isEmpty && $0.current == $0.latest })
    }

    @Test func anUnmigratedSchemaIsReportedBehindWithTheFix() async throws {
        let db = try await TestDatabase.make(migrated: false)
        let migrator = Database.migrator(db.settings)
        await #expect {
            try await db.withConnection { c in try await migrator.requireCurrent(on: c, logger: db.logger) }
        } throws: { error in
            guard let e = error as? QueueError else { return false }
            return e.code == .schemaBehind && e.message.contains("ss-cli db migrate")
        }
        let status = try await db.withConnection { c in try await migrator.status(on: c, logger: db.logger) }
        #expect(status.first { $0.component == "queue" }?.pending == QueueMigrations.all.map(\.version))
        #expect(status.first { $0.component == "storage" }?.pending == StorageMigrations.all.map(\.version))
    }

    /// QueueKit's tests run on the queue's migrations alone: no StorageKit table or
    /// trigger is there to lean on.
    @Test func theQueueStandsOnItsOwnMigrations() async throws {
        let db = try await TestDatabase.queueOnly()
        let tables: [String] = try await db.scalars(PostgresQuery(unsafeSQL: """
            SELECT table_name::text FROM information_schema.tables WHERE table_schema = '\(db.schema.name)' ORDER BY 1
            """))
        #expect(tables == ["batches", "jobs", "schema_migrations", "unfinished_jobs"], "the queue's tables and its one view")
        let triggers: [String] = try await db.scalars(PostgresQuery(unsafeSQL: """
            SELECT tgname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '\(db.schema.name)' AND NOT t.tgisinternal
            """))
        #expect(triggers == ["jobs_notify_ready"])
    }
}
