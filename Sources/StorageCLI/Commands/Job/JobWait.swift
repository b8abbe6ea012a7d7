import ArgumentParser
import Foundation
import QueueKit

struct JobWait: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait",
        abstract: "Wait until jobs finish; print each job's UUID and final state.",
        discussion: """
            Woken by NOTIFY as jobs finish (with a one-second poll as fallback). Exits 0 when
            every job succeeded, 1 when any failed or was cancelled, 75 on --timeout.
            --progress shows a bar with rate and ETA on a terminal, plain lines otherwise.
            --json prints JSON Lines, {id, state} per job.

            \(ExitCodes.discussion)
            """
    )

    @Argument(help: "The jobs' UUIDs.") var jobs: [UUID]
    @Option(help: "Give up after this many seconds (exit 75).") var timeout: Double?
    @Flag(help: "Show progress on stderr.") var progress = false
    @Flag(help: "Print JSON Lines.") var json = false
    @OptionGroup var global: GlobalOptions

    struct Ended: Encodable {
        var id: String
        var state: String
    }

    func validate() throws {
        guard !jobs.isEmpty else { throw ValidationError("give at least one job UUID") }
        if let timeout, timeout < 0 { throw ValidationError("--timeout must not be negative") }
    }

    func run() async throws {
        let states = try await Waiting.wait(for: jobs, timeout: timeout, progress: progress, global: global)
        let ended = jobs.map { Ended(id: $0.uuidString.lowercased(), state: states[$0]?.rawValue ?? "unknown") }
        if json { try JSONOutput.lines(ended) } else { ended.forEach { Terminal.out("\($0.id) \($0.state)") } }
        try Waiting.exitUnlessAllSucceeded(states)
    }
}

/// Waiting shared by `job wait` and `ping`.
enum Waiting {
    static func wait(for ids: [UUID], timeout: Double?, progress: Bool, global: GlobalOptions) async throws -> [UUID: JobState] {
        let bar = progress ? ProgressReporter() : nil
        defer { bar?.finish() }
        var report: (@Sendable (JobQueue.WaitProgress) -> Void)?
        if let bar { report = { bar.update($0) } }
        let limit: Duration? = timeout.map { .milliseconds(Int($0 * 1000)) }
        return try await global.withDatabase { [report] db in
            try await db.queue.wait(for: ids, timeout: limit, on: db.connection, progress: report)
        }
    }

    static func exitUnlessAllSucceeded(_ states: [UUID: JobState]) throws {
        let bad = states.values.filter { $0 != .succeeded }.count
        if bad > 0 {
            Terminal.message("\(bad) of \(states.count) jobs did not succeed")
            throw ExitCode(ExitCodes.jobFailed)
        }
    }
}
