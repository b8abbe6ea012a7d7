import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// Flags, then SS_* variables, then the configuration file, then defaults; and
/// `config show` says which, never printing a password.
@Suite struct ConfigCommandTests {
    let dir = FileManager.default.temporaryDirectory.path + "/ss-config-\(UUID().uuidString.prefix(8))"

    func write(_ text: String) throws -> String {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/config.toml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func show(_ env: [String: String], _ extra: [String] = []) throws -> [String: [String: String]] {
        let r = try runCLI(["config", "show", "--json"] + extra, databaseURL: env["SS_DATABASE_URL"],
                           environment: env.filter { $0.key != "SS_DATABASE_URL" })
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: [String: String]])
    }

    @Test func eachSettingSaysWhereItCameFromAndPasswordsAreMasked() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try write("""
            database_url = "postgres://archivist:file-s3cret@db.example.org:5433/ss"
            log_level = "debug"
            [worker]
            concurrency = 3
            queues = ["default", "bulk"]
            """)
        let fromFile = try show(["SS_CONFIG": path])
        #expect(fromFile["database_url"] == ["value": "postgres://archivist:****@db.example.org:5433/ss", "source": "config \(path)"])
        #expect(fromFile["worker.concurrency"] == ["value": "3", "source": "config \(path)"])
        #expect(fromFile["worker.queues"]?["value"] == "default,bulk")
        #expect(fromFile["worker.lease_seconds"] == ["value": "60", "source": "default"])
        #expect(fromFile["config_file"] == ["value": path, "source": "SS_CONFIG"])

        let fromEnv = try show(["SS_CONFIG": path, "SS_DATABASE_URL": "postgres://env:env-s3cret@envhost/ss", "SS_WORKER_CONCURRENCY": "7"])
        #expect(fromEnv["database_url"] == ["value": "postgres://env:****@envhost:5432/ss", "source": "SS_DATABASE_URL"])
        #expect(fromEnv["worker.concurrency"] == ["value": "7", "source": "SS_WORKER_CONCURRENCY"])

        let fromFlag = try show(["SS_CONFIG": path], ["--database-url", "postgres://flag:flag-s3cret@flaghost/ss"])
        #expect(fromFlag["database_url"]?["source"] == "--database-url")

        let human = try runCLI(["config", "show"], databaseURL: nil, environment: ["SS_CONFIG": path])
        #expect(human.status == 0)
        for secret in ["file-s3cret", "env-s3cret", "flag-s3cret"] {
            #expect(!human.stdout.contains(secret) && !human.stderr.contains(secret))
        }
        #expect(human.stdout.contains("worker.concurrency") && human.stdout.contains("config \(path)"))
    }

    @Test func locationRootsAndModesComeFromTheFileToo() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try write("""
            location_roots = ["/srv/aips", "/srv/transfers"]
            file_mode = "0600"
            [serve]
            idle_timeout = 5
            max_connections = 64
            """)
        let shown = try show(["SS_CONFIG": path])
        #expect(shown["location_roots"] == ["value": "/srv/aips:/srv/transfers", "source": "config \(path)"])
        #expect(shown["file_mode"]?["value"] == "0600" && shown["dir_mode"] == ["value": "0750", "source": "default"])
        #expect(shown["serve.idle_timeout"]?["value"] == "5" && shown["serve.max_connections"]?["value"] == "64")
        var env = ProcessInfo.processInfo.environment
        env["SS_FILE_MODE"] = "rw-r-----"
        env["SS_DATABASE_URL"] = "postgres://x@127.0.0.1:1/x"
        let worker = try runProcess(Binaries.worker, ["--concurrency", "1"], environment: env, timeout: 20)
        #expect(worker.status == 65 && worker.stderr.contains("file_mode must be an octal mode"), "\(worker.status) \(worker.stderr)")
    }

    @Test func aBadConfigurationFileIsRefusedByName() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let unknown = try runCLI(["config", "show"], databaseURL: nil, environment: ["SS_CONFIG": try write("databse_url = \"x\"\n")])
        #expect(unknown.status == 65 && unknown.stderr.contains("unknown setting databse_url"), "\(unknown.stderr)")
        let broken = try runCLI(["job", "list"], databaseURL: nil, environment: ["SS_CONFIG": try write("[worker\nconcurrency = 3\n")])
        #expect(broken.status == 65 && broken.stderr.contains("config.toml"), "\(broken.stderr)")
        let wrongType = try runCLI(["config", "show"], databaseURL: nil, environment: ["SS_CONFIG": try write("[worker]\nconcurrency = \"many\"\n")])
        #expect(wrongType.status == 65, "\(wrongType.stderr)")
        let missing = try runCLI(["config", "show"], databaseURL: nil, environment: ["SS_CONFIG": dir + "/nope.toml"])
        #expect(missing.status == 66 && missing.stderr.contains("nope.toml"))
    }

    @Test func commandsAndWorkersUseTheConfigurationFile() async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try await TestDatabase.make()
        let path = try write("database_url = \"\(db.url)\"\n[worker]\nconcurrency = 3\nqueues = [\"nightly\"]\n")
        let list = try runCLI(["job", "list", "--json"], databaseURL: nil, environment: ["SS_CONFIG": path])
        #expect(list.status == 0, "the database comes from the file: \(list.stderr)")
        let worker = try WorkerProcess(databaseURL: db.url, environment: ["SS_CONFIG": path])
        try await TestDatabase.eventually("the worker starts") { worker.log.contains("worker ") && worker.log.contains("started") }
        #expect(worker.log.contains("queues nightly, concurrency 3"), "the [worker] table applies: \(worker.log)")
        worker.signal(SIGTERM)
        #expect(worker.waitForExit(timeout: 20) == 0)
    }
}
