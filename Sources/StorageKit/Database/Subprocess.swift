import Foundation
import QueueKit

/// Runs a program to completion and captures its output: for `initdb` and `pg_ctl`.
enum Subprocess {
    struct Output {
        var status: Int32
        var text: String
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Output {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("ss-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let child = try Spawned(executable, arguments, environment: ProcessInfo.processInfo.environment, stdout: log, stderr: log)
        let status = child.wait(timeout: .infinity) ?? -1
        return Output(status: status, text: (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    /// The first executable named `name` in `$PATH`.
    static func which(_ name: String, path: String?) -> String? {
        for dir in (path ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
