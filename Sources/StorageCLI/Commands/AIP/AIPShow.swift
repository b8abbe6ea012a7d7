import ArgumentParser
import Foundation
import StorageKit

struct AIPShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show an AIP: where it is, its size and SHA-256, and its history.",
        discussion: """
            --json prints one document with the keys uuid, name, status, location ({uuid,
            name}), path, full_path, size, sha256, stored_at, events (each {type, at,
            outcome, detail, actor, job_id}) and copies (each {location: {uuid, name},
            role: primary or replica, full_path, sha256, state, verified_at}; a replica's
            state is pending, ok, missing, corrupt or repairing). Times are RFC 3339 in UTC.

            \(ExitCodes.discussion)
            """
    )

    @Argument(help: "The AIP's UUID.") var aip: UUID
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let document = try await global.withDatabase { [aip] db in
            let logger = db.queue.logger
            let package = try await Packages.get(aip, on: db.connection, logger: logger)
            return AIPDocument(package, events: try await Packages.events(aip, on: db.connection, logger: logger),
                               copies: try await Copies.list(aip, on: db.connection, logger: logger))
        }
        if json { try JSONOutput.document(document) } else { document.lines.forEach(Terminal.out) }
    }
}
