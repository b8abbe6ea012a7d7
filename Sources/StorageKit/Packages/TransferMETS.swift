import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The METS Archivematica writes into a transfer it sends to the backlog
/// (`[data/]metadata/submissionDocumentation/METS.xml`), read as the Storage Service's
/// `Package._parse_mets` reads it for `reindex/`: the transfer, its dashboard, its
/// accession number and, for each file of the physical structMap, its UUID and its path
/// after any "name cleanup" or "filename change" event.
///
/// Read as a stream (SAX), never as a tree: a backlogged transfer's METS carries every
/// file's tool output and runs to gigabytes. External entities are never resolved, and
/// libxml2 refuses entity expansion that amplifies (a billion laughs fails at once).
public struct TransferMETS: Sendable, Equatable {
    public struct File: Sendable, Equatable {
        public var uuid: String
        /// Relative to the transfer, as the METS has it (`objects/a.txt`).
        public var path: String
    }

    public var transferUUID: String
    public var createdAt: String
    public var dashboardUUID: String
    public var accessionID: String
    public var files: [File]

    /// More files than this is refused rather than read into memory without end.
    public static let fileLimit = 2_000_000

    /// Parses the METS that `read` gives a buffer at a time (0 at its end); a read's error
    /// comes out as itself, a METS that is not one as `invalidMETS` naming what is wrong.
    public static func parse(_ name: String, read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) throws -> TransferMETS {
        let stream = ReadingStream(read)
        let parser = XMLParser(stream: stream)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let reader = Reader()
        parser.delegate = reader
        let parsed = parser.parse()
        if let error = stream.error { throw error }
        if let problem = reader.problem { throw invalid(name, problem) }
        // A document cut short still parses "successfully"; only the error tells.
        guard parsed, parser.parserError == nil else {
            let line = parser.lineNumber
            throw invalid(name, "it is not well-formed XML (line \(line): \(parser.parserError.map { "\($0)" } ?? "unknown error"))")
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
}

/// The SAX side: what the METS says, gathered as it streams by. The amdSecs come before
/// the fileSec and the structMap, but nothing here depends on that order.
private final class Reader: NSObject, XMLParserDelegate {
    static let mets = "http://www.loc.gov/METS/"

    var problem: String?
    private var objectID: String?
    private var headerSeen = false
    private var createdAt: String?
    private var accession: String?
    private var dashboard: String?
    /// Each amdSec's last new name, from its name-changing events.
    private var renamed: [String: String] = [:]
    private var fileSec: [String: (path: String?, admids: [String])] = [:]
    private var pointers: [String] = []
    private var pointed: Set<String> = []

    private var stack: [String] = []
    private var text: String?
    private var amdSec: String?
    private var agent: (software: Bool, name: String?, dashboardNote: Bool)?
    private var event: (type: String?, note: String?)?
    private var file: String?
    private var physical = false

    /// The text of the element being read, capped: no name or note is longer.
    private static let textLimit = 1 << 16

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        let inMETS = namespaceURI == Self.mets
        let parent = stack.last
        stack.append((inMETS ? "mets:" : namespaceURI?.contains("premis") == true ? "premis:" : "?:") + name)
        let a = attributes.reduce(into: [String: String]()) { out, pair in
            out[pair.key.split(separator: ":").last.map(String.init) ?? pair.key] = pair.value
        }
        switch stack.last! {
        case "mets:mets" where stack.count == 1:
            objectID = a["OBJID"]
        case "mets:metsHdr" where stack.count == 2:
            if !headerSeen { createdAt = a["CREATEDATE"] }
            headerSeen = true
        case "mets:altRecordID" where parent == "mets:metsHdr" && a["TYPE"] == "Accession number" && accession == nil,
             "mets:name" where agent != nil && parent == "mets:agent",
             "mets:note" where agent != nil && parent == "mets:agent",
             "premis:eventType" where event != nil,
             "premis:eventOutcomeDetailNote" where event != nil && event?.note == nil:
            text = ""
        case "mets:agent" where parent == "mets:metsHdr":
            agent = (a["ROLE"] == "CREATOR" && a["TYPE"] == "OTHER" && a["OTHERTYPE"] == "SOFTWARE", nil, false)
        case "mets:amdSec":
            amdSec = a["ID"]
        case "premis:event" where amdSec != nil:
            event = (nil, nil)
        case "mets:file" where stack.contains("mets:fileSec"):
            guard let id = a["ID"] else { break }
            file = id
            fileSec[id] = (nil, (a["ADMID"] ?? "").split(separator: " ").map(String.init))
        case "mets:FLocat" where file != nil && parent == "mets:file":
            if fileSec[file!]?.path == nil { fileSec[file!]?.path = a["href"] }
        case "mets:structMap":
            physical = a["TYPE"] == "physical"
        case "mets:fptr" where physical:
            guard let id = a["FILEID"], pointed.insert(id).inserted else { break }
            guard pointers.count < TransferMETS.fileLimit else {
                fail(parser, "it lists more than \(TransferMETS.fileLimit) files")
                return
            }
            pointers.append(id)
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard var current = text, current.utf8.count < Self.textLimit else { return }
        current += string
        text = current
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let element = stack.removeLast()
        let value = text?.trimmingCharacters(in: .whitespacesAndNewlines)
        switch element {
        case "mets:altRecordID" where value != nil: accession = value
        case "mets:name" where value != nil: agent?.name = value
        case "mets:note" where value != nil: if value == "Archivematica dashboard UUID" { agent?.dashboardNote = true }
        case "mets:agent":
            if dashboard == nil, let found = agent, found.software, found.dashboardNote { dashboard = found.name ?? "" }
            agent = nil
        case "premis:eventType" where value != nil: event?.type = value
        case "premis:eventOutcomeDetailNote" where text != nil: event?.note = text
        case "premis:event":
            if let found = event, let type = found.type, type == "name cleanup" || type == "filename change",
               let note = found.note, let amdSec, let name = TransferMETS.changedName(note) {
                renamed[amdSec] = name
            }
            event = nil
        case "mets:amdSec": amdSec = nil
        case "mets:file": file = nil
        case "mets:structMap": physical = false
        default: break
        }
        text = nil
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        guard text != nil, let string = String(data: block, encoding: .utf8) else { return }
        self.parser(parser, foundCharacters: string)
    }

    private func fail(_ parser: XMLParser, _ problem: String) {
        self.problem = problem
        parser.abortParsing()
    }

    func result(_ name: String) throws -> TransferMETS {
        guard let objectID else { throw TransferMETS.invalid(name, "<mets> element did not have an OBJID attribute!") }
        guard headerSeen else { throw TransferMETS.invalid(name, "<metsHdr> element not found in METS file!") }
        guard let createdAt else { throw TransferMETS.invalid(name, "<metsHdr> element did not have a CREATEDATE attribute!") }
        guard let dashboard else { throw TransferMETS.invalid(name, "No <agent> element found!") }
        let files = try pointers.compactMap { id -> TransferMETS.File? in
            guard let entry = fileSec[id] else { throw TransferMETS.invalid(name, "\(id) exists in structMap but not fileSec") }
            guard var path = entry.path else { return nil }
            for admid in entry.admids { if let new = renamed[admid] { path = new } }
            let uuid = id.hasPrefix("file-") ? String(id.dropFirst(5)) : id
            return TransferMETS.File(uuid: uuid, path: path)
        }
        return TransferMETS(transferUUID: objectID, createdAt: createdAt, dashboardUUID: dashboard, accessionID: accession ?? "", files: files)
    }
}

/// An `InputStream` over a read function, for `XMLParser(stream:)`, which reads a chunk at
/// a time; a read's error is kept to be thrown once the parser stops.
private final class ReadingStream: InputStream {
    private let readSome: (UnsafeMutableRawBufferPointer) throws -> Int
    private(set) var error: (any Error)?

    init(_ read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
        readSome = read
        super.init(data: Data())
    }

    override func open() {}
    override func close() {}
    override var hasBytesAvailable: Bool { error == nil }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength length: Int) -> Int {
        do {
            return try readSome(UnsafeMutableRawBufferPointer(start: buffer, count: length))
        } catch {
            self.error = error
            return -1
        }
    }
}
