import ArgumentParser
import Foundation
import StorageKit

struct LocationList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List locations by name.",
        discussion: """
            --json prints JSON Lines, one document per location with the keys
            uuid, name, purpose, path, space, description, created_at, packages
            and bytes (AIPs held that are not deleted), removable_source and
            pipelines (the UUIDs of the pipelines it serves; empty: every one).

            \(ExitCodes.discussion)
            """
    )

    @Option(help: "Only locations with this purpose.") var purpose: LocationPurpose?
    @Option(help: "Only locations this pipeline (UUID) may use.") var pipeline: UUID?
    @Flag(help: "Print JSON Lines.") var json = false
    @Flag(name: .shortAndLong, help: "Print only the locations' UUIDs, one per line.") var quiet = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let documents = try await global.withDatabase { [purpose, pipeline] db in
            let logger = db.queue.logger
            let locations = try await Locations.list(purpose: purpose, pipeline: pipeline, on: db.connection, logger: logger)
            let usage = try await Locations.usage(locations.map(\.uuid), on: db.connection, logger: logger)
            return locations.map { LocationDocument($0, usage: usage[$0.uuid] ?? (0, 0)) }
        }
        if quiet {
            documents.forEach { Terminal.out($0.uuid) }
            return
        }
        if json {
            try JSONOutput.lines(documents)
            return
        }
        var table = Table(header: ["NAME", "PURPOSE", "AIPS", "SIZE", "UUID", "PATH"])
        for d in documents {
            table.rows.append([d.name, d.purpose, "\(d.packages)", ByteCount.text(d.bytes), d.uuid, d.path])
        }
        table.render().forEach(Terminal.out)
    }
}
