import Foundation
import QueueKit

/// The private PostgreSQL cluster ss runs under `$SS_HOME` when no database URL is set,
/// so that a first run needs no set-up. It listens on a Unix socket only (no TCP port to
/// clash with), trusts local connections, and runs as the `postgres` system user when
/// invoked as root (PostgreSQL refuses to run as root).
public struct EmbeddedCluster: Sendable {
    public static let port = 5432
    public static let superuser = "ss"
    public static let database = "ss"

    public let home: String
    let environment: Environment

    public init(environment: Environment = Environment()) {
        self.environment = environment
        self.home = environment.home
    }

    public var dataDirectory: String { home + "/pg" }
    public var socketDirectory: String { home + "/run" }
    public var logFile: String { home + "/run/postgres.log" }

    public var settings: DatabaseSettings {
        DatabaseSettings(
            endpoint: .unixSocket(path: "\(socketDirectory)/.s.PGSQL.\(Self.port)"),
            username: Self.superuser, password: nil, database: Self.database,
            schema: .default, source: "embedded (\(home))")
    }

    /// Creates the cluster if needed and starts it; returns what it did, for the user.
    public func start() throws -> [String] {
        var done: [String] = []
        let bin = try binaries()
        try prepareDirectories()
        if !FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") {
            try runAsOwner(bin + "/initdb", ["-D", dataDirectory, "-U", Self.superuser, "--auth=trust", "-E", "UTF8", "--locale=C"],
                           what: "initialise the cluster")
            done.append("created a PostgreSQL cluster in \(dataDirectory)")
        }
        if try isRunning(bin: bin) {
            done.append("PostgreSQL is already running on \(socketDirectory)")
        } else {
            let options = "-k \(socketDirectory) -p \(Self.port) -c listen_addresses='' -c unix_socket_permissions=0700"
            try runAsOwner(bin + "/pg_ctl", ["-D", dataDirectory, "-l", logFile, "-o", options, "-w", "-t", "60", "start"],
                           what: "start PostgreSQL (log: \(logFile))")
            done.append("started PostgreSQL on \(socketDirectory)")
        }
        return done
    }

    public func stop() throws -> String {
        let bin = try binaries()
        guard try isRunning(bin: bin) else { return "PostgreSQL under \(home) is not running" }
        try runAsOwner(bin + "/pg_ctl", ["-D", dataDirectory, "-m", "fast", "-w", "stop"], what: "stop PostgreSQL")
        return "stopped PostgreSQL under \(home)"
    }

    public var createDatabaseSQL: String { "CREATE DATABASE \(Self.database)" }

    /// The settings to reach the maintenance database, to create `ss` on first start.
    public var maintenanceSettings: DatabaseSettings {
        var s = settings
        s.database = "postgres"
        return s
    }

    private func isRunning(bin: String) throws -> Bool {
        guard FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") else { return false }
        return try ownerCommand(bin + "/pg_ctl", ["-D", dataDirectory, "status"]).status == 0
    }

    /// PostgreSQL's server programs: `$SS_PG_BIN`, else the directory of `initdb` on the
    /// PATH, else the newest `/usr/lib/postgresql/*/bin` (Debian keeps them off the PATH).
    func binaries() throws -> String {
        if let dir = environment["SS_PG_BIN"] { return dir }
        if let initdb = Subprocess.which("initdb", path: environment["PATH"]) {
            return (initdb as NSString).deletingLastPathComponent
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted()
        if let newest = versions.last, FileManager.default.isExecutableFile(atPath: "\(root)/\(newest)/bin/initdb") {
            return "\(root)/\(newest)/bin"
        }
        throw QueueError(.unavailable, "PostgreSQL's server programs (initdb, pg_ctl) are not installed; install them (Debian: apt-get install postgresql) or set SS_PG_BIN")
    }

    private func prepareDirectories() throws {
        let fm = FileManager.default
        for dir in [home, dataDirectory, socketDirectory] where !fm.fileExists(atPath: dir) {
            do {
                try fm.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                       attributes: [.posixPermissions: dir == home ? 0o755 : 0o700])
            } catch {
                throw QueueError(.unavailable, "cannot create \(dir): \(error.localizedDescription)")
            }
        }
        if environment.isRoot {
            // $SS_HOME is ss's own: let the postgres user pass through it.
            if let mode = (try? fm.attributesOfItem(atPath: home))?[.posixPermissions] as? Int, mode & 0o001 == 0 {
                try? fm.setAttributes([.posixPermissions: mode | 0o011], ofItemAtPath: home)
            }
            for dir in [dataDirectory, socketDirectory] {
                let out = try Subprocess.run("/bin/chown", ["postgres:postgres", dir])
                guard out.status == 0 else {
                    throw QueueError(.unavailable, "cannot give \(dir) to the postgres user (is PostgreSQL installed?): \(out.text)")
                }
            }
        }
    }

    private func runAsOwner(_ program: String, _ arguments: [String], what: String) throws {
        let out = try ownerCommand(program, arguments)
        guard out.status == 0 else {
            var hint = ""
            if environment.isRoot, out.text.contains("ermission denied") {
                hint = "\nhint: the postgres user must be able to enter every directory above \(home); choose another SS_HOME or allow it with chmod o+x"
            }
            throw QueueError(.unavailable, "could not \(what):\n\(out.text.trimmingCharacters(in: .whitespacesAndNewlines))\(hint)")
        }
    }

    private func ownerCommand(_ program: String, _ arguments: [String]) throws -> Subprocess.Output {
        if environment.isRoot {
            return try Subprocess.run("/usr/sbin/runuser", ["-u", "postgres", "--", program] + arguments)
        }
        return try Subprocess.run(program, arguments)
    }
}
