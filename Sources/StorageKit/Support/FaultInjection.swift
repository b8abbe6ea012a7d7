import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Test-only settings, read from the environment of `ss-worker` (tests set them; they are
/// not options and nothing else should):
///
/// - `SS_TEST_CRASH_AT=<step>` (for example `move.after-commit`): the worker kills itself
///   with SIGKILL on reaching that step, exactly as a power cut would stop it there.
/// - `SS_TEST_SLOW_COPY_MS=<n>`: every chunk (4 MiB) copied or hashed takes n ms longer,
///   so a test can act while a copy is under way.
enum FaultInjection {
    private static let environment = ProcessInfo.processInfo.environment
    private static let crashStep = environment["SS_TEST_CRASH_AT"]
    private static let chunkDelay = environment["SS_TEST_SLOW_COPY_MS"].flatMap(UInt32.init) ?? 0

    static func crash(at step: String) {
        guard crashStep == step else { return }
        FileHandle.standardError.write(Data("ss-worker: SS_TEST_CRASH_AT=\(step): killing myself\n".utf8))
        kill(getpid(), SIGKILL)
    }

    static func throttle() {
        if chunkDelay > 0 { usleep(chunkDelay * 1000) }
    }
}
