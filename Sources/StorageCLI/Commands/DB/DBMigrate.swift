import ArgumentParser
import StorageKit

struct DBMigrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema migrations (safe to run from several hosts at once).",
        discussion: ExitCodes.discussion
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.withDatabase(checkSchema: false) { db in
            let applied = try await Database.migrator(db.settings).migrate(on: db.connection, logger: CommandRunner.logger)
            if applied.isEmpty {
                Terminal.message("schema '\(db.settings.schema.name)' is up to date")
            }
            for m in applied {
                Terminal.message("applied \(m.component) \(m.version) \(m.name)")
            }
        }
    }
}
