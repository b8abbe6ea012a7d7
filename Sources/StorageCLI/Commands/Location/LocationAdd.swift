import ArgumentParser
import Foundation
import StorageKit

extension LocationPurpose: ExpressibleByArgument {}

struct LocationAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a location and print its UUID.",
        discussion: """
            The directory must exist (else 66). Names are unique, and may not look like a UUID.

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli location add vault --path /srv/aips --purpose aip-storage
              ss-cli location add incoming --path /srv/transfers --purpose transfer-source
            """
    )

    @Argument(help: "The location's name.") var name: String
    @Option(help: "The directory (absolute).") var path: String
    @Option(help: "aip-storage, transfer-source, replicator or backlog.") var purpose: LocationPurpose
    @Option(help: "A description for people.") var description = ""
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let location = try await global.withDatabase { [name, path, purpose, description] db in
            try await Locations.add(name: name, path: path, purpose: purpose, description: description,
                                    on: db.connection, logger: db.queue.logger)
        }
        Terminal.out(location.uuid.uuidString.lowercased())
    }
}
