/// A kind of job. Its arguments are decoded from the job's `args`; `run` returns an
/// explicit outcome (or throws: a `JobFailure` says whether to retry, cancellation ends
/// the job as cancelled, anything else is retried).
///
/// Handlers must be idempotent: after a crash the same attempt may run again.
public protocol JobHandler: Sendable {
    associatedtype Arguments: Decodable & Sendable
    /// The `kind` column, e.g. `aip.move`.
    static var kind: String { get }
    func run(_ arguments: Arguments, context: JobContext) async throws -> JobOutcome
}

/// How an attempt ended.
public enum JobOutcome: Sendable {
    /// Done; the value (if any) is stored as the job's `result`.
    case succeeded(JSONValue?)
    /// Try again later (after `delay`, else the exponential back-off), unless attempts are spent.
    case retry(JobFailure, delay: Duration? = nil)
    /// Give up: the error is permanent.
    case failed(JobFailure)
    /// Already written by `JobContext.commit`, together with the handler's own changes;
    /// the worker writes nothing more.
    case committed(JobState)
}

/// A failure with a stable code (`checksum_mismatch`, `source_missing`, …) for scripts
/// and a message for people.
public struct JobFailure: Error, Sendable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var retryable: Bool
    /// Structured facts for programs (which files a fixity check found changed, …),
    /// stored with the error as `details`.
    public var details: JSONValue?

    public init(code: String, message: String, retryable: Bool, details: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.retryable = retryable
        self.details = details
    }

    public static func permanent(_ code: String, _ message: String, details: JSONValue? = nil) -> JobFailure {
        JobFailure(code: code, message: message, retryable: false, details: details)
    }

    public static func retryable(_ code: String, _ message: String) -> JobFailure {
        JobFailure(code: code, message: message, retryable: true)
    }

    public var description: String { "\(code): \(message)" }
}
