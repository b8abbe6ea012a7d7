import ArgumentParser
import Foundation
import PostgresNIO
import QueueKit
import StorageKit

struct DBStart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Create (on first use), start and migrate the embedded database under $SS_HOME.",
        discussion: """
            The embedded database is a private PostgreSQL cluster in $SS_HOME/pg that listens
            on a Unix socket in $SS_HOME/run only. As root it runs as the postgres system user.
            Every command uses it when neither --database-url nor SS_DATABASE_URL is set.

            \(ExitCodes.discussion)
            """
    )

    func run() async throws {
        try await CommandRunner.run {
            let cluster = EmbeddedCluster(environment: try Environment.load())
            for line in try cluster.start() { Terminal.message(line) }
            let logger = CommandRunner.logger
            try await Database.withConnection(cluster.maintenanceSettings, logger: logger, checkSchema: false) { c in
                let exists = try await c.query("SELECT count(*) FROM pg_database WHERE datname = \(EmbeddedCluster.database)", logger: logger)
                for try await n in exists.decode(Int.self) where n == 0 {
                    try await c.run(PostgresQuery(unsafeSQL: cluster.createDatabaseSQL), logger: logger)
                    Terminal.message("created database \(EmbeddedCluster.database)")
                }
            }
            try await Database.withConnection(cluster.settings, logger: logger, checkSchema: false) { c in
                for m in try await Database.migrator(cluster.settings).migrate(on: c, logger: logger) {
                    Terminal.message("applied \(m.component) \(m.version) \(m.name)")
                }
            }
            Terminal.message("ready: \(cluster.settings.display)")
        }
    }
}
