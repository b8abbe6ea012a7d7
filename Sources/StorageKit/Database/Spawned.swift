import Foundation
import QueueKit

/// A child process started with posix_spawn and reaped with waitpid. Foundation's
/// `Process` on Linux sometimes misses a child's exit, and a pipe to its output never
/// reaches end-of-file, when a grandchild outlives it (pg_ctl's server does).
public final class Spawned: @unchecked Sendable {
    public let pid: pid_t
    private var status: Int32?
    private let lock = NSLock()

    /// Starts `path` with stdin from /dev/null and stdout/stderr appended to the files.
    public init(_ path: String, _ arguments: [String], environment: [String: String], stdout: String, stderr: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard rc == 0 else { throw QueueError(.unavailable, "cannot run \(path): \(String(cString: strerror(rc)))") }
        self.pid = pid
    }

    /// The exit status (128+signal when killed), or nil while it runs.
    public func poll() -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let status { return status }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
        let code = raw & 0x7f == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        status = code
        return code
    }

    public var isRunning: Bool { poll() == nil }

    /// Waits up to `timeout` seconds; nil when it still runs.
    public func wait(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let s = poll() { return s }
            usleep(5_000)
        }
        return poll()
    }

    public func signal(_ sig: Int32) { kill(pid, sig) }
}
