import ArgumentParser
import Foundation
import QueueKit
import StorageKit

struct AIPAudit: AIPSubmission {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify every copy of AIPs, and repair the bad ones from a good one.",
        discussion: """
            Runs an aip.audit job per AIP: the primary and each replica are read to the end
            (bag manifests, then the AIP's recorded SHA-256, as fixity does). Each copy
            found missing or corrupt is repaired from a copy that verified in the same job:
            copied beside it into a temporary, verified, and swapped in at once; a
            `repaired` event names the bad files and the source. With no good copy left
            nothing is touched, the job fails naming each copy's state, and the AIP is
            `damaged` (until an audit finds a good copy again). Replicas still being made
            are left to their replication. Workers also schedule audits themselves, so that
            every copy is verified within [audit] every (see ss-worker(1)).

            One AIP prints its job's UUID; several (or --location, --all) are submitted as
            one batch, each job's UUID printed in order, and --wait waits like `batch wait`.

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli aip audit 6c1d4bd5-3f55-4c6e-9d6e-1c2b3a4d5e6f --wait
              ss-cli aip audit --location vault
              ss-cli aip audit --all --queue audits
            """
    )

    @Argument(help: "The AIPs' UUIDs.") var aips: [UUID] = []
    @Option(help: ArgumentHelp("Every AIP in this location (name or UUID).", valueName: "location")) var location: String?
    @Flag(help: "Every stored or damaged AIP.") var all = false
    @OptionGroup var submission: SubmissionOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        let ways = (aips.isEmpty ? 0 : 1) + (location == nil ? 0 : 1) + (all ? 1 : 0)
        guard ways == 1 else { throw ValidationError("name the AIPs, or give --location or --all (one of them)") }
    }

    /// A batch line audits one AIP.
    var operation: AIPOperation { .audit(aips.first ?? UUID()) }
    var isOneAIP: Bool { aips.count == 1 && location == nil && !all }

    func run() async throws {
        if isOneAIP { return try await submission.submit(operation, global) }
        let options = submission.options
        let batch = try await global.withDatabase { [aips, location] db -> AIPRequests.Batch in
            var uuids = aips
            if aips.isEmpty {
                var place: UUID?
                if let location { place = try await Locations.find(location, on: db.connection, logger: db.queue.logger).uuid }
                uuids = try await Audits.auditable(location: place, on: db.connection, logger: db.queue.logger)
            }
            guard !uuids.isEmpty else { throw QueueError(.notFound, "there is no stored or damaged AIP to audit" + (location.map { " in location '\($0)'" } ?? "")) }
            return try await AIPRequests(queue: db.queue, actor: SubmissionOptions.actor)
                .submitBatch(uuids.enumerated().map { ($0.offset + 1, .audit($0.element)) }, options: options, on: db.connection)
        }
        Terminal.message("batch \(batch.id.uuidString.lowercased()): \(batch.jobs.count) audits")
        batch.jobs.forEach { Terminal.out($0.uuidString.lowercased()) }
        if submission.waiting.wait {
            try await BatchWait.wait(batch.id, timeout: submission.waiting.timeout, progress: submission.waiting.progress, global: global)
        }
    }
}
