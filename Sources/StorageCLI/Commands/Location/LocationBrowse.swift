import ArgumentParser
import Foundation
import StorageKit

struct LocationBrowse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "browse",
        abstract: "List one directory of a location, as Archivematica's transfer browser shows it.",
        discussion: """
            Entries are sorted by name without case, and hidden ones (a leading
            dot) are left out, as the Storage Service's browse does. A directory
            shows the files below it, counted up to 5000 (then "5000+"); a file
            its size. The path is relative to the location (or absolute inside
            it) and may not leave it: '..', or a symlink that leads out, is
            refused (65). A symlink is shown as what it points to only when that
            is inside the location.

            --json prints one document: path, and entries with the keys name,
            directory, size (files) and object_count (directories).

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli location browse incoming
              ss-cli location browse incoming 2026/batch-7 --json
            """
    )

    @Argument(help: "The location's name or UUID.") var location: String
    @Argument(help: "A directory inside it (default: its top).") var path = ""
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let listing = try await global.withDatabase { [location, path] db in
            try DirectoryListing.read(path, in: try await Locations.find(location, on: db.connection, logger: db.queue.logger))
        }
        if json { return try JSONOutput.document(listing) }
        var table = Table(header: ["NAME", "SIZE", "FILES"])
        for e in listing.entries {
            let files = e.objectCount.map { $0 >= DirectoryListing.countLimit ? "\($0)+" : "\($0)" } ?? ""
            table.rows.append([e.isDirectory ? e.name + "/" : e.name, e.size.map(ByteCount.text) ?? "", files])
        }
        table.render().forEach(Terminal.out)
    }
}
