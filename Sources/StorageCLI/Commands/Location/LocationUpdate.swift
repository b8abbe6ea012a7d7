import ArgumentParser
import Foundation
import StorageKit

struct LocationUpdate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change where a location replicates its AIPs to, or where its directory is.",
        discussion: """
            --replicate-to R (repeat it for more) makes the replicator locations R the
            ones every AIP stored or moved into the location gets a copy in: AIPs already
            there get an aip.replicate job for each replica they have no copy in yet,
            enqueued with the change. --no-replicas replicates nowhere from now on (copies
            made before are kept and audited). Only aip-storage and backlog locations
            replicate, and only to replicator locations (65). Prints the location's
            replicas, one name a line.

            --path P gives the location the directory its AIPs were moved to (a new mount
            point, a renamed directory). P is checked as `location add` checks a path, and
            nothing changes unless every AIP and replica recorded in the location (but
            those an audit found missing) is under P (66, naming the first missing) and no
            AIP anywhere is being stored, moved or deleted, nor a copy made in it (65).
            Stop the workers first: a job that read the location before the change would
            go on with the old directory.

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli location update vault --replicate-to offsite --replicate-to tape-cache
              ss-cli location update vault --no-replicas
              ss-cli location update vault --path /mnt/new-array/aips
            """
    )

    @Argument(help: "The location (name or UUID).") var location: String
    @Option(name: .customLong("replicate-to"), help: "A replicator location; repeat for more.") var replicas: [String] = []
    @Flag(help: "Replicate to no location.") var noReplicas = false
    @Option(help: ArgumentHelp("The location's directory from now on.", valueName: "dir")) var path: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard !(noReplicas && !replicas.isEmpty) else { throw ValidationError("give --replicate-to or --no-replicas, not both") }
        guard noReplicas || !replicas.isEmpty || path != nil else { throw ValidationError("give --replicate-to (one or more), --no-replicas or --path") }
    }

    func run() async throws {
        let changeReplicas = noReplicas || !replicas.isEmpty
        let set = try await global.withDatabase { [location, replicas, path] db in
            let logger = db.queue.logger, policy = LocationPolicy(try Environment.load())
            return try await db.connection.transaction(logger: logger) { tx -> [Location] in
                var found = try await Locations.find(location, on: tx, logger: logger)
                if let path { found = try await Locations.setPath(of: found, to: path, policy: policy, on: tx, logger: logger) }
                guard changeReplicas else { return [] }
                return try await Copies.setReplicas(of: found, to: replicas, queue: db.queue, actor: SubmissionOptions.actor, on: tx, logger: logger)
            }
        }
        set.forEach { Terminal.out($0.name) }
    }
}
