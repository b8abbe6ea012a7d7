import ArgumentParser
import Foundation
import StorageKit

struct LocationUpdate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change where a location replicates its AIPs to.",
        discussion: """
            --replicate-to R (repeat it for more) makes the replicator locations R the
            ones every AIP stored or moved into the location from now on gets a copy in;
            --no-replicas replicates nowhere. AIPs already there keep the copies they
            have and get none until they are moved. Only aip-storage and backlog
            locations replicate, and only to replicator locations (65). Prints the
            location's replicas, one name a line.

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli location update vault --replicate-to offsite --replicate-to tape-cache
              ss-cli location update vault --no-replicas
            """
    )

    @Argument(help: "The location (name or UUID).") var location: String
    @Option(name: .customLong("replicate-to"), help: "A replicator location; repeat for more.") var replicas: [String] = []
    @Flag(help: "Replicate to no location.") var noReplicas = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard !replicas.isEmpty != noReplicas else { throw ValidationError("give --replicate-to (one or more) or --no-replicas") }
    }

    func run() async throws {
        let set = try await global.withDatabase { [location, replicas] db in
            let logger = db.queue.logger
            return try await db.connection.transaction(logger: logger) { tx in
                let found = try await Locations.find(location, on: tx, logger: logger)
                return try await Copies.setReplicas(of: found, to: replicas, on: tx, logger: logger)
            }
        }
        set.forEach { Terminal.out($0.name) }
    }
}
