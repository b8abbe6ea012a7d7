import ArgumentParser

/// `ss-cli`: submit, inspect and steer the storage service's jobs.
public struct SSCLI: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ss-cli",
        abstract: "Submit, inspect and steer the jobs of the ss storage service.",
        discussion: """
            Every long operation is a durable job in PostgreSQL; ss-worker processes run them.
            Submissions print only the job UUID on stdout, so JOB=$(ss-cli …) works; messages
            go to stderr.

            ENVIRONMENT
              SS_DATABASE_URL  PostgreSQL URL, when --database-url is not given
              SS_HOME          where the embedded database lives (default ~/.local/share/ss,
                               /var/lib/ss for root)
              SS_PG_BIN        directory of initdb and pg_ctl for the embedded database
              NO_COLOR         no colour in human output

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli db start                     # the embedded database, created on first use
              ss-cli ping                         # are workers alive?
              JOB=$(ss-cli ping --count 1 --no-wait)
              ss-cli job wait --timeout 60 "$JOB"
            """,
        version: "0.1.0",
        subcommands: [AIPCommand.self, BatchCommand.self, LocationCommand.self, JobCommand.self, DBCommand.self, Ping.self]
    )

    public init() {}
}
