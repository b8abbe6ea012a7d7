import ArgumentParser

struct JobCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job",
        abstract: "Inspect and steer jobs: status, list, wait, cancel, retry.",
        discussion: """
            Job states: queued, scheduled (run_at in the future), running, retryable (waiting
            for its back-off), succeeded, failed, cancelled.

            \(ExitCodes.discussion)
            """,
        subcommands: [JobStatus.self, JobList.self, JobWait.self, JobCancel.self, JobRetry.self]
    )
}
