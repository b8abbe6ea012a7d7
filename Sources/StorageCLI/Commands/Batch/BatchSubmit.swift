import ArgumentParser
import Foundation
import QueueKit
import StorageKit

struct BatchSubmit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a file of AIP operations as one batch; print the batch UUID.",
        discussion: """
            One operation per line, in the words of the `ss-cli aip` commands without the
            prefix, quoted as in a shell; blank lines and # comments are skipped:

              store transfers/aip-6c1d….7z --from incoming --to vault
              move 6c1d4bd5-3f55-4c6e-9d6e-1c2b3a4d5e6f --to offsite
              delete 0b9e…  --reason "retention period over"
              fixity 0b9e…
              audit 0b9e…

            The whole batch is checked first and enqueued in one transaction: one bad line
            (its number and the reason in the message) exits 65 with nothing enqueued. The
            first line of stdout is the batch UUID; --print-jobs adds each job's UUID, in
            line order. With --idempotency-key, submitting the same key again prints the
            batch it made the first time and enqueues nothing, so a re-run cron job is
            harmless.

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli aip list --location vault --json | jq -r '"move \\(.uuid) --to offsite"' \\
                | ss-cli batch submit --idempotency-key "nightly-$(date +%F)" -
              ss-cli batch wait --progress "$BATCH"
            """
    )

    @Argument(help: ArgumentHelp("The file to read, or - for standard input.", valueName: "file")) var file = "-"
    @Flag(help: "Print each job's UUID after the batch UUID.") var printJobs = false
    /// The same options as every `aip` submission; here they apply to the whole batch, and
    /// --wait waits like `batch wait`.
    @OptionGroup var submission: SubmissionOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let batch = try await CommandRunner.run { () -> AIPRequests.Batch in
            let text: String
            if file == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw QueueError(.notFound, "cannot read \(file)")
                }
                text = String(decoding: data, as: UTF8.self)
            }
            let lines = try BatchFile.parse(text)
            let options = submission.options
            return try await global.withDatabase { db in
                // A second connection for the reads (`AIPRequests.submitBatch`).
                try await Database.withConnection(db.settings, logger: CommandRunner.logger, checkSchema: false) { reading in
                    try await AIPRequests(queue: db.queue, actor: SubmissionOptions.actor)
                        .submitBatch(lines, options: options, on: db.connection, reading: reading)
                }
            }
        }
        Terminal.out(batch.id.uuidString.lowercased())
        if printJobs { batch.jobs.forEach { Terminal.out($0.uuidString.lowercased()) } }
        if !batch.created { Terminal.message("the key \(submission.idempotencyKey ?? "") was used before: this is the batch it made") }
        if submission.waiting.wait {
            try await BatchWait.wait(batch.id, timeout: submission.waiting.timeout, progress: submission.waiting.progress, global: global)
        }
    }
}
