import ArgumentParser
import Foundation
import QueueKit
import StorageKit

/// Reads `batch submit` input: one operation per line in the words of `ss-cli aip`
/// (`store <path> --from L --to L`, `move <uuid> --to L`, …), parsed by those very
/// commands, so a line means what the same words mean on the command line.
enum BatchFile {
    static func parse(_ text: String) throws -> [(line: Int, operation: AIPOperation)] {
        var out: [(line: Int, operation: AIPOperation)] = []
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let words: [String]
            do {
                words = try ShellWords.split(raw)
            } catch {
                throw QueueError(.invalidInput, "line \(number): \(error); nothing was submitted")
            }
            guard !words.isEmpty else { continue }
            out.append((number, try operation(words, line: number)))
        }
        guard !out.isEmpty else { throw QueueError(.invalidInput, "the batch has no operations; nothing was submitted") }
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
            throw QueueError(.invalidInput, "line \(line): '\(words[0])' is not store, move, delete or fixity; nothing was submitted")
        }
        let s = submission.submission
        guard !s.wait, s.idempotencyKey == nil, s.priority == 0, s.queue == "default" else {
            throw QueueError(.invalidInput, "line \(line): --wait, --priority, --queue and --idempotency-key belong to `batch submit`, not to its lines; nothing was submitted")
        }
        return submission.operation
    }
}
