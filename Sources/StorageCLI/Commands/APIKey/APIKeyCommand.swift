import ArgumentParser
import Foundation
import StorageKit

struct APIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey",
        abstract: "Make, list and revoke the API keys of `ss-cli serve`.",
        discussion: """
            One key per user. A key is printed once, when it is made; only its SHA-256 is
            stored, so a lost key cannot be shown again, only replaced.

            \(ExitCodes.discussion)
            """,
        subcommands: [APIKeyCreate.self, APIKeyList.self, APIKeyRevoke.self]
    )
}

struct APIKeyCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Make a key for a user and print it (the only time it is shown).",
        discussion: """
            A user who has a key already is refused (73) unless --replace is given, which
            makes the old key stop working at once.

            EXAMPLES
              KEY=$(ss-cli apikey create archivematica)
              curl -H "Authorization: ApiKey archivematica:$KEY" localhost:8000/api/v2/file/
            """
    )

    @Argument(help: "The user name (no ':' or spaces).") var user: String
    @Flag(help: "Replace the user's key if there is one.") var replace = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let key = try await global.withDatabase { [user, replace] db in
            try await APIKeys.create(user: user, replace: replace, actor: SubmissionOptions.actor, on: db.connection, logger: db.queue.logger)
        }
        Terminal.out(key)
    }
}

struct APIKeyList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the users that have a key (never the keys).",
        discussion: "--json prints JSON Lines with the keys username, created_at, created_by and last_used_at."
    )

    @Flag(help: "Print JSON Lines.") var json = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let entries = try await global.withDatabase { db in try await APIKeys.list(on: db.connection, logger: db.queue.logger) }
        if json { return try JSONOutput.lines(entries) }
        var table = Table(header: ["USER", "CREATED", "BY", "LAST USED"])
        for e in entries { table.rows.append([e.username, e.createdAt, e.createdBy, e.lastUsedAt ?? "never"]) }
        table.render().forEach(Terminal.out)
    }
}

struct APIKeyRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a user's key; requests with it are refused (401) from now on."
    )

    @Argument(help: "The user name.") var user: String
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.withDatabase { [user] db in try await APIKeys.revoke(user: user, on: db.connection, logger: db.queue.logger) }
        Terminal.message("revoked the key of \(user)")
    }
}
