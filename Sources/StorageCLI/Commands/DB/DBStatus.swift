import ArgumentParser
import StorageKit

struct DBStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the database in use and each component's current and pending schema versions.",
        discussion: ExitCodes.discussion
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.withDatabase(checkSchema: false) { db in
            let status = try await Database.migrator(db.settings).status(on: db.connection, logger: CommandRunner.logger)
            Terminal.out("database  \(db.settings.display)  (from \(db.settings.source))")
            var table = Table(header: ["COMPONENT", "CURRENT", "LATEST", "PENDING"])
            for s in status {
                table.rows.append([s.component, "\(s.current)", "\(s.latest)",
                                   s.pending.isEmpty ? "-" : s.pending.map(String.init).joined(separator: ",")])
            }
            table.render().forEach(Terminal.out)
            if status.contains(where: { !$0.pending.isEmpty }) {
                Terminal.message("pending migrations: run `ss-cli db migrate`")
            }
        }
    }
}
