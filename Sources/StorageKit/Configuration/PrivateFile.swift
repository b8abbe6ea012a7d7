import Foundation
import QueueKit

/// A file of secrets (a password file, a TLS key) must be the reader's alone, as libpq
/// requires: no access for group or others, except that a key owned by root may be read by
/// its group (0640, as keys shared with a service group are). Symbolic links are followed,
/// as they are for reading it (secret mounts are links).
enum PrivateFile {
    static func check(_ path: String, what: String, groupMayReadIfRootOwns: Bool = false) throws(QueueError) {
        var st = stat()
        guard stat(path, &st) == 0 else { throw QueueError(.notFound, "\(what) \(path) cannot be read") }
        guard st.st_mode & S_IFMT == S_IFREG else { throw QueueError(.invalidInput, "\(what) \(path) is not a regular file") }
        let loose = groupMayReadIfRootOwns && st.st_uid == 0 ? st.st_mode & 0o037 : st.st_mode & 0o077
        if loose != 0 {
            throw QueueError(.invalidInput, "\(what) \(path) can be read by others (mode \(String(st.st_mode & 0o777, radix: 8))); chmod 600 it")
        }
    }
}
