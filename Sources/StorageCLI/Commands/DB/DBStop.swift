import ArgumentParser
import StorageKit

struct DBStop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the embedded database under $SS_HOME (its data stays).",
        discussion: ExitCodes.discussion
    )

    func run() async throws {
        try await CommandRunner.run {
            Terminal.message(try EmbeddedCluster(environment: try Environment.load()).stop())
        }
    }
}
