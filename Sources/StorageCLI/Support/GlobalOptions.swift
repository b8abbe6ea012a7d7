import ArgumentParser
import Foundation
import Logging
import QueueKit
import StorageKit

/// Options every command that touches the database shares.
public struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("database-url"),
            help: ArgumentHelp("PostgreSQL URL (postgres://user@host:port/db?schema=ss&sslmode=verify-full&sslrootcert=ca.pem; see `man ss-cli`). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.", valueName: "url"))
    public var databaseURL: String?

    public init() {}

    public func settings() throws -> DatabaseSettings {
        try DatabaseResolver.resolve(flag: databaseURL, environment: try Environment.load())
    }

    /// Connects, checks the schema, runs `body`, and turns every error into its message
    /// on stderr and its exit status.
    public func withDatabase<R: Sendable>(
        checkSchema: Bool = true, _ body: (PostgresContext) async throws -> R
    ) async throws -> R {
        try await CommandRunner.run {
            let settings = try settings()
            let logger = CommandRunner.logger
            return try await Database.withConnection(settings, logger: logger, checkSchema: checkSchema) { connection in
                try await body(PostgresContext(connection: connection, settings: settings,
                                               queue: JobQueue(schema: settings.schema, logger: logger)))
            }
        }
    }
}
