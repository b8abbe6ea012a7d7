/// Splits a line into words as a POSIX shell would (without expansions): spaces and tabs
/// separate words; '…' keeps everything literally; "…" keeps everything but `\"`, `\\`,
/// `\$` and `` \` ``; a backslash outside quotes keeps the next character; `#` at the
/// start of a word comments out the rest of the line.
enum ShellWords {
    struct Unterminated: Error, CustomStringConvertible {
        var quote: Character
        var description: String { "the \(quote) quote is not closed" }
    }

    static func split(_ line: Substring) throws(Unterminated) -> [String] {
        // Most lines have nothing to unquote: split them at once.
        if !line.utf8.contains(where: { $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "#") }) {
            // By bytes: splitting by Character (grapheme clusters) was half of parsing a line.
            return line.utf8.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == 9 || $0 == 13 }).map { String(Substring($0)) }
        }
        var words: [String] = []
        var word = ""
        var inWord = false
        var i = line.startIndex
        func next() -> Character? {
            guard i < line.endIndex else { return nil }
            defer { i = line.index(after: i) }
            return line[i]
        }
        while let c = next() {
            switch c {
            case " ", "\t", "\r":
                if inWord { words.append(word); word = ""; inWord = false }
            case "#" where !inWord:
                return words
            case "'":
                inWord = true
                while true {
                    guard let q = next() else { throw Unterminated(quote: "'") }
                    if q == "'" { break }
                    word.append(q)
                }
            case "\"":
                inWord = true
                while true {
                    guard let q = next() else { throw Unterminated(quote: "\"") }
                    if q == "\"" { break }
                    if q == "\\", let e = next() {
                        if !["\"", "\\", "$", "`"].contains(e) { word.append("\\") }
                        word.append(e)
                    } else {
                        word.append(q)
                    }
                }
            case "\\":
                inWord = true
                if let e = next() { word.append(e) }
            default:
                inWord = true
                word.append(c)
            }
        }
        if inWord { words.append(word) }
        return words
    }
}
