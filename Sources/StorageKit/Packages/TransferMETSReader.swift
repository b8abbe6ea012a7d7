import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The SAX side of `TransferMETS`: what the METS says, gathered as it streams by, as metsrw
/// reads it. The first physical structMap lists the files: every `fptr` of a Directory div,
/// the first of any other div. Each file's path is its fileSec entry's first `FLocat`
/// href (the first entry of that ID), URL-decoded; its UUID is the FILEID without its
/// first `file-`; its new name comes from the PREMIS events of its amdSecs, in the order
/// its ADMID lists them. Names and notes are kept as they are, untrimmed, as lxml gives them.
final class TransferMETSReader: NSObject, XMLParserDelegate {
    static let mets = "http://www.loc.gov/METS/", depthLimit = 256

    var problem: String?
    private(set) var fatal: (code: Int, line: Int)?
    private var objectID: String?
    private var headerSeen = false
    private var createdAt: String?
    private var accession: String?
    private var dashboard: String??
    /// Each amdSec's last new name, from its name-changing events.
    private var renamed: [String: String] = [:]
    private var fileSec: [String: (path: String?, admids: [String])] = [:]
    private var pointers: [(id: String, directory: Bool)] = []
    private var keptBytes = 0

    private var stack: [String] = []
    private var text: String?
    private var amdSec: String?
    private var agent: (software: Bool, name: String?, dashboardNote: Bool)?
    private var premisEvents = false
    private var event: (type: String?, note: String?)?
    private var file: String?
    private var fileSecDepth = 0
    /// Within the first physical structMap: each open div's type and whether it took an fptr.
    private var structMap: (physical: Bool, done: Bool) = (false, false)
    private var divs: [(directory: Bool, took: Bool)] = []

    /// The text of the element being read, capped: no name or note is longer.
    private static let textLimit = 1 << 16

    /// libxml2's warnings (`XML_WAR_*`): not errors, to lxml either.
    private static let warnings: Set<Int> = [27, 93, 97, 98, 99, 100, 102, 106, 107]

