import FuzzSupport
@testable import StorageCLI
import StorageKit

/// The bytes as a `batch submit` file: lines split as a shell would, read by the fast
/// path or by the `aip` commands. Any input may be refused with a message; none may crash
/// or hang, and where the fast path answers, the commands must agree with it.
@_cdecl("fuzz_batch_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { text in
        _ = try? BatchFile.parse(text)
        for line in text.split(separator: "\n") {
            guard let words = try? ShellWords.split(line), let fast = BatchLine.parse(words) else { continue }
            let slow = try? BatchFile.operation(words, line: 1)
            precondition(slow == nil || slow == fast, "fast path \(fast) and commands \(String(describing: slow)) disagree on \(words)")
        }
    }
}
