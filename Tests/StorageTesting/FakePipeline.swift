import Foundation
import QueueKit
import StorageKit

/// `scripts/compat/fake_pipeline.py` running on a port of its own: the pipeline API a
/// re-ingest calls back, recording every request it gets. Stopped (SIGKILL) when dropped,
/// and by itself after five minutes.
public final class FakePipeline: Sendable {
    public let user = "am-user"
    public let key = "am-key-\(UUID().uuidString.prefix(8))"
    public let port: Int
    private let child: Spawned
    private let directory: String

    /// `shared` is the pipeline's shared directory; `refuse` makes it answer 500 to every re-ingest.
    public init(shared: String, refuse: Bool = false) throws {
        directory = NSTemporaryDirectory() + "fake-pipeline-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/compat/fake_pipeline.py").path
        var arguments = [script, "--shared", shared, "--user", user, "--key", key, "--log", directory + "/requests.jsonl",
                         "--port-file", directory + "/port"]
        if refuse { arguments.append("--refuse") }
        child = try Spawned("/usr/bin/python3", arguments, environment: ProcessInfo.processInfo.environment,
                            stdout: directory + "/out.log", stderr: directory + "/out.log")
        let deadline = Date().addingTimeInterval(20)
        while (try? String(contentsOfFile: directory + "/port", encoding: .utf8)) == nil {
            guard Date() < deadline, child.poll() == nil else {
                throw TestFailure("the fake pipeline did not start: \((try? String(contentsOfFile: directory + "/out.log", encoding: .utf8)) ?? "")")
            }
            usleep(20_000)
        }
        port = Int(try String(contentsOfFile: directory + "/port", encoding: .utf8)) ?? 0
    }

    /// What `pipeline add --remote-name` takes.
    public var remoteName: String { "127.0.0.1:\(port)" }

    /// Every request so far, oldest first.
    public func requests() throws -> [JSONValue] {
        let text = (try? String(contentsOfFile: directory + "/requests.jsonl", encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try JSONValue(jsonText: String($0)) }
    }

    /// Registers the pipeline `uuid` with its shared directory and this endpoint's credentials.
    public func register(_ uuid: String, shared: String, databaseURL: String) throws {
        try Data(key.utf8).write(to: URL(fileURLWithPath: directory + "/key"))
        let added = try runCLI(["pipeline", "add", uuid, "--shared-path", shared, "--remote-name", remoteName,
                                "--api-username", user, "--api-key-file", directory + "/key"], databaseURL: databaseURL)
        guard added.status == 0 else { throw TestFailure("pipeline add: \(added.stderr)") }
    }

    deinit {
        child.signal(SIGKILL)
        _ = child.wait(timeout: 5)
        try? FileManager.default.removeItem(atPath: directory)
    }
}
