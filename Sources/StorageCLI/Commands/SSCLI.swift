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

            Settings come from flags, then SS_* environment variables, then the configuration
            file, then defaults; `ss-cli config show` prints each and where it came from.

            THE DATABASE URL
              postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?PARAMETERS], or ?host=/socket/dir
              for a Unix socket. Parameters, as libpq has them: schema (default ss);
              sslmode = disable, allow, prefer (the default over TCP), require (encrypted;
              the chain checked only with a CA), verify-ca (its certificate signed by
              sslrootcert), verify-full (and naming the host); sslrootcert = a CA file
              (default ~/.postgresql/root.crt; `system`, with verify-full, for the host's
              trust store); sslcert and sslkey for a client certificate (the key mode
              600); passfile. A Unix socket
              is never encrypted. The password is the URL's, else PGPASSWORD's, else the
              first matching line of the password file (passfile=, PGPASSFILE, ~/.pgpass:
              host:port:db:user:password, * for any, mode 600), and is never printed.
              A server that cannot be reached, refuses the TLS asked for or the password
              exits 69.

            ENVIRONMENT
              SS_DATABASE_URL  PostgreSQL URL, when --database-url is not given
              PGPASSWORD, PGPASSFILE  the database password, or a file of them
              SS_HOME          where the embedded database lives (default ~/.local/share/ss,
                               /var/lib/ss for root)
              SS_PG_BIN        directory of initdb and pg_ctl for the embedded database
              SS_CONFIG        the configuration file to read
              SS_LOCATION_ROOTS  colon-separated directories every location must be
                               inside (`location add` refuses others; the API adds none
                               without them)
              NO_COLOR         no colour in human output

            FILES
              $SS_CONFIG, else $XDG_CONFIG_HOME/ss/config.toml (~/.config/ss/config.toml),
              else /etc/ss/config.toml: the configuration file (TOML). Its keys are the
              settings of `ss-cli config show`: database_url, home, pg_bin, log_level,
              location_roots (a list), file_mode, dir_mode, and a [worker] table (queues,
              concurrency, lease_seconds, poll_interval, shutdown_grace,
              keep_succeeded_days, keep_failed_days) and a [serve] table (listen,
              max_body_bytes, max_connections, idle_timeout, request_timeout). An unknown key is an error (65).
              $SS_HOME/pg, $SS_HOME/run: the embedded database and its socket and log

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli db start                     # the embedded database, created on first use
              ss-cli ping                         # are workers alive?
              ss-cli location add vault --path /srv/aips --purpose aip-storage
              JOB=$(ss-cli aip store incoming/aip-6c1d….7z --from incoming --to vault)
              ss-cli job wait --progress "$JOB"
              ss-cli aip list --location vault --json | jq -r '"move \\(.uuid) --to offsite"' \\
                | ss-cli batch submit --idempotency-key "nightly-$(date +%F)" -
            """,
        version: "0.1.0",
        subcommands: [AIPCommand.self, AuditCommand.self, BatchCommand.self, LocationCommand.self, JobCommand.self, DBCommand.self, ConfigCommand.self, Ping.self,
                      Serve.self, APIKeyCommand.self, PipelineCommand.self]
    )

    public init() {}
}