    func parser(_ parser: XMLParser, parseErrorOccurred error: any Error) {
        let code = (error as NSError).code
        if fatal == nil, !Self.warnings.contains(code) { fatal = (code, parser.lineNumber) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        let parent = stack.last
        stack.append((namespaceURI == Self.mets ? "mets:" : namespaceURI?.contains("premis") == true ? "premis:" : "?:") + name)
        guard stack.count <= Self.depthLimit else { return fail(parser, "it nests elements more than \(Self.depthLimit) deep") }
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
             "mets:name" where agent != nil && parent == "mets:agent" && agent?.name == nil,
             "mets:note" where agent != nil && parent == "mets:agent",
             "premis:eventType" where event != nil,
             "premis:eventOutcomeDetailNote" where event != nil && event?.note == nil:
            text = ""
        case "mets:agent" where parent == "mets:metsHdr":
            agent = (a["ROLE"] == "CREATOR" && a["TYPE"] == "OTHER" && a["OTHERTYPE"] == "SOFTWARE", nil, false)
        case "mets:amdSec" where stack.count == 2:
            amdSec = a["ID"]
        case "mets:mdWrap" where amdSec != nil && parent == "mets:digiprovMD":
            premisEvents = a["MDTYPE"] == "PREMIS:EVENT"
        case "premis:event" where premisEvents:
            event = (nil, nil)
        case "mets:fileSec" where stack.count == 2:
            fileSecDepth = stack.count
        case "mets:file" where fileSecDepth > 0:
            guard let id = a["ID"], fileSec[id] == nil else { break }
            file = id
            fileSec[id] = (nil, (a["ADMID"] ?? "").split(separator: " ").map(String.init))
        case "mets:FLocat" where file != nil && parent == "mets:file":
            guard fileSec[file!]?.path == nil, let href = a["href"] else { break }
            guard keep(href.utf8.count, parser) else { return }
            fileSec[file!]?.path = TransferMETS.urlDecoded(href)
        case "mets:structMap" where stack.count == 2:
            structMap.physical = !structMap.done && a["TYPE"] == "physical"
        case "mets:div" where structMap.physical:
            divs.append(((a["TYPE"] ?? "").lowercased() == "directory", false))
        case "mets:fptr" where structMap.physical && parent == "mets:div":
            guard let id = a["FILEID"], let div = divs.last, div.directory || !div.took else { break }
            divs[divs.count - 1].took = true
            guard pointers.count < TransferMETS.fileLimit else { return fail(parser, "it lists more than \(TransferMETS.fileLimit) files") }
            pointers.append((id, div.directory))
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard var current = text, current.utf8.count < Self.textLimit else { return }
        current += string
        text = current
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        guard text != nil, let string = String(data: block, encoding: .utf8) else { return }
        self.parser(parser, foundCharacters: string)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let element = stack.removeLast()
        let value = text
        switch element {
        case "mets:altRecordID" where value != nil: accession = value
        case "mets:name" where value != nil: agent?.name = value
        case "mets:note" where value != nil: if value == "Archivematica dashboard UUID" { agent?.dashboardNote = true }
        case "mets:agent":
            if dashboard == nil, let found = agent, found.software, found.dashboardNote { dashboard = .some(found.name) }
            agent = nil
        case "premis:eventType" where value != nil: event?.type = value
        case "premis:eventOutcomeDetailNote" where value != nil: event?.note = value
        case "premis:event":
            if let found = event, let type = found.type, type == "name cleanup" || type == "filename change",
               let note = found.note, let amdSec, let name = TransferMETS.changedName(note), keep(name.utf8.count, parser) {
                renamed[amdSec] = name
            }
            event = nil
        case "mets:mdWrap": premisEvents = false
        case "mets:amdSec" where stack.count == 1: amdSec = nil
        case "mets:file": file = nil
        case "mets:fileSec" where stack.count == 1: fileSecDepth = 0
        case "mets:div" where structMap.physical: divs.removeLast()
        case "mets:structMap" where stack.count == 1:
            if structMap.physical { structMap = (false, true) }
        default: break
        }
        text = nil
    }

    /// Counts what is kept against the limit; past it, stops the parse.
    private func keep(_ bytes: Int, _ parser: XMLParser) -> Bool {
        keptBytes += bytes
        guard keptBytes <= TransferMETS.nameBytesLimit else {
            fail(parser, "its names take more than \(TransferMETS.nameBytesLimit >> 20) MiB")
            return false
        }
        return true
    }

    private func fail(_ parser: XMLParser, _ problem: String) {
        if self.problem == nil { self.problem = problem }
        parser.abortParsing()
    }

    func result(_ name: String) throws -> TransferMETS {
        guard let objectID else { throw TransferMETS.invalid(name, "<mets> element did not have an OBJID attribute!") }
        guard headerSeen else { throw TransferMETS.invalid(name, "<metsHdr> element not found in METS file!") }
        guard let createdAt else { throw TransferMETS.invalid(name, "<metsHdr> element did not have a CREATEDATE attribute!") }
        guard let found = dashboard else { throw TransferMETS.invalid(name, "No <agent> element found!") }
        guard let dashboard = found else { throw TransferMETS.invalid(name, "the dashboard <agent> has no <name>") }
        guard structMap.done else { throw TransferMETS.invalid(name, "No physical structMap found.") }
        let files = try pointers.compactMap { pointer -> TransferMETS.File? in
            guard let entry = fileSec[pointer.id] else { throw TransferMETS.invalid(name, "\(pointer.id) exists in structMap but not fileSec") }
            guard var path = entry.path else { return nil }
            // metsrw's prefix: `file-`, or for an fptr right in a directory that lacks it
            // (old METS), the file's name and a dash.
            let prefix = pointer.directory && !pointer.id.hasPrefix("file-") ? (path as NSString).lastPathComponent + "-" : "file-"
            let uuid = TransferMETS.removingFirst(prefix, from: pointer.id)
            guard !uuid.isEmpty else { return nil }
            for admid in entry.admids { if let new = renamed[admid] { path = new } }
            return TransferMETS.File(uuid: uuid, path: path)
        }
        return TransferMETS(transferUUID: objectID, createdAt: createdAt, dashboardUUID: dashboard, accessionID: accession ?? "", files: files)
    }
}
