import Foundation
import StorageTesting
import Testing

/// A private PostgreSQL set up as a managed one is: `ssl = on` with a certificate that a
/// throwaway CA (`scripts/lib/tls.sh`, with openssl) signed for `names`, a password for `ss`
/// (scram-sha-256), and for TCP only `hostssl` lines from `clients`. A second CA that
/// signed nothing stands for a stranger's.
struct TLSCluster {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let dir: String
    let port: Int
    let password = "pw-\(UUID().uuidString.prefix(12))"

    var ca: String { dir + "/ca.crt" }
    var strangerCA: String { dir + "/other.crt" }

    /// `names`: the certificate's subjectAltName entries (`DNS:localhost`, `IP:10.0.0.1`);
    /// `listen`: the addresses the server listens on; `clients`: the networks it takes.
    init(names: [String], listen: [String] = ["127.0.0.1"], clients: [String] = ["127.0.0.1/32"]) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ss-tls-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        port = try #require(Int(try Self.shell("free_port").stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let made = try Self.shell("""
            make_certs \(dir) \(names.joined(separator: ","))
            pg_start \(dir) \(port) fsync=off $(tls_settings \(dir)) listen_addresses=\(listen.joined(separator: ","))
            pg_secure \(dir) \(port) \(password) \(clients.joined(separator: " "))
            """)
        try #require(made.status == 0, "\(made.stderr)")
    }

    /// `postgres://ss:<password>@host:port/ss?…` (the password left out when `password` is false).
    func url(host: String, password withPassword: Bool = true, _ parameters: String) -> String {
        "postgres://ss\(withPassword ? ":" + password : "")@\(host):\(port)/ss?\(parameters)"
    }

    /// `verify-full` against this cluster's CA.
    func verified(host: String, password withPassword: Bool = true) -> String {
        url(host: host, password: withPassword, "sslmode=verify-full&sslrootcert=\(ca)")
    }

    /// psql over the socket, as the cluster's owner sees it.
    func sql(_ query: String) throws -> String {
        let r = try Self.shell("psql -h \(dir)/sock -p \(port) -U ss -d ss -qAtX -c \"\(query)\"")
        try #require(r.status == 0, "\(r.stderr)")
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func stop() {
        _ = try? Self.shell("pg_stop \(dir)")
        try? FileManager.default.removeItem(atPath: dir)
    }

    static func shell(_ script: String, timeout: Double = 120) throws -> CommandResult {
        try runProcess("/bin/bash", ["-c", "set -e; . \(root.path)/scripts/lib/postgres.sh; . \(root.path)/scripts/lib/tls.sh; \(script)"],
                       environment: ProcessInfo.processInfo.environment, timeout: timeout)
    }
}
