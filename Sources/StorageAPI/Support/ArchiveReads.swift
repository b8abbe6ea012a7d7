import Foundation
import StorageKit
import Synchronization

/// How many long reads run at once in requests: files read out of compressed AIPs
/// (`extract_file/`) and transfer METS (`reindex/`). Reaching a late entry of a solid 7z
/// decompresses everything before it, and a backlogged transfer's METS may be gigabytes,
/// so a caller with a few requests could otherwise hold every blocking thread for minutes;
/// past the limit a request is 503 at once, and a download or a browse is never kept waiting.
final class ArchiveReads: Sendable {
    let limit: Int
    private let running = Mutex(0)

    init(limit: Int = 4) {
        self.limit = limit
    }

    /// A slot, held until the ticket is released (when the response that reads it is done
    /// or dropped); 503 when all are taken.
    func enter() throws -> Ticket {
        let admitted = running.withLock { n -> Bool in
            guard n < limit else { return false }
            n += 1
            return true
        }
        guard admitted else {
            throw APIError(.serviceUnavailable, "\(limit) long reads (files out of compressed AIPs, transfer METS) are running already; try again shortly")
        }
        return Ticket(self)
    }

    fileprivate func leave() { running.withLock { $0 -= 1 } }

    /// Gives its slot back once, when released or when nothing holds it any more.
    final class Ticket: Sendable {
        private let reads: ArchiveReads
        private let held = Mutex(true)

        fileprivate init(_ reads: ArchiveReads) {
            self.reads = reads
        }

        func release() {
            guard held.withLock({ let was = $0; $0 = false; return was }) else { return }
            reads.leave()
        }

        deinit { release() }
    }
}
