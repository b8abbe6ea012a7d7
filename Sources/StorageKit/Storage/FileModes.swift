import Foundation
import Synchronization

/// The permissions of what ss writes into locations: files `0640` and directories `0750`
/// unless `file_mode`/`dir_mode` (`SS_FILE_MODE`, `SS_DIR_MODE`) say otherwise, so that an
/// AIP is not readable by every account on the host. A copy is never more open than its
/// source (a `0600` file stays `0600`), and the process's umask still applies. One
/// setting for the whole process, like the umask it refines: the worker sets it at start.
public enum FileModes {
    private static let modes = Mutex<(file: mode_t, directory: mode_t)>((0o640, 0o750))

    public static var file: mode_t { modes.withLock { $0.file } }
    public static var directory: mode_t { modes.withLock { $0.directory } }

    /// From the environment; a malformed mode is `invalidValue`, naming the setting.
    public static func configure(_ environment: Environment) throws {
        let file = try parse(environment["SS_FILE_MODE"], "file_mode", fallback: 0o640)
        let directory = try parse(environment["SS_DIR_MODE"], "dir_mode", fallback: 0o750)
        modes.withLock { $0 = (file, directory) }
    }

    /// The mode of a copy of a file whose mode is `source`.
    static func copy(of source: mode_t) -> mode_t { file & source & 0o777 }

    private static func parse(_ text: String?, _ name: String, fallback: mode_t) throws -> mode_t {
        guard let text else { return fallback }
        guard let mode = mode_t(text, radix: 8), mode <= 0o777 else {
            throw StorageError(.invalidValue, "\(name) must be an octal mode such as 0640, not '\(text)'", .init(field: name))
        }
        return mode
    }
}
