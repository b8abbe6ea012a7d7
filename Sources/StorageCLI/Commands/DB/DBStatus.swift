import ArgumentParser
import StorageKit

struct DBStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the database in use and each component's current and pending schema versions.",
        discussion: """
            The encryption line says how the connection is protected as the server sees it:
            the TLS version and cipher, or none. --json prints one document with the keys
            database, source, encryption (null when none) and components (each {component,
            current, latest, pending}).

            \(ExitCodes.discussion)
            """
    )

    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    struct Document: Encodable {
        struct Component: Encodable {
            var component: String, current: Int, latest: Int, pending: [Int]
        }
        var database: String, source: String, encryption: String?, components: [Component]
    }

    func run() async throws {
        try await global.withDatabase(checkSchema: false) { db in
            let status = try await Database.migrator(db.settings).status(on: db.connection, logger: CommandRunner.logger)
            let encryption = try await Database.encryption(on: db.connection, logger: CommandRunner.logger)
            if json {
                try JSONOutput.document(Document(database: db.settings.display, source: db.settings.source, encryption: encryption, components: status.map {
                    .init(component: $0.component, current: $0.current, latest: $0.latest, pending: $0.pending)
                }))
                return
            }
            Terminal.out("database    \(db.settings.display)  (from \(db.settings.source))")
            Terminal.out("encryption  \(encryption.map { "\($0), \(db.settings.tls.mode.rawValue)" } ?? "none")")
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
