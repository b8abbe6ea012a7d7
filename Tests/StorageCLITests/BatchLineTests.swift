import Foundation
import Testing
@testable import StorageCLI
@testable import StorageKit

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
}
