import Foundation
import StorageKit
import StorageTesting
import Testing

/// TLS and passwords to PostgreSQL as a managed server is set up: a private cluster with
/// `ssl = on`, a certificate made here by a throwaway CA for the name `localhost` alone, and only
/// `hostssl … scram-sha-256` lines for TCP. What a libpq user expects of `sslmode`, and the
/// password never in any output.
@Suite(.serialized) struct DatabaseTLSTests {
    nonisolated(unsafe) static let encrypted = /"encryption"\s*:\s*"TLSv1\./

    @Test func sslModesPasswordsAndAWorkerOverTLS() async throws {
        let cluster = try TLSCluster(names: ["DNS:localhost"])
        defer { cluster.stop() }
        let dir = cluster.dir, port = cluster.port, password = cluster.password

        var outputs: [String] = []
        func cli(_ arguments: [String], _ url: String, environment: [String: String] = [:]) throws -> CommandResult {
            let r = try runCLI(arguments, databaseURL: url, environment: environment)
            outputs.append(r.stdout + r.stderr)
            return r
        }
        let base = "postgres://ss:\(password)@localhost:\(port)/ss"
        let full = cluster.verified(host: "localhost")

        let migrate = try cli(["db", "migrate"], full)
        #expect(migrate.status == 0, "verify-full against the right CA and address: \(migrate.stderr)")
        let status = try cli(["db", "status", "--json"], full)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains(Self.encrypted), "the server says the connection is encrypted: \(status.stdout)")
        let shown = try cli(["config", "show"], full)
        #expect(shown.stdout.contains("certificate and host name checked against \(dir)/ca.crt (sslmode=verify-full)"), "\(shown.stdout)")
        #expect(shown.stdout.contains("(set, from the URL)"), "\(shown.stdout)")

        // libpq's default (prefer) encrypts when the server offers it.
        let preferred = try cli(["db", "status", "--json"], base)
        #expect(preferred.stdout.contains(Self.encrypted), "\(preferred.stdout) \(preferred.stderr)")

        // Refused: a stranger's CA, a name the certificate does not carry, no TLS at all.
        let strangerCA = try cli(["db", "status"], "\(base)?sslmode=verify-ca&sslrootcert=\(dir)/other.crt")
        #expect(strangerCA.status == 69, "\(strangerCA.stderr)")
        #expect(strangerCA.stderr.contains("no TLS connection to the database") && strangerCA.stderr.contains("is the CA that signed"),
                "\(strangerCA.stderr)")
        let byAddress = "postgres://ss:\(password)@127.0.0.1:\(port)/ss?sslrootcert=\(dir)/ca.crt&sslmode="
        let wrongName = try cli(["db", "status"], byAddress + "verify-full")
        #expect(wrongName.status == 69, "\(wrongName.stderr)")
        #expect(wrongName.stderr.contains("does not name the host"), "\(wrongName.stderr)")
        let chainOnly = try cli(["db", "status"], byAddress + "verify-ca")
        #expect(chainOnly.status == 0, "verify-ca checks the chain, not the name: \(chainOnly.stderr)")
        let requireWithCA = try cli(["db", "status"], "\(base)?sslmode=require&sslrootcert=\(dir)/other.crt")
        #expect(requireWithCA.status == 69, "require with a CA checks the chain, as libpq: \(requireWithCA.stderr)")
        let requireOwnCA = try cli(["db", "status"], "\(base)?sslmode=require&sslrootcert=\(dir)/ca.crt")
        #expect(requireOwnCA.status == 0, "\(requireOwnCA.stderr)")
        let systemCA = try cli(["db", "status"], "\(base)?sslmode=verify-ca&sslrootcert=system")
        #expect(systemCA.status == 65 && systemCA.stderr.contains("needs sslmode=verify-full"), "\(systemCA.stderr)")
        let plain = try cli(["db", "status"], "\(base)?sslmode=disable")
        #expect(plain.status == 69, "\(plain.stderr)")
        #expect(plain.stderr.contains("no encryption"), "the server's own refusal is passed on: \(plain.stderr)")
        let noCA = try cli(["db", "status"], "\(base)?sslmode=verify-full&sslrootcert=\(dir)/missing.crt")
        #expect(noCA.status != 0 && noCA.stderr.contains("missing.crt cannot be read"), "\(noCA.stderr)")
        let badMode = try cli(["db", "status"], "\(base)?sslmode=maybe")
        #expect(badMode.status == 65 && badMode.stderr.contains("sslmode=maybe is not one of"), "\(badMode.stderr)")

        // The password from PGPASSWORD, from a password file, and a wrong one.
        let bare = "postgres://ss@localhost:\(port)/ss?sslmode=verify-full&sslrootcert=\(dir)/ca.crt"
        let fromVariable = try cli(["db", "status"], bare, environment: ["PGPASSWORD": password])
        #expect(fromVariable.status == 0, "\(fromVariable.stderr)")
        let passfile = dir + "/pgpass"
        try "# a comment\nother.host:*:*:*:nope\nlocalhost:\(port):ss:ss:\(password)\n".write(toFile: passfile, atomically: true, encoding: .utf8)
        chmod(passfile, 0o600)
        let fromFile = try cli(["db", "status"], bare + "&passfile=\(passfile)")
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let fileShown = try cli(["config", "show"], bare + "&passfile=\(passfile)")
        #expect(fileShown.stdout.contains("(set, from passfile \(passfile))"), "\(fileShown.stdout)")
        chmod(passfile, 0o644)
        let loose = try cli(["db", "status"], bare + "&passfile=\(passfile)")
        #expect(loose.status != 0 && loose.stderr.contains("can be read by others"), "\(loose.stderr)")
        let wrong = try cli(["db", "status"], bare, environment: ["PGPASSWORD": "not-it"])
        #expect(wrong.status == 69 && wrong.stderr.contains("password authentication failed"), "\(wrong.stderr)")

        // A worker's pool over TLS drains what is submitted.
        let worker = try WorkerProcess(databaseURL: full, arguments: ["--concurrency", "4", "--poll-interval", "0.2"])
        let pinged = try cli(["ping", "--count", "20", "--timeout", "60"], full)
        #expect(pinged.status == 0, "\(pinged.stderr)\n\(worker.log.suffix(2000))")
        worker.signal(SIGTERM)
        #expect(worker.waitForExit(timeout: 30) == 0)
        outputs.append(worker.log)

        for output in outputs {
            #expect(!output.contains(password), "the password is never shown: \(output)")
        }
    }
}
