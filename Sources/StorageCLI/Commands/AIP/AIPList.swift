import ArgumentParser
import Foundation
import StorageKit

extension PackageStatus: ExpressibleByArgument {}

struct AIPList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List AIPs, newest first.",
        discussion: """
            --json prints JSON Lines: one document per AIP with the keys of `aip show --json`
            except events.

            \(ExitCodes.discussion)
            """
    )

    @Option(help: ArgumentHelp("Only AIPs in this location (name or UUID).", valueName: "location")) var location: String?
    @Option(help: "Only AIPs with this status (pending, stored, moving, deleting, deleted, failed).") var status: PackageStatus?
    @Option(help: "At most this many AIPs.") var limit = 1000
    @Flag(help: "Print JSON Lines.") var json = false
    @Flag(name: .shortAndLong, help: "Print only the AIPs' UUIDs, one per line.") var quiet = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard limit >= 1, limit <= 1_000_000 else { throw ValidationError("--limit must be between 1 and 1000000") }
    }

    func run() async throws {
        let packages = try await global.withDatabase { [location, status, limit] db in
            let logger = db.queue.logger
            let where_ = try await location.asyncMap { try await Locations.find($0, on: db.connection, logger: logger).uuid }
            return try await Packages.list(location: where_, status: status, limit: limit, on: db.connection, logger: logger)
        }
        if quiet {
            packages.forEach { Terminal.out($0.uuid.uuidString.lowercased()) }
            return
        }
        if json {
            try JSONOutput.lines(packages.map { AIPDocument($0, events: nil) })
            return
        }
        var table = Table(header: ["UUID", "STATUS", "LOCATION", "SIZE", "NAME"])
        for p in packages {
            table.rows.append([p.uuid.uuidString.lowercased(), p.status.rawValue, p.locationName,
                               p.size.map(ByteCount.text) ?? "-", p.name])
        }
        table.render().forEach(Terminal.out)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
