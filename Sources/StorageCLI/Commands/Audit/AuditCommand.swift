import ArgumentParser

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "See how the audits of every copy stand (`aip audit` runs them).",
        subcommands: [AuditStatus.self]
    )
}
