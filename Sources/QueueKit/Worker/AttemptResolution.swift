import Foundation

/// What becomes of an attempt once its handler has returned: a pure decision, so that
/// every combination of outcome and stop reason is a table-driven test.
enum AttemptResolution: Equatable {
    /// Write this ending to the job row.
    case record(Completion)
    /// Put the job back in the queue without spending the attempt (graceful shutdown).
    case release
    /// Write nothing: the row is no longer ours.
    case discard
    /// Write nothing: the handler committed its ending itself (`JobContext.commit`).
    case committed(JobState)

    static func resolve(
        job: ClaimedJob, outcome: Result<JobOutcome, any Error>, stopReason: RunningJobs.StopReason?,
        backoff: Backoff, now: Date = Date()
    ) -> AttemptResolution {
        if stopReason == .leaseLost { return .discard }
        var failure: JobFailure
        var delay: Duration?
        switch outcome {
        case .success(.succeeded(let value)):
            return .record(Completion(job: job, state: .succeeded, result: value))
        case .success(.committed(let state)):
            return .committed(state)
        case .success(.retry(let f, let d)):
            failure = f
            failure.retryable = true
            delay = d
        case .success(.failed(let f)):
            failure = f
            failure.retryable = false
        case .failure(is CancellationError):
            switch stopReason {
            case .cancelRequested:
                return .record(Completion(job: job, state: .cancelled))
            case .shutdown, .none, .leaseLost:
                return .release
            }
        case .failure(let f as JobFailure):
            failure = f
        case .failure(let error):
            failure = .retryable("error", String(describing: error))
        }
        let spent = job.attempt >= job.maxAttempts
        let state: JobState = failure.retryable && !spent ? .retryable : .failed
        let seconds = delay.map(\.inSeconds)
            ?? backoff.delay(afterAttempt: job.attempt)
        return .record(Completion(
            job: job, state: state, error: ErrorEntry(at: now, attempt: job.attempt, failure: failure),
            retryDelay: state == .retryable ? seconds : 0))
    }
}

/// One attempt's ending, as the completer writes it.
struct Completion: Sendable, Equatable {
    var id: UUID
    var attempt: Int
    var state: JobState
    var resultJSON: String
    var errorJSON: String
    var retryDelay: Double

    init(job: ClaimedJob, state: JobState, result: JSONValue? = nil, error: ErrorEntry? = nil, retryDelay: Double = 0) {
        self.id = job.id
        self.attempt = job.attempt
        self.state = state
        self.resultJSON = result?.jsonText ?? ""
        self.errorJSON = error?.json.jsonText ?? ""
        self.retryDelay = retryDelay
    }
}

/// One entry of a job's `errors`: when, which attempt, what, and whether it was retried.
struct ErrorEntry {
    var at: Date
    var attempt: Int
    var failure: JobFailure

    var json: JSONValue {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var entry: [String: JSONValue] = [
            "at": .string(iso.string(from: at)),
            "attempt": .number(Double(attempt)),
            "code": .string(failure.code),
            "message": .string(failure.message),
            "retryable": .bool(failure.retryable),
        ]
        entry["details"] = failure.details
        return .object(entry)
    }
}
