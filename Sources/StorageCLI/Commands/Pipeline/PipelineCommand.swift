import ArgumentParser
import Foundation
import StorageKit

struct PipelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Register the Archivematica pipelines that use this storage service.",
        discussion: """
            Pipelines are what /api/v2/pipeline/ lists; Archivematica names its pipeline when
            it asks for an AIP to be deleted.
            """,
        subcommands: [PipelineAdd.self, PipelineList.self]
    )
}

struct PipelineAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register a pipeline by its UUID (as Archivematica's dashboard shows it).",
        discussion: """
            EXAMPLES
              ss-cli pipeline add 2a63a4ff-881b-4507-872c-1e630cecc105 --description "Archivematica on am1"
            """
    )

    @Argument(help: "The pipeline's UUID.") var uuid: UUID
    @Option(help: "A description for people.") var description = ""
    @Option(help: "The pipeline's host name or address.") var remoteName = ""
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let pipeline = try await global.withDatabase { [uuid, description, remoteName] db in
            try await Pipelines.add(uuid, description: description, remoteName: remoteName, on: db.connection, logger: db.queue.logger)
        }
        Terminal.out(pipeline.uuid.uuidString.lowercased())
    }
}

struct PipelineList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the registered pipelines.",
        discussion: "--json prints JSON Lines with the keys uuid, description, remote_name and created_at."
    )

    @Flag(help: "Print JSON Lines.") var json = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let pipelines = try await global.withDatabase { db in try await Pipelines.list(on: db.connection, logger: db.queue.logger) }
        if json { return try JSONOutput.lines(pipelines) }
        var table = Table(header: ["UUID", "REMOTE", "DESCRIPTION"])
        for p in pipelines { table.rows.append([p.uuid.uuidString.lowercased(), p.remoteName, p.description]) }
        table.render().forEach(Terminal.out)
    }
}
