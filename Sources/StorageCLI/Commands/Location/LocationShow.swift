import ArgumentParser
import Foundation
import StorageKit

struct LocationShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one location (by name or UUID).",
        discussion: """
            --json prints one document with the keys of `location list --json`.

            \(ExitCodes.discussion)
            """
    )

    @Argument(help: "The location's name or UUID.") var location: String
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let d = try await global.withDatabase { [location] db in
            let logger = db.queue.logger
            let l = try await Locations.find(location, on: db.connection, logger: logger)
            return LocationDocument(l, usage: try await Locations.usage([l.uuid], on: db.connection, logger: logger)[l.uuid] ?? (0, 0))
        }
        if json {
            try JSONOutput.document(d)
            return
        }
        let pairs = [("name", d.name), ("uuid", d.uuid), ("purpose", d.purpose), ("path", d.path), ("space", d.space),
                     ("description", d.description), ("created", d.createdAt),
                     ("aips", "\(d.packages) (\(ByteCount.text(d.bytes)))"),
                     ("pipelines", d.pipelines.isEmpty ? "every pipeline" : d.pipelines.joined(separator: ", "))]
        for (k, v) in pairs { Terminal.out("\(k.padding(toLength: 11, withPad: " ", startingAt: 0))  \(v)") }
    }
}
