import ArgumentParser

struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the database: schema migrations and the embedded local cluster.",
        discussion: ExitCodes.discussion,
        subcommands: [DBMigrate.self, DBStatus.self, DBStart.self, DBStop.self]
    )
}
