import ArgumentParser
import QueueKit
import StorageKit

/// The one place that decides exit statuses (see `--help` of every command).
public enum ExitCodes {
    public static let success: Int32 = 0
    /// A waited-for job failed or was cancelled.
    public static let jobFailed: Int32 = 1
    /// Usage error, a malformed UUID included (sysexits EX_USAGE).
    public static let usage: Int32 = 64
    /// Invalid input data (EX_DATAERR).
    public static let invalidInput: Int32 = 65
    /// A job, location or AIP that does not exist (EX_NOINPUT).
    public static let notFound: Int32 = 66
    /// The database is unreachable or its schema is behind (EX_UNAVAILABLE).
    public static let unavailable: Int32 = 69
    /// A wait timed out (EX_TEMPFAIL).
    public static let timedOut: Int32 = 75
    /// Not allowed by a rule rather than invalid: a source not marked removable (EX_NOPERM).
    public static let forbidden: Int32 = 77
    /// A bug: an error nobody classified (EX_SOFTWARE).
    public static let internalError: Int32 = 70

    public static func code(for error: QueueError) -> Int32 {
        switch error.code {
        case .invalidInput, .conflict: invalidInput
        case .notFound: notFound
        case .unavailable, .schemaBehind: unavailable
        case .timedOut: timedOut
        }
    }

    public static func code(for error: StorageError) -> Int32 {
        switch error.code {
        case .forbidden: forbidden
        case .sourceMissing: notFound
        default: invalidInput  // a refused path or value, an idempotency key used for another request
        }
    }

    /// The text every command's `--help` (and man page) shows.
    static let discussion = """
        EXIT STATUS
          0   success
          1   a waited-for job failed or was cancelled
          64  usage error (a malformed UUID included)
          65  invalid input, or the request does not fit the object's state
          66  not found (job, location, AIP)
          69  database unavailable, or its schema is behind (run `ss-cli db migrate`)
          70  internal error (a bug: please report it)
          75  timed out waiting
          77  not allowed (a store that would remove its source from a location not
              marked --removable-source)
        """
}
