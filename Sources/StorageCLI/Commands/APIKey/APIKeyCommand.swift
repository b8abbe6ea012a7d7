import ArgumentParser
import Foundation
import StorageKit

struct APIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey",
        abstract: "Make, list, scope and revoke the API keys of `ss-cli serve`.",
        discussion: """
            One key per user. A key is printed once, when it is made; only its SHA-256 is
            stored, so a lost key cannot be shown again, only replaced.

            SCOPES
              read    every GET: lists, details, downloads, job and batch status
              submit  store, move, fixity, batches, deletion requests; cancel or retry
                      of the jobs the same key submitted
              review  approve or reject deletion requests, never one the same key made
              admin   everything: locations, pipelines, direct deletes, any job
            A key has read,submit unless --scope says otherwise: what a pipeline needs.
            A request without the scope its route needs is refused with 403.

            \(ExitCodes.discussion)
            """,
        subcommands: [APIKeyCreate.self, APIKeyList.self, APIKeyScope.self, APIKeyRevoke.self]
    )
}

struct APIKeyCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Make a key for a user and print it (the only time it is shown).",
        discussion: """
            A user who has a key already is refused (65) unless --replace is given, which
            makes the old key stop working at once.

            EXAMPLES
              KEY=$(ss-cli apikey create archivematica)              # read,submit
              ss-cli apikey create curator --scope read,review
              ss-cli apikey create ops --scope admin
              curl -H "Authorization: ApiKey archivematica:$KEY" localhost:8000/api/v2/file/
            """
    )

    @Argument(help: "The user name (no ':' or spaces).") var user: String
    @Flag(help: "Replace the user's key if there is one.") var replace = false
    @Option(help: ArgumentHelp("Comma-separated scopes: read, submit, review, admin (default read,submit).", valueName: "scopes"))
    var scope = Scopes.default.description
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let key = try await global.withDatabase { [user, replace, scope] db in
            try await APIKeys.create(user: user, scopes: try Scopes(parsing: scope), replace: replace, actor: SubmissionOptions.actor,
                                     on: db.connection, logger: db.queue.logger)
        }
        Terminal.out(key)
    }
}

struct APIKeyList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the users that have a key (never the keys).",
        discussion: "--json prints JSON Lines with the keys username, scopes, created_at, created_by and last_used_at."
    )

    @Flag(help: "Print JSON Lines.") var json = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let entries = try await global.withDatabase { db in try await APIKeys.list(on: db.connection, logger: db.queue.logger) }
        if json { return try JSONOutput.lines(entries) }
        var table = Table(header: ["USER", "SCOPES", "CREATED", "BY", "LAST USED"])
        for e in entries { table.rows.append([e.username, e.scopes.description, e.createdAt, e.createdBy, e.lastUsedAt ?? "never"]) }
        table.render().forEach(Terminal.out)
    }
}

struct APIKeyScope: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scope",
        abstract: "Change the scopes of a user's key; its next request is held to them.",
        discussion: """
            EXAMPLES
              ss-cli apikey scope archivematica read,submit
              ss-cli apikey scope curator read,review
            """
    )

    @Argument(help: "The user name.") var user: String
    @Argument(help: "Comma-separated scopes: read, submit, review, admin.") var scopes: String
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let parsed = try await global.withDatabase { [user, scopes] db in
            let parsed = try Scopes(parsing: scopes)
            try await APIKeys.setScopes(user: user, parsed, on: db.connection, logger: db.queue.logger)
            return parsed
        }
        Terminal.message("\(user) now has \(parsed)")
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
