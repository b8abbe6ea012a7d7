import ArgumentParser

struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Submit many AIP operations at once, and follow or cancel them as one.",
        subcommands: [BatchSubmit.self, BatchStatus.self, BatchWait.self, BatchCancel.self]
    )
}
