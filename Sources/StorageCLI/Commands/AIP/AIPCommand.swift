import ArgumentParser

struct AIPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aip",
        abstract: "Store, move, delete, check and audit AIPs; show and list them.",
        discussion: """
            store, move, delete, fixity and audit submit a job and print only its UUID on stdout
            (JOB=$(ss-cli aip move …) works); --wait waits for it like `job wait`. Every
            check that can be made at submission is made before anything is enqueued.
            """,
        subcommands: [AIPStore.self, AIPMove.self, AIPDelete.self, AIPFixity.self, AIPAudit.self, AIPShow.self, AIPList.self, AIPExtract.self, AIPReindex.self, AIPReingest.self, AIPUpdate.self, AIPDeleteRequests.self, AIPRecoverRequests.self]
    )
}
