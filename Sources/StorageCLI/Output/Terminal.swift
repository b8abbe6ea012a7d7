import Foundation

/// stdout carries data, stderr messages; colour only on a terminal and without NO_COLOR.
enum Terminal {
    static let stdoutIsTTY = isatty(STDOUT_FILENO) == 1
    static let stderrIsTTY = isatty(STDERR_FILENO) == 1
    static let colourAllowed = ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    /// Writes a line of data. When the reader has gone (`| head`), stops quietly with 0,
    /// as the data it wanted was delivered; any other write error is EX_IOERR (74).
    static func out(_ line: String) {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8))
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let broken = underlying?.code == Int(EPIPE)
            if !broken { message("ss-cli: error: cannot write to stdout: \(error.localizedDescription)") }
            exit(broken ? 0 : 74)
        }
    }

    static func message(_ line: String) {
        try? FileHandle.standardError.write(contentsOf: Data((line + "\n").utf8))
    }

    static func error(_ line: String) {
        message("ss-cli: error: \(line)")
    }

    /// Writes to stderr without a newline (progress bars redraw with `\r`).
    static func rawMessage(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }

    enum Colour: String {
        case green = "32", red = "31", yellow = "33", blue = "34"
    }

    /// `text` in `colour` when stdout is a colour terminal.
    static func paint(_ text: String, _ colour: Colour) -> String {
        guard stdoutIsTTY, colourAllowed else { return text }
        return "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m"
    }
}
