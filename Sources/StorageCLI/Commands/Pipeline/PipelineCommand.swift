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
            With --shared-path, the pipeline's shared directory (Archivematica's
            sharedDirectory, as this host mounts it) becomes its currently-processing
            location, named processing-<first 8 of the UUID> and serving it alone; a
            currently-processing location already there serves it too.

            With --default-locations (which implies --shared-path
            /var/archivematica/sharedDirectory), the Storage Service's defaults are made
            for each purpose no location serves the pipeline in yet, beside the shared
            directory and serving every pipeline: default-aip-storage (aip-storage) at
            AIPsStore, default-dip-storage (dip-storage) at DIPsStore and default-backlog
            (backlog) at transferBacklog.

            --api-username and --api-key-file are what ss sends when it calls the
            pipeline back (a re-ingest: `Authorization: ApiKey <user>:<key>` to
            <remote-name>/api/…): a user of the pipeline's dashboard and that user's API
            key, read from a file (or `-` for standard input) so that it never shows in
            `ps`. The key is kept in the database and never shown.

            It is all done or none of it: a location refused (outside location_roots,
            overlapping another) registers nothing.
            `POST /api/v2/pipeline/` with create_default_locations does the same.

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli pipeline add 2a63a4ff-881b-4507-872c-1e630cecc105 --description "Archivematica on am1"
              ss-cli pipeline add 2a63a4ff-881b-4507-872c-1e630cecc105 --shared-path /srv/am1/sharedDirectory --default-locations
            """
    )

    @Argument(help: "The pipeline's UUID.") var uuid: UUID
    @Option(help: "A description for people.") var description = ""
    @Option(help: "The pipeline's address (host[:port], or an http(s) URL) for the calls back to it.") var remoteName = ""
    @Option(help: "Its shared directory: made its currently-processing location.") var sharedPath: String?
    @Flag(help: "Also make the Storage Service's default locations it lacks.") var defaultLocations = false
    @Option(help: "The pipeline user ss calls it back as.") var apiUsername = ""
    @Option(help: ArgumentHelp("A file holding that user's API key ('-': standard input).", valueName: "path")) var apiKeyFile: String?
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let key = try apiKeyFile.map { path in
            let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } ?? ""
        let registration = PipelineRegistration(uuid: uuid, description: description, remoteName: remoteName,
                                                credentials: PipelineCredentials(username: apiUsername, key: key),
                                                sharedPath: sharedPath ?? (defaultLocations ? PipelineRegistration.defaultSharedPath : nil),
                                                createDefaultLocations: defaultLocations)
        let outcome = try await global.withDatabase { db in
            try await registration.register(policy: LocationPolicy(try Environment.load()), requireRoots: false,
                                            on: db.connection, logger: db.queue.logger)
        }
        Terminal.out(outcome.pipeline.uuid.uuidString.lowercased())
        for l in outcome.locations { Terminal.message("location \(l.name) (\(l.purpose.rawValue)) at \(l.path)") }
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
