import ArgumentParser
import Foundation
import Synchronization
import QueueKit
import StorageKit

/// Reads `batch submit` input: one operation per line in the words of `ss-cli aip`
/// (`store <path> --from L --to L`, `move <uuid> --to L`, …), parsed by those very
/// commands, so a line means what the same words mean on the command line.
enum BatchFile {
    /// Parses the lines on every core, in slices: a 100,000-line file is read while the
    /// database is not yet busy, so this is time the submission waits for. The error is the
    /// first bad line's, as if read in order.
    static func parse(_ text: String) throws -> [(line: Int, operation: AIPOperation)] {
        // By bytes: splitting by Character would weigh every grapheme of the file, alone.
        let raws = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
        let size = max(5_000, raws.count / ProcessInfo.processInfo.activeProcessorCount + 1)
        let slices = stride(from: 0, to: raws.count, by: size).map { $0..<min($0 + size, raws.count) }
        let parsed = Mutex([Int: Result<[(line: Int, operation: AIPOperation)], any Error>]())
        DispatchQueue.concurrentPerform(iterations: slices.count) { k in
            let result = Result { try parse(raws[slices[k]], from: slices[k].lowerBound + 1) }
            parsed.withLock { $0[k] = result }
        }
        let out = try parsed.withLock { all in try slices.indices.flatMap { try all[$0]!.get() } }
        guard !out.isEmpty else { throw QueueError(.invalidInput, "the batch has no operations; nothing was submitted") }
        return out
    }

    private static func parse(_ raws: ArraySlice<Substring>, from first: Int) throws -> [(line: Int, operation: AIPOperation)] {
        var out: [(line: Int, operation: AIPOperation)] = []
        out.reserveCapacity(raws.count)
        for (offset, raw) in raws.enumerated() {
            let number = first + offset
            let words: [String]
            do {
                words = try ShellWords.split(raw)
            } catch {
                throw QueueError(.invalidInput, "line \(number): \(error); nothing was submitted")
            }
            guard !words.isEmpty else { continue }
            out.append((number, try operation(words, line: number)))
        }
        return out
    }

    static func operation(_ words: [String], line: Int) throws -> AIPOperation {
        if let operation = BatchLine.parse(words) { return operation }
        let command: any ParsableCommand
        do {
            command = try AIPCommand.parseAsRoot(words)
        } catch {
            let message = AIPCommand.message(for: error).split(separator: "\n").first.map(String.init) ?? "not understood"
            throw QueueError(.invalidInput, "line \(line): \(message) (in '\(words.joined(separator: " "))'); nothing was submitted")
        }
        guard let submission = command as? any AIPSubmission else {
            throw QueueError(.invalidInput, "line \(line): '\(words[0])' is not store, move, delete, fixity or audit; nothing was submitted")
        }
        if let audit = submission as? AIPAudit, !audit.isOneAIP {
            throw QueueError(.invalidInput, "line \(line): an audit line names one AIP; nothing was submitted")
        }
        let s = submission.submission
        guard !s.waiting.wait, s.idempotencyKey == nil, s.priority == 0, s.queue == "default" else {
            throw QueueError(.invalidInput, "line \(line): --wait, --priority, --queue and --idempotency-key belong to `batch submit`, not to its lines; nothing was submitted")
        }
        return submission.operation
    }
}
