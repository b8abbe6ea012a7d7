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
}
