import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The METS Archivematica writes into a transfer it sends to the backlog
/// (`[data/]metadata/submissionDocumentation/METS.xml`), read as the Storage Service's
/// `Package._parse_mets` reads it through metsrw for `reindex/`: the transfer, its
/// dashboard, its accession number and, for each file of the first physical structMap,
/// its UUID and its path after any "name cleanup" or "filename change" event.
///
/// Read as a stream (SAX, `TransferMETSReader`), never as a tree: a backlogged transfer's
/// METS carries every file's tool output and runs to gigabytes. What a hostile METS could
/// make a parser do without end is refused before libxml2 does it (`METSStream`): no
/// DOCTYPE (so no entity of any kind), no element with more than 1,024 attributes or 1 MiB
/// of markup, nesting at most 256 deep, and what is kept is bounded.
public struct TransferMETS: Sendable, Equatable {
    public struct File: Sendable, Equatable {
        public var uuid: String
        /// Relative to the transfer, as the METS has it once URL-decoded (`objects/a b.txt`).
        public var path: String
    }

    public var transferUUID: String
    public var createdAt: String
    public var dashboardUUID: String
    public var accessionID: String
    public var files: [File]

    /// More files than this, or more bytes of names, is refused rather than held in memory.
    public static let fileLimit = 2_000_000, nameBytesLimit = 512 << 20

    /// Parses the METS that `read` gives a buffer at a time (0 at its end); a read's error
    /// (a cancel) comes out as itself, a METS that is not one as `invalidMETS` naming what
    /// is wrong.
    public static func parse(_ name: String, read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) throws -> TransferMETS {
        let stream = METSStream(read)
        let parser = XMLParser(stream: stream)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let reader = TransferMETSReader()
        parser.delegate = reader
        _ = parser.parse()
        if let error = stream.error as? StorageError, error.code == .invalidMETS { throw invalid(name, error.message) }
        if let error = stream.error { throw error }
        if let problem = reader.problem { throw invalid(name, problem) }
        // What parse() answers says nothing (a document cut short "succeeds"); the errors
        // libxml2 reported do, but for its warnings (a relative namespace URI), which lxml
        // and the Storage Service let pass too.
        if let fatal = reader.fatal {
            throw invalid(name, "it is not well-formed XML (line \(fatal.line): libxml2 error \(fatal.code))")
        }
        return try reader.result(name)
    }

    static func invalid(_ name: String, _ problem: String) -> StorageError {
        StorageError(.invalidMETS, "the transfer METS \(name) cannot be indexed: \(problem)", .init(path: name))
    }

    /// The new name in an event's note (`… cleaned up name="%transferDirectory%objects/a_b"`),
    /// as the Storage Service's `.*(?:cleaned up|new) name="(.*)"$` finds it: after the last
    /// marker that a closing quote at the very end follows, on one line.
    static func changedName(_ note: String) -> String? {
        var note = Substring(note)
        if note.hasSuffix("\n") { note = note.dropLast() }
        guard !note.contains("\n"), note.hasSuffix("\"") else { return nil }
        let close = note.index(before: note.endIndex)
        var best: Substring.Index?
        for marker in ["cleaned up name=\"", "new name=\""] {
            var from = note.startIndex
            while let found = note[from...].range(of: marker) {
                if found.upperBound <= close, best.map({ found.upperBound > $0 }) ?? true { best = found.upperBound }
                from = note.index(after: found.lowerBound)
            }
        }
        guard let start = best else { return nil }
        let name = String(note[start..<close])
        guard let tag = name.range(of: "%transferDirectory%") else { return name }
        return name.replacingCharacters(in: tag, with: "")
    }

    /// metsrw's `urldecode` of an `xlink:href` (`unquote_plus`, as its writer's
    /// `quote_plus` encoded it): `%XX` to its byte, `+` to a space; a `%` not followed by
    /// two hex digits stays, and bytes that are not UTF-8 become U+FFFD.
    static func urlDecoded(_ href: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(href.utf8.count)
        var it = Array(href.utf8)[...]
        while let byte = it.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), it.count >= 2, let high = hex(it[it.startIndex]), let low = hex(it[it.startIndex + 1]) {
                bytes.append(high << 4 | low)
                it = it.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Python's `s.replace(old, "", 1)`: the first occurrence, wherever it is.
    static func removingFirst(_ old: String, from s: String) -> String {
        guard let range = s.range(of: old) else { return s }
        return s.replacingCharacters(in: range, with: "")
    }
}

