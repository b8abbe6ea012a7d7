import ArgumentParser

struct LocationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "location",
        abstract: "Add, update, list, show, browse and copy into locations: named directories that hold AIPs or their sources.",
        discussion: """
            Purposes: aip-storage (where AIPs are stored), transfer-source (where
            new AIPs come from), replicator and backlog, and the Storage Service's
            others: currently-processing (a pipeline's shared directory),
            dip-storage, aip-recovery, storage-service-internal and sword-deposit.
            Everywhere a location is asked for, its name or its UUID will do.
            """,
        subcommands: [LocationAdd.self, LocationUpdate.self, LocationList.self, LocationShow.self, LocationBrowse.self, LocationCopy.self]
    )
}
