import ArgumentParser
import Foundation
import QueueKit
import StorageKit

/// The options every submission shares: how it is queued, and whether to wait for it.
struct SubmissionOptions: ParsableArguments {
    @Option(help: "Higher runs first (default 0).") var priority = 0
    @Option(help: "The queue to put the job in.") var queue = "default"
    @Option(help: ArgumentHelp("A key that makes resubmitting safe: what was submitted with this key is returned instead of anything new.", valueName: "key"))
    var idempotencyKey: String?
    @OptionGroup var waiting: WaitOptions

    func validate() throws {
        if let idempotencyKey, idempotencyKey.isEmpty { throw ValidationError("--idempotency-key must not be empty") }
    }

    var options: SubmitOptions {
        SubmitOptions(priority: priority, queue: queue, idempotencyKey: idempotencyKey)
    }

    /// Who asked, for the AIP's history: `user@host`.
    static var actor: String {
        let env = ProcessInfo.processInfo.environment
        let user = env["USER"] ?? env["LOGNAME"] ?? getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) } ?? "uid \(geteuid())"
        return "\(user)@\(ProcessInfo.processInfo.hostName)"
    }

    /// Submits `operation`, prints the job's UUID, and waits for it when asked.
    func submit(_ operation: AIPOperation, _ global: GlobalOptions) async throws {
        let id = try await global.withDatabase { [options] db in
            try await AIPRequests(queue: db.queue, actor: Self.actor).submit(operation, options: options, on: db.connection)
        }
        try await waiting.report(id, global)
    }
}

/// `--wait`, `--timeout` and `--progress` of a command that submits one job.
struct WaitOptions: ParsableArguments {
    @Flag(help: "Wait until it ends, like `job wait` (same exit statuses).") var wait = false
    @Option(help: "With --wait: give up after this many seconds (exit 75).") var timeout: Double?
    @Flag(help: "With --wait: show progress on stderr.") var progress = false

    func validate() throws {
        if let timeout, timeout < 0 { throw ValidationError("--timeout must not be negative") }
        if (timeout != nil || progress), !wait { throw ValidationError("--timeout and --progress go with --wait") }
    }

    /// Prints the job's UUID, and waits for it when asked.
    func report(_ id: UUID, _ global: GlobalOptions) async throws {
        Terminal.out(id.uuidString.lowercased())
        guard wait else { return }
        try Waiting.exitUnlessAllSucceeded(try await Waiting.wait(for: [id], timeout: timeout, progress: progress, global: global))
    }
}

/// An `ss-cli aip` command that submits a job; `batch submit` reads lines as these.
protocol AIPSubmission: AsyncParsableCommand {
    var operation: AIPOperation { get }
    var submission: SubmissionOptions { get }
}
