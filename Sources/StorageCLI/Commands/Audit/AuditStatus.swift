import ArgumentParser
import Foundation
import StorageKit

struct AuditStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the oldest verification, the copies overdue, and the bytes audits read per day.",
        discussion: """
            An AIP is overdue when its copies were last verified together (by an audit, or
            its store) longer ago than --every; its copies overdue count its primary and
            each replica. The bytes read are those of every worker's audits, per UTC day,
            for the last seven days that had any. --json prints one document: aips,
            damaged, oldest_audit, aips_overdue, copies_overdue, every (seconds), reads
            [{day, bytes, copies}].

            ENVIRONMENT
              SS_AUDIT_EVERY   the default of --every (also [audit] every in the
                               configuration file), as the workers read it

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli audit status
              ss-cli audit status --json | jq .copies_overdue
            """
    )

    @Option(help: ArgumentHelp("Overdue after this long: 90d, 12h (default: [audit] every, else 90d).", valueName: "duration"))
    var every: String?
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let standing = try await global.withDatabase { [every] db in
            let settings = try AuditSettings.resolve(every: every, bandwidth: nil, environment: try Environment.load())
            return try await Audits.standing(every: settings.every, on: db.connection, logger: db.queue.logger)
        }
        if json { return try JSONOutput.document(standing) }
        let days = standing.every / 86_400
        let reads = standing.reads.map { "\($0.day) \(ByteCount.text($0.bytes)) (\($0.copies) copies)" }
        let pairs = [
            ("aips", "\(standing.aips) (\(standing.damaged) damaged)"),
            ("oldest", standing.oldestAudit ?? "-"),
            ("overdue", "\(standing.aipsOverdue) AIPs, \(standing.copiesOverdue) copies (not verified in \(days.formatted()) days)"),
            ("read", reads.isEmpty ? "nothing in the last days" : reads.joined(separator: "\n" + String(repeating: " ", count: 11))),
        ]
        for (k, v) in pairs { Terminal.out("\(k.padding(toLength: 9, withPad: " ", startingAt: 0))  \(v)") }
    }
}
