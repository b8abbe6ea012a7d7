import Foundation
import QueueKit
import StorageKit

/// One HTTP exchange, as curl saw it.
public struct HTTPResult: Sendable {
    public var status: Int
    /// Lower-cased names.
    public var headers: [String: String]
    public var body: Data

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as JSON, or null when it is not JSON (for use inside `#expect`).
    public var object: JSONValue { (try? json()) ?? .null }

    /// The body as JSON; a test failure when it is not.
    public func json() throws -> JSONValue {
        do { return try JSONValue(jsonText: text) } catch { throw TestFailure("not JSON (status \(status)): \(text.prefix(300))") }
    }
}

/// A client for the tests of `ss-cli serve`: real HTTP over a real socket, made by curl
/// (what a sysadmin would use), off Swift's cooperative threads so that a long request
/// cannot starve the rest of the test.
public struct HTTPClient: Sendable {
    public let base: String
    /// `user:key`, sent as `Authorization: ApiKey …` unless a request sets its own.
    public var credentials: String?

    public init(base: String, credentials: String? = nil) {
        self.base = base
        self.credentials = credentials
    }

    public func get(_ path: String, headers: [String: String] = [:]) async throws -> HTTPResult {
        try await request("GET", path, headers: headers)
    }

    /// POSTs `json` (a JSON text) with `Content-Type: application/json`.
    public func post(_ path: String, json: String, headers: [String: String] = [:]) async throws -> HTTPResult {
        try await request("POST", path, body: Data(json.utf8), headers: ["Content-Type": "application/json"].merging(headers) { $1 })
    }

    public func request(
        _ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:], output: String? = nil, timeout: Double = 120
    ) async throws -> HTTPResult {
        let dir = FileManager.default.temporaryDirectory.path + "/ss-http-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var arguments = ["-s", "-S", "-D", dir + "/headers", "-o", output ?? dir + "/body", "-w", "%{http_code}", "--max-time", "\(Int(timeout))"]
        arguments += method == "HEAD" ? ["-I"] : ["-X", method]
        var all = headers
        if let credentials, all["Authorization"] == nil { all["Authorization"] = "ApiKey \(credentials)" }
        for (name, value) in all.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(name): \(value)"] }
        if let body {
            try body.write(to: URL(fileURLWithPath: dir + "/request"))
            arguments += ["--data-binary", "@" + dir + "/request"]
            if all["Content-Type"] == nil { arguments += ["-H", "Content-Type:"] }
        }
        arguments.append(base + path)
        let args = arguments
        let result = try await withCheckedThrowingContinuation { (c: CheckedContinuation<CommandResult, any Error>) in
            // A thread of its own: requests that wait (long polls) must all be in flight at
            // once, and Dispatch's pool adds a thread only about once a second.
            Thread {
                c.resume(with: Result { try runProcess("/usr/bin/curl", args, environment: ProcessInfo.processInfo.environment, timeout: timeout + 10) })
            }.start()
        }
        guard result.status == 0, let status = Int(result.stdout) else {
            throw TestFailure("curl \(method) \(path) failed (\(result.status)): \(result.stderr)")
        }
        var fields: [String: String] = [:]
        let raw = (try? String(contentsOfFile: dir + "/headers", encoding: .utf8)) ?? ""
        for line in raw.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        // curl -I writes the headers where the body would go; a HEAD has no body.
        let data = output == nil && method != "HEAD" ? (FileManager.default.contents(atPath: dir + "/body") ?? Data()) : Data()
        return HTTPResult(status: status, headers: fields, body: data)
    }
}

/// `ss-cli serve` on a free port, stopped (SIGTERM, then SIGKILL) when released.
public final class ServerProcess: Sendable {
    public let child: Spawned
    public let logPath: String
    public let port: Int

    public init(databaseURL: String, arguments: [String] = [], environment: [String: String] = [:]) throws {
        logPath = FileManager.default.temporaryDirectory.appendingPathComponent("ss-serve-\(UUID().uuidString).log").path
        var env = ProcessInfo.processInfo.environment
        env["SS_DATABASE_URL"] = databaseURL
        env.merge(environment) { $1 }
        child = try Spawned(Binaries.cli, ["serve", "--listen", "127.0.0.1:0"] + arguments, environment: env, stdout: logPath, stderr: logPath)
        let deadline = Date().addingTimeInterval(30)
        var found: Int?
        while found == nil, Date() < deadline, child.isRunning {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let range = log.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                found = Int(log[range].split(separator: ":").last ?? "")
            } else {
                usleep(50_000)
            }
        }
        guard let found else {
            child.signal(SIGKILL)
            throw TestFailure("ss-cli serve did not start: \((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")")
        }
        port = found
    }

    public var base: String { "http://127.0.0.1:\(port)" }
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    deinit {
        if child.isRunning {
            child.signal(SIGTERM)
            if child.wait(timeout: 10) == nil {
                child.signal(SIGKILL)
                _ = child.wait(timeout: 5)
            }
        }
        try? FileManager.default.removeItem(atPath: logPath)
    }
}
