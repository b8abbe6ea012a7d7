import Foundation
import QueueKit
import Testing
@testable import StorageKit

/// Which data-path errors are worth a retry: the table of docs/storage.md.
@Suite struct StorageFailureTests {
    func classified(_ error: any Error) -> (String, Bool)? {
        (StorageFailure.classify(error) as? JobFailure).map { ($0.code, $0.retryable) }
    }

    @Test func permanentAndRetryableErrors() {
        let cases: [(any Error, String, Bool)] = [
            (IOFailure(operation: "write", path: "/x", errno: ENOSPC), "no_space", true),
            (IOFailure(operation: "write", path: "/x", errno: EDQUOT), "no_space", true),
            (IOFailure(operation: "read", path: "/x", errno: EIO), "io_error", true),
            (BagInvalid(side: "source", problems: [BagProblem(kind: .changed, path: "data/a", message: "data/a: sha256 is …")]), "bag_invalid", false),
            (BagInvalid(side: "destination", problems: [BagProblem(kind: .missing, path: "data/a", message: "data/a")]), "verify_failed", true),
            (BagInvalid(side: "stored copy", problems: [BagProblem(kind: .missing, path: "data/a", message: "data/a")]), "fixity_failed", false),
            (DestinationMismatch(files: ["a"]), "verify_failed", true),
            (StorageError(.sourceMissing, "no 'x' in location 'incoming'"), "source_missing", false),
            (StorageError(.pathEscape, "path 'x' escapes location 'incoming'"), "path_escape", false),
            (StorageError(.refusedDirectory, "/etc"), "refused_directory", false),
        ]
        for (error, code, retryable) in cases {
            let got = classified(error)
            #expect(got?.0 == code && got?.1 == retryable, "\(error) → \(String(describing: got))")
        }
        #expect(StorageFailure.classify(CancellationError()) is CancellationError)
        #expect(classified(QueueError(.notFound, "no location 'x'")) == nil, "not a data-path error: no code is guessed for it")
        let message = (StorageFailure.classify(IOFailure(operation: "write", path: "/srv/x", errno: ENOSPC)) as? JobFailure)?.message ?? ""
        #expect(message.contains("/srv/x") && message.contains("No space left on device"))
    }
}
