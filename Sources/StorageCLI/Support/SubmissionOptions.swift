import ArgumentParser
import Foundation
import QueueKit
import StorageKit

/// The options every submission shares: how it is queued, and whether to wait for it.
struct SubmissionOptions: ParsableArguments {
    @Option(help: "Higher runs first (default 0).") var priority = 0
    @Option(help: "The queue to put the job in (1 to 64 letters, digits, _ . -).") var queue = "default"
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

    /// Submits `operation`, prints the job's UUID, and waits for it when asked: a store or
    /// a move until every copy of the AIP is verified too.
    func submit(_ operation: AIPOperation, _ global: GlobalOptions) async throws {
        let id = try await global.withDatabase { [options] db in
            try await AIPRequests(queue: db.queue, actor: Self.actor).submit(operation, options: options, on: db.connection)
        }
        try await waiting.report(id, global)
        switch operation {
        case .store, .move: if waiting.wait { try await waiting.untilCopiesAreVerified(after: id, global) }
        default: break
        }
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

    /// After a store or move that succeeded: waits for the replications its commit
    /// enqueued, then exits 1 (naming each copy's state) unless every copy is verified.
    func untilCopiesAreVerified(after job: UUID, _ global: GlobalOptions) async throws {
        let (package, replications) = try await global.withDatabase { db -> (UUID?, [UUID]) in
            guard let package = try await db.queue.get(job, on: db.connection).packageUUID else { return (nil, []) }
            let unfinished = try await db.queue.unfinishedJobs(forPackages: [package], on: db.connection)
            return (package, unfinished.filter { $0.kind == ReplicateHandler.kind }.map(\.id))
        }
        guard let package else { return }
        if !replications.isEmpty { _ = try await Waiting.wait(for: replications, timeout: timeout, progress: progress, global: global) }
        let copies = try await global.withDatabase { db in try await Copies.list(package, on: db.connection, logger: db.queue.logger) }
        let bad = copies.filter { $0.state != .ok }
        guard bad.isEmpty else {
            Terminal.message("the AIP is in place, but not every copy is verified: " + bad.map { "\($0.locationName) \($0.state.rawValue)" }.joined(separator: ", "))
            throw ExitCode(ExitCodes.jobFailed)
        }
    }
}

/// An `ss-cli aip` command that submits a job; `batch submit` reads lines as these.
protocol AIPSubmission: AsyncParsableCommand {
    var operation: AIPOperation { get }
    var submission: SubmissionOptions { get }
}
