import ArgumentParser
import Foundation
import StorageKit

extension LocationPurpose: ExpressibleByArgument {}

struct LocationAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a location and print its UUID.",
        discussion: """
            The directory must exist (else 66). Names are unique, and may not look
            like a UUID. With location_roots set (SS_LOCATION_ROOTS,
            colon-separated), the directory must be inside one of them (else 65).
            A location is never at /, nor at, inside or around /proc, /sys, /dev
            (a directory below /dev/shm is allowed), /etc, /boot, /root, /usr,
            /bin, /sbin, /lib*, /run, /var/lib/postgresql or ss's home (65).

            A store may remove its source (--remove-source) only from a
            transfer-source added with --removable-source.

            With --replicate-to R (a replicator location; repeat it for more), every
            AIP stored or moved into this location gets a copy in R, made by an
            aip.replicate job from the verified primary (see `ss-cli location update`).

            With --pipeline (registered with `ss-cli pipeline add`; repeat it for
            more) the location serves only those pipelines, as
            /api/v2/location/?pipeline__uuid= shows; without, every pipeline.

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli location add offsite --path /mnt/offsite --purpose replicator
              ss-cli location add vault --path /srv/aips --purpose aip-storage --replicate-to offsite
              ss-cli location add incoming --path /srv/transfers --purpose transfer-source
              ss-cli location add am1-shared --path /srv/am1/sharedDirectory --purpose currently-processing \\
                --pipeline 2a63a4ff-881b-4507-872c-1e630cecc105
            """
    )

    @Argument(help: "The location's name.") var name: String
    @Option(help: "The directory (absolute).") var path: String
    @Option(help: ArgumentHelp("What it is for: \(LocationPurpose.allCases.map(\.rawValue).joined(separator: ", ")).",
                               discussion: "AIPs are stored in aip-storage, replicator and backlog locations; a pipeline's shared directory is its currently-processing location.")) var purpose: LocationPurpose
    @Option(help: "A description for people.") var description = ""
    @Flag(help: "Let stores remove their sources from this transfer-source (--remove-source).") var removableSource = false
    @Option(name: .customLong("pipeline"), help: "A pipeline (UUID) it serves alone; repeat for more. None: every pipeline.") var pipelines: [UUID] = []
    @Option(name: .customLong("replicate-to"), help: "A replicator location that gets a copy of each AIP stored here; repeat for more.")
    var replicas: [String] = []
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let location = try await global.withDatabase { [name, path, purpose, description, removableSource, pipelines, replicas] db in
            let logger = db.queue.logger
            return try await db.connection.transaction(logger: logger) { tx in
                let location = try await Locations.add(name: name, path: path, purpose: purpose, description: description, removableSource: removableSource,
                                                       pipelines: pipelines, policy: LocationPolicy(try Environment.load()), on: tx, logger: logger)
                _ = try await Copies.setReplicas(of: location, to: replicas, on: tx, logger: logger)
                return location
            }
        }
        Terminal.out(location.uuid.uuidString.lowercased())
    }
}
