import Foundation
import Testing
@testable import StorageCLI
@testable import StorageKit
import QueueKit

/// The fast reading of batch lines agrees with the `aip` commands wherever it answers.
@Suite struct BatchLineTests {
    let id = "6c1d4bd5-3f55-4c6e-9d6e-1c2b3a4d5e6f"

    func viaCommands(_ words: [String]) -> AIPOperation? {
        (try? AIPCommand.parseAsRoot(words) as? any AIPSubmission)?.operation
    }

    @Test func theFastPathAndTheCommandsAgree() throws {
        let lines = [
            "store a/b.7z --from incoming --to vault", "store --from incoming a --to vault --remove-source",
            "store x --from i --to v --uuid \(id)", "store x --from i --to v --uuid nope", "store x --to v",
            "store x y --from i --to v", "move \(id) --to offsite", "move \(id)", "move nope --to v",
            "move \(id) --to v --to w", "delete \(id) --reason 'too old'", "delete \(id) --reason ' '", "delete \(id)",
            "fixity \(id)", "fixity \(id) --to v", "fixity", "frob \(id)", "move \(id) --to=v", "fixity \(id) --remove-source",
            "move \(id) --to v --wait", "store x --from i --to v --priority 3",
            "move \(id.uppercased()) --to v", "move \(id.replacingOccurrences(of: "-", with: "")) --to v", "move {\(id)} --to v",
            "move \(id.dropLast()) --to v", "move \(id)0 --to v", "move \(id.dropLast())g --to v", "move \(id.dropLast())é --to v",
            "fixity \(id.replacingOccurrences(of: "-", with: "+"))", "move \u{0B}\(id.dropFirst()) --to v",
        ]
        var fast = 0
        for line in lines {
            let words = try ShellWords.split(Substring(line))
            let commands = viaCommands(words)
            if let quick = BatchLine.parse(words) {
                fast += 1
                #expect(quick == commands, "\(line)")
            }
            let batchOnly = line.contains("--wait") || line.contains("--priority")  // options of batch submit itself
            #expect((try? BatchFile.operation(words, line: 1)) == (batchOnly ? nil : commands), "\(line)")
        }
        #expect(fast >= 6, "the usual shapes take the fast path")
    }

    /// Lines are split at newline bytes, so a file saved with CRLF line ends reads as its
    /// lines; and a file long enough to be read in slices on several cores fails at its
    /// first bad line, as if read in order.
    @Test func aFileIsReadByLinesInOrder() throws {
        let crlf = try BatchFile.parse("move \(id) --to a\r\n\r\nfixity \(id)\r\n")
        #expect(crlf.map(\.line) == [1, 3])
        #expect(crlf.map(\.operation) == [.move(UUID(uuidString: id)!, to: "a"), .fixity(UUID(uuidString: id)!)])

        var lines = Array(repeating: "fixity \(id)", count: 30_000)
        lines[25_000] = "fixity nope"
        lines[12_345] = "move \(id)"
        let error = #expect(throws: QueueError.self) { try BatchFile.parse(lines.joined(separator: "\n")) }
        #expect(error?.message.hasPrefix("line 12346: ") == true, "\(String(describing: error))")
        lines[12_345] = "fixity \(id)"
        lines[25_000] = "fixity \(id)"
        let parsed = try BatchFile.parse(lines.joined(separator: "\n"))
        #expect(parsed.map(\.line) == Array(1...30_000))
    }
}
