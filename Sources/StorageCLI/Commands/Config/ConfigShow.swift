import ArgumentParser
import Foundation
import StorageKit

struct ConfigShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print every setting, its value, and where it came from (passwords masked).",
        discussion: """
            A setting comes from its flag, else its SS_* variable, else the configuration
            file, else its default. --json prints one document: {name: {value, source}}.
            Needs no database.

            \(ExitCodes.discussion)
            """
    )

    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    struct Entry: Encodable {
        var value: String
        var source: String
    }

    func run() async throws {
        let settings = try await CommandRunner.run { [global] in
            Settings.all(databaseFlag: global.databaseURL, environment: try Environment.load())
        }
        if json {
            try JSONOutput.document(Dictionary(uniqueKeysWithValues: settings.map { ($0.name, Entry(value: $0.value, source: $0.source)) }))
            return
        }
        var table = Table(header: ["SETTING", "VALUE", "SOURCE"])
        for s in settings { table.rows.append([s.name, s.value, s.source]) }
        table.render().forEach(Terminal.out)
    }
}
