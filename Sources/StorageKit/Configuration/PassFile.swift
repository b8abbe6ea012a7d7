import Foundation
import QueueKit

/// A libpq password file (`~/.pgpass`, `PGPASSFILE`, `passfile=`): lines of
/// `host:port:database:user:password`, `*` matching anything, `\:` and `\\` standing for
/// themselves; the first line that matches gives the password.
enum PassFile {
    /// The password for a connection, or nil when no line matches. A file that others can
    /// read is refused, as libpq ignores it, but with the reason said.
    static func password(in path: String, host: String, port: Int, database: String, user: String) throws(QueueError) -> String? {
        try PrivateFile.check(path, what: "the password file")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw QueueError(.notFound, "the password file \(path) cannot be read")
        }
        let wanted = [host, String(port), database, user]
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = self.fields(line)
            guard fields.count == 5 else { continue }
            if zip(fields, wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// A line's fields, split at unescaped colons. The password (the last) keeps any colon.
    static func fields(_ line: Substring) -> [String] {
        var fields: [String] = [], current = "", escaped = false
        for character in line {
            if escaped { current.append(character); escaped = false }
            else if character == "\\" { escaped = true }
            else if character == ":" && fields.count < 4 { fields.append(current); current = "" }
            else { current.append(character) }
        }
        fields.append(current)
        return fields
    }
}
