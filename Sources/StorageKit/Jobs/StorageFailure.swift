import Foundation
import QueueKit

/// How data-path errors end an attempt. Problems with what was asked for (the source is
/// missing, escapes its location, is not a valid bag, or no longer matches its digest)
/// are permanent; I/O errors, a full disk and a copy that did not read back are retried.
/// A `StorageError` ends it for good with its own code (`path_escape`, `source_missing`,
/// `refused_directory`, …): nothing is guessed from a category or a message.
enum StorageFailure {
    static func classify(_ error: any Error) -> any Error {
        switch error {
        case is CancellationError, is JobFailure:
            return error
        case let io as IOFailure:
            return io.isNoSpace ? JobFailure.retryable("no_space", "no space left: \(io)") : JobFailure.retryable("io_error", io.description)
        case let bag as BagInvalid:
            switch bag.side {
            case "source": return JobFailure.permanent("bag_invalid", bag.description)
            case "stored copy": return JobFailure.permanent("fixity_failed", bag.description)
            default: return JobFailure.retryable("verify_failed", bag.description)
            }
        case let refused as StorageError:
            return JobFailure.permanent(refused.code.jobCode, refused.message)
        case let mismatch as DestinationMismatch:
            return JobFailure.retryable("verify_failed", mismatch.description)
        default:
            return error
        }
    }

    static func wrongStatus(_ package: Package, _ doing: String) -> JobFailure {
        .permanent("wrong_status", "cannot \(doing) AIP \(package.uuid.uuidString.lowercased()): it is \(package.status.rawValue)")
    }
}
