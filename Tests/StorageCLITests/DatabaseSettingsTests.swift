import Foundation
import QueueKit
import StorageKit
import Testing

@Suite struct DatabaseSettingsTests {
    @Test func parsesTCPAndSocketURLsAndNeverShowsThePassword() throws {
        let tcp = try DatabaseSettings(url: "postgres://arch:p%40ss@db.example:6543/archive?schema=prod", source: "test")
        #expect(tcp.endpoint == .tcp(host: "db.example", port: 6543))
        #expect(tcp.username == "arch" && tcp.password == "p@ss" && tcp.database == "archive")
        #expect(tcp.schema.name == "prod")
        #expect(tcp.display == "postgres://arch:****@db.example:6543/archive?schema=prod")

        let socket = try DatabaseSettings(url: "postgresql://ss@/ss?host=/var/lib/ss/run&port=5433", source: "test")
        #expect(socket.endpoint == .unixSocket(path: "/var/lib/ss/run/.s.PGSQL.5433"))
        #expect(socket.display == "postgres://ss@/ss?host=/var/lib/ss/run&port=5433")
    }

    @Test func rejectsWhatIsNotAPostgresURLOrAPlainSchema() {
        #expect(throws: QueueError.self) { try DatabaseSettings(url: "mysql://x@y/z", source: "test") }
        #expect(throws: QueueError.self) { try DatabaseSettings(url: "postgres://x@y/z?schema=a;drop", source: "test") }
    }

    @Test func theFlagWinsOverTheEnvironmentWhichWinsOverTheEmbeddedDatabase() throws {
        let env = Environment(variables: ["SS_DATABASE_URL": "postgres://env@h/db", "SS_HOME": "/srv/ss"])
        #expect(try DatabaseResolver.resolve(flag: "postgres://flag@h/db", environment: env).username == "flag")
        #expect(try DatabaseResolver.resolve(flag: nil, environment: env).username == "env")
        let embedded = try DatabaseResolver.resolve(flag: nil, environment: Environment(variables: ["SS_HOME": "/srv/ss"]))
        #expect(embedded.endpoint == .unixSocket(path: "/srv/ss/run/.s.PGSQL.5432"))
        #expect(embedded.source.hasPrefix("embedded"))
    }

    @Test func tlsIsPreferredOverTCPAndNeverOverASocket() throws {
        let none: [String: String] = ["HOME": "/nonexistent"]
        let tcp = try DatabaseSettings(url: "postgres://ss@db.example/ss", source: "test", variables: none)
        #expect(tcp.tls.mode == .prefer && tcp.encryption.contains("sslmode=prefer"))
        #expect(tcp.display == "postgres://ss@db.example:5432/ss", "the default says nothing")
        let required = try DatabaseSettings(url: "postgres://ss@db.example/ss?sslmode=require&schema=prod", source: "test", variables: none)
        #expect(required.display == "postgres://ss@db.example:5432/ss?schema=prod&sslmode=require")
        let socket = try DatabaseSettings(url: "postgres://ss@/ss?host=/run/pg&sslmode=verify-full", source: "test", variables: none)
        #expect(socket.tls.mode == .disable && socket.encryption.contains("Unix socket"))
        #expect(throws: QueueError.self, "verify-full needs a CA") {
            try DatabaseSettings(url: "postgres://ss@db.example/ss?sslmode=verify-full", source: "test", variables: none)
        }
        #expect(throws: QueueError.self, "a certificate without its key") {
            try DatabaseSettings(url: "postgres://ss@db.example/ss?sslmode=require&sslcert=/etc/hostname", source: "test", variables: none)
        }
    }

    /// A home directory of the test's own, removed afterwards.
    func withHome(_ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ss-pgpass-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try body(dir)
    }

    @Test func thePasswordComesFromTheURLThenPGPASSWORDThenThePasswordFile() throws { try withHome { dir in
        try "db.example:5432:ss:ss:from\\:file\\\\x\n*:*:*:*:anything\n".write(toFile: dir + "/.pgpass", atomically: true, encoding: .utf8)
        chmod(dir + "/.pgpass", 0o600)
        let home = ["HOME": dir]
        let url = try DatabaseSettings(url: "postgres://ss:given@db.example/ss", source: "t", variables: home.merging(["PGPASSWORD": "variable"]) { $1 })
        #expect(url.password == "given" && url.passwordSource == "the URL")
        let variable = try DatabaseSettings(url: "postgres://ss@db.example/ss", source: "t", variables: home.merging(["PGPASSWORD": "variable"]) { $1 })
        #expect(variable.password == "variable" && variable.passwordSource == "PGPASSWORD")
        #expect(!variable.display.contains("****"), "no password in the URL to mask")
        let file = try DatabaseSettings(url: "postgres://ss@db.example/ss", source: "t", variables: home)
        #expect(file.password == "from:file\\x" && file.passwordSource == "passfile \(dir)/.pgpass")
        let wildcard = try DatabaseSettings(url: "postgres://other@elsewhere:6000/db", source: "t", variables: home)
        #expect(wildcard.password == "anything")
        chmod(dir + "/.pgpass", 0o640)
        #expect(throws: QueueError.self, "a password file others can read") {
            try DatabaseSettings(url: "postgres://ss@db.example/ss", source: "t", variables: home)
        }
        let none = try DatabaseSettings(url: "postgres://ss@db.example/ss", source: "t", variables: ["HOME": dir + "/nowhere"])
        #expect(none.password == nil && none.passwordSource == nil)
    } }

    @Test func aPasswordIsMaskedWhereverTheURLPutsIt() throws {
        let secret = "S3cr3t-\(UUID().uuidString.prefix(6))"
        for url in ["postgres://ss@db/ss?password=\(secret)&sslmode=verfy-full",
                    "postgres://ss@srv:\(secret)@db/ss?sslmode=nope",
                    "postgres://ss:2024/\(secret)@db/ss?sslmode=nope",
                    "postgres://ss:\(secret)@db/ss?sslmode=nope",
                    "postgres://ss:a b%zz\(secret)@db/ss"] {
            #expect(!DatabaseSettings.mask(url).contains(secret), "\(DatabaseSettings.mask(url))")
            let shown = Settings.all(databaseFlag: url, environment: Environment(variables: ["HOME": "/nonexistent"]))
            #expect(!shown.contains { $0.value.contains(secret) }, "config show: \(shown.map(\.value))")
            do {
                _ = try DatabaseSettings(url: url, source: "test", variables: ["HOME": "/nonexistent"])
            } catch {
                #expect(!error.message.contains(secret), "\(error.message)")
            }
        }
        #expect(DatabaseSettings.mask("postgres://ss:pw@db:5432/ss?password=x&schema=a") == "postgres://ss:****@db:5432/ss?password=****&schema=a")
    }

    @Test func aPasswordFileBehindALinkCountsAsTheFileItself() throws { try withHome { dir in
        try "*:*:*:*:linked\n".write(toFile: dir + "/secret", atomically: true, encoding: .utf8)
        chmod(dir + "/secret", 0o600)
        try FileManager.default.createSymbolicLink(atPath: dir + "/.pgpass", withDestinationPath: dir + "/secret")
        let linked = try DatabaseSettings(url: "postgres://ss@db.example/ss", source: "t", variables: ["HOME": dir])
        #expect(linked.password == "linked", "a secret mounted as a link (Kubernetes) is read")
    } }
}
