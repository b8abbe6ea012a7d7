import Foundation
import StorageKit

/// The built `ss-cli` and `ss-worker`, run as real processes.
public enum Binaries {
    public static var directory: String {
        if let dir = ProcessInfo.processInfo.environment["SS_BIN_DIR"] { return dir }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug").path
    }

    public static var cli: String { directory + "/ss-cli" }
    public static var worker: String { directory + "/ss-worker" }
}

/// What a finished command printed and returned.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var seconds: Double
}

/// Runs `ss-cli` to completion (killed after `timeout`), with `SS_DATABASE_URL` set.
public func runCLI(
    _ arguments: [String], databaseURL: String?, environment: [String: String] = [:], timeout: Double = 60
) throws -> CommandResult {
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "SS_DATABASE_URL")
    if let databaseURL { env["SS_DATABASE_URL"] = databaseURL }
    env["NO_COLOR"] = "1"
    env.merge(environment) { $1 }
    return try runProcess(Binaries.cli, arguments, environment: env, timeout: timeout)
}

public func runProcess(_ path: String, _ arguments: [String], environment: [String: String], timeout: Double) throws -> CommandResult {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ss-cmd-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("out").path, err = dir.appendingPathComponent("err").path
    let start = Date()
    let child = try Spawned(path, arguments, environment: environment, stdout: out, stderr: err)
    guard let status = child.wait(timeout: timeout) else {
        child.signal(SIGKILL)
        _ = child.wait(timeout: 5)
        throw TestFailure("\(path) \(arguments.joined(separator: " ")) ran longer than \(timeout) s")
    }
    return CommandResult(
        status: status,
        stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "",
        seconds: Date().timeIntervalSince(start))
}

/// An `ss-worker` process, its log in a file, stopped (SIGKILL) when the test forgets to.
public final class WorkerProcess: Sendable {
    public let child: Spawned
    public let logPath: String

    /// `namespace`: a network namespace to run in (`ip netns exec`, which execs the worker,
    /// so the child is the worker itself), as if on a host of its own.
    public init(databaseURL: String, arguments: [String] = [], environment: [String: String] = [:], namespace: String? = nil) throws {
        logPath = FileManager.default.temporaryDirectory.appendingPathComponent("ss-worker-\(UUID().uuidString).log").path
        var env = ProcessInfo.processInfo.environment
        env["SS_DATABASE_URL"] = databaseURL
        env.merge(environment) { $1 }
        if let namespace {
            child = try Spawned("/usr/sbin/ip", ["netns", "exec", namespace, Binaries.worker] + arguments, environment: env, stdout: logPath, stderr: logPath)
        } else {
            child = try Spawned(Binaries.worker, arguments, environment: env, stdout: logPath, stderr: logPath)
        }
    }

    public var pid: Int32 { child.pid }

    public var isRunning: Bool { child.isRunning }
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    public func signal(_ sig: Int32) { child.signal(sig) }

    /// Waits for exit up to `timeout`; nil when still running.
    public func waitForExit(timeout: Double) -> Int32? { child.wait(timeout: timeout) }

    deinit {
        if child.isRunning {
            child.signal(SIGKILL)
            _ = child.wait(timeout: 5)
        }
        try? FileManager.default.removeItem(atPath: logPath)
    }
}
