import Foundation
import Testing
@testable import QueueKit

@Suite struct AttemptResolutionTests {
    let job = ClaimedJob(id: UUID(), kind: "k", argsJSON: "{}", queue: "default", attempt: 2, maxAttempts: 3, packageUUID: nil)
    let lastTry = ClaimedJob(id: UUID(), kind: "k", argsJSON: "{}", queue: "default", attempt: 3, maxAttempts: 3, packageUUID: nil)
    let backoff = Backoff(base: 1, cap: 60)

    func resolve(_ job: ClaimedJob, _ outcome: Result<JobOutcome, any Error>, _ reason: RunningJobs.StopReason? = nil) -> AttemptResolution {
        AttemptResolution.resolve(job: job, outcome: outcome, stopReason: reason, backoff: backoff)
    }

    func state(_ r: AttemptResolution) -> JobState? {
        if case .record(let c) = r { return c.state }
        return nil
    }

    @Test func table() {
        struct Boom: Error {}
        let cases: [(String, ClaimedJob, Result<JobOutcome, any Error>, RunningJobs.StopReason?, String)] = [
            ("success", job, .success(.succeeded(nil)), nil, "succeeded"),
            ("retry outcome", job, .success(.retry(.retryable("x", "y"))), nil, "retryable"),
            ("retry outcome, attempts spent", lastTry, .success(.retry(.retryable("x", "y"))), nil, "failed"),
            ("permanent outcome", job, .success(.failed(.permanent("x", "y"))), nil, "failed"),
            ("thrown permanent", job, .failure(JobFailure.permanent("x", "y")), nil, "failed"),
            ("thrown retryable", job, .failure(JobFailure.retryable("x", "y")), nil, "retryable"),
            ("unknown error is retried", job, .failure(Boom()), nil, "retryable"),
            ("cancel requested", job, .failure(CancellationError()), .cancelRequested, "cancelled"),
            ("shutdown", job, .failure(CancellationError()), .shutdown, "release"),
            ("shutdown but finished anyway", job, .success(.succeeded(nil)), .shutdown, "succeeded"),
            ("lease lost", job, .success(.succeeded(nil)), .leaseLost, "discard"),
            ("lease lost while failing", job, .failure(Boom()), .leaseLost, "discard"),
            ("committed by the handler", job, .success(.committed(.succeeded)), nil, "committed succeeded"),
            ("committed, then shutdown", job, .success(.committed(.failed)), .shutdown, "committed failed"),
        ]
        for (name, j, outcome, reason, expected) in cases {
            let r = resolve(j, outcome, reason)
            let got: String = switch r {
            case .record(let c): c.state.rawValue
            case .release: "release"
            case .discard: "discard"
            case .committed(let state): "committed " + state.rawValue
            }
            #expect(got == expected, "\(name)")
        }
    }

    @Test func failuresCarryAnErrorEntryAndABackoff() throws {
        guard case .record(let c) = resolve(job, .failure(JobFailure.retryable("io", "disk hiccup"))) else {
            Issue.record("not recorded")
            return
        }
        let entry = try JSONValue(jsonText: c.errorJSON)
        #expect(entry["code"] == .string("io"))
        #expect(entry["message"] == .string("disk hiccup"))
        #expect(entry["attempt"] == .number(2))
        #expect(entry["retryable"] == .bool(true))
        #expect(c.retryDelay >= 2 && c.retryDelay <= 4)
    }

    @Test func anExplicitDelayWins() {
        guard case .record(let c) = resolve(job, .success(.retry(.retryable("x", "y"), delay: .seconds(7)))) else {
            Issue.record("not recorded")
            return
        }
        #expect(c.retryDelay == 7)
    }
}
