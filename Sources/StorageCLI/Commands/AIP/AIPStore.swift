import ArgumentParser
import Foundation
import StorageKit

struct AIPStore: AIPSubmission {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Store a new AIP (a bag directory or one file) from a location into an AIP location.",
        discussion: """
            <path> is relative to the --from location. The AIP's UUID is --uuid, else the UUID
            that ends its name (Archivematica names AIPs <name>-<uuid>[.7z]), else a new one.
            The bag is validated against its manifests at the source and again at the
            destination; the copy is written under a temporary name, made durable and renamed
            into place. The source is kept unless --remove-source (removed only after the AIP
            is recorded as stored). A file named as an archive (.7z, .zip, .tar, .tar.gz,
            …) must hold a bag, which is validated as it is read.

            --type DIP stores into a dip-storage location, --type transfer into a backlog
            one; either may be a plain directory (as Archivematica makes them), checked by
            each file's SHA-256 rather than by manifests.

            Into a location with replicas (`location update --replicate-to`), each gets a
            copy made by its own aip.replicate job; --wait then ends only when every copy
            is verified too, and exits 1 naming each copy that is not.

            Refused before anything is enqueued: a path that leaves its location ('..', an
            absolute path, a symlink out; 65), a missing path (66), a directory without
            bagit.txt or with symlinks inside (65), a UUID already stored (65), an unknown
            location (66).

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli aip store transfers/aip-6c1d….7z --from incoming --to vault
              ss-cli aip store bags/mybag --from incoming --to vault --wait --progress
            """
    )

    @Argument(help: "The AIP's path, relative to the --from location.") var path: String
    @Option(help: ArgumentHelp("The location it is in (name or UUID).", valueName: "location")) var from: String
    @Option(help: ArgumentHelp("The AIP location to store it in (name or UUID).", valueName: "location")) var to: String
    @Option(help: "The AIP's UUID (default: from its name, else new).") var uuid: UUID?
    @Flag(help: "Remove the source once the AIP is stored.") var removeSource = false
    @Option(help: ArgumentHelp("AIP, AIC, DIP or transfer.", valueName: "type"),
            transform: { text in
                guard let type = PackageType(named: text) else { throw ValidationError("unknown --type '\(text)': AIP, AIC, DIP or transfer") }
                return type
            })
    var type: PackageType = .aip
    @OptionGroup var submission: SubmissionOptions
    @OptionGroup var global: GlobalOptions

    var operation: AIPOperation { .store(path: path, from: from, to: to, uuid: uuid, removeSource: removeSource, type: type) }

    func run() async throws {
        try await submission.submit(operation, global)
    }
}
