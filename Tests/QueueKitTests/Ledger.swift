import Foundation
import QueueKit
import Synchronization

/// Records every run of `test.ledger` jobs: how often each job ran, and the most jobs of
/// one AIP that ever ran at the same moment.
final class Ledger: Sendable {
    private struct State {
        var runs: [UUID: Int] = [:]
        var activePerPackage: [UUID: Int] = [:]
        var maxOverlap = 0
    }

    private let state = Mutex(State())

    var runs: [UUID: Int] { state.withLock { $0.runs } }
    var maxOverlap: Int { state.withLock { $0.maxOverlap } }

    func enter(_ job: ClaimedJob) {
        state.withLock { s in
            s.runs[job.id, default: 0] += 1
            if let p = job.packageUUID {
                s.activePerPackage[p, default: 0] += 1
                s.maxOverlap = max(s.maxOverlap, s.activePerPackage[p]!)
            }
        }
    }

    func exit(_ job: ClaimedJob) {
        state.withLock { s in
            if let p = job.packageUUID { s.activePerPackage[p, default: 1] -= 1 }
        }
    }
}

struct LedgerHandler: JobHandler {
    struct Arguments: Decodable, Sendable {
        var sleepMs: Int?
        enum CodingKeys: String, CodingKey { case sleepMs = "sleep_ms" }
    }

    static let kind = "test.ledger"
    let ledger: Ledger

    func run(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome {
        ledger.enter(context.job)
        defer { ledger.exit(context.job) }
        if let ms = arguments.sleepMs { try await Task.sleep(for: .milliseconds(ms)) }
        return .succeeded(.object(["attempt": .number(Double(context.job.attempt))]))
    }

    static func handlers(_ ledger: Ledger) -> JobHandlers {
        var h = JobHandlers.builtIn
        h.register(LedgerHandler(ledger: ledger))
        return h
    }
}
