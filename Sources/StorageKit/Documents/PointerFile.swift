import Foundation
import QueueKit

/// The METS pointer file of a compressed AIP, as the Storage Service makes it
/// (`Package.create_pointer_file`): the AIP as a black box, with the PREMIS object of the
/// archive (its SHA-256, size, format and the program that made it), the PREMIS events
/// and agents the pipeline sent, where the AIP is, and how to undo its compression. As
/// there, only an archive whose events include a `compression` event has one.
///
/// It is made from the package's row on each request rather than kept as a file, so that
/// it says where the AIP is after every move and nothing can leave it stale.
public enum PointerFile {
    /// The XML, or nil when the AIP has none (not an archive, or no compression event).
    public static func make(for package: Package, premis: JSONValue?, now: Date = Date()) -> String? {
        guard ArchivedBag.isArchive(package.name), let sha256 = package.sha256,
              case .array(let events)? = premis?["events"] else { return nil }
        // The first few hundred of each, as many as a pipeline records for one AIP: a
        // request body of millions would otherwise be rebuilt as XML on every read.
        let parsed = events.prefix(Element.maxEntities).compactMap(Element.init)
        guard let compression = compressionEvent(parsed) else { return nil }
        let agents: [Element] = if case .array(let list)? = premis?["agents"] { list.prefix(Element.maxEntities).compactMap(Element.init) } else { [] }
        let detail = Detail(compression.child("event_detail")?.text ?? "")
        let format = Format(name: package.name, algorithm: detail["algorithm"])
        let id = package.uuid.uuidString.lowercased()

        var amd = techMD(id: id, sha256: sha256, size: package.size ?? 0, format: format, detail: detail, now: now)
        for (i, event) in parsed.enumerated() {
            amd += wrap("digiprovMD", "digiprovMD_\(i + 1)", "PREMIS:EVENT", event.xml(indent: 10))
        }
        for (i, agent) in agents.enumerated() {
            amd += wrap("digiprovMD", "digiprovMD_\(parsed.count + i + 1)", "PREMIS:AGENT", agent.xml(indent: 10))
        }
        let transforms = format.transforms.enumerated().map { i, algorithm in
            "        <mets:transformFile TRANSFORMORDER=\"\(i + 1)\" TRANSFORMTYPE=\"decompression\" TRANSFORMALGORITHM=\"\(escape(algorithm))\"/>\n"
        }.joined()
        let fileID = escape(package.name)
        return """
            <?xml version='1.0' encoding='UTF-8'?>
            <mets:mets xmlns:mets="http://www.loc.gov/METS/" xmlns:premis="http://www.loc.gov/premis/v3" \
            xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://www.loc.gov/METS/ http://www.loc.gov/standards/mets/version1121/mets.xsd">
              <mets:metsHdr CREATEDATE="\(timestamp(now))"/>
              <mets:amdSec ID="amdSec_1">
            \(amd)  </mets:amdSec>
              <mets:fileSec>
                <mets:fileGrp USE="Archival Information Package">
                  <mets:file ID="\(fileID)" ADMID="amdSec_1">
                    <mets:FLocat OTHERLOCTYPE="SYSTEM" LOCTYPE="OTHER" xlink:href="\(escape(package.fullPath))"/>
            \(transforms)      </mets:file>
                </mets:fileGrp>
              </mets:fileSec>
              <mets:structMap TYPE="physical">
                <mets:div TYPE="Archival Information Package">
                  <mets:fptr FILEID="\(fileID)"/>
                </mets:div>
              </mets:structMap>
            </mets:mets>

            """
    }

    private static func techMD(id: String, sha256: String, size: Int64, format: Format, detail: Detail, now: Date) -> String {
        let object = """
                      <premis:object xsi:type="premis:file" version="3.0" xsi:schemaLocation="http://www.loc.gov/premis/v3 http://www.loc.gov/standards/premis/v3/premis.xsd">
                        <premis:objectIdentifier>
                          <premis:objectIdentifierType>UUID</premis:objectIdentifierType>
                          <premis:objectIdentifierValue>\(id)</premis:objectIdentifierValue>
                        </premis:objectIdentifier>
                        <premis:objectCharacteristics>
                          <premis:compositionLevel>\(format.transforms.count)</premis:compositionLevel>
                          <premis:fixity>
                            <premis:messageDigestAlgorithm>sha256</premis:messageDigestAlgorithm>
                            <premis:messageDigest>\(sha256)</premis:messageDigest>
                          </premis:fixity>
                          <premis:size>\(size)</premis:size>
                          <premis:format>
                            <premis:formatDesignation>
                              <premis:formatName>\(format.formatName)</premis:formatName>
                            </premis:formatDesignation>
                            <premis:formatRegistry>
                              <premis:formatRegistryName>PRONOM</premis:formatRegistryName>
                              <premis:formatRegistryKey>\(format.pronom)</premis:formatRegistryKey>
                            </premis:formatRegistry>
                          </premis:format>
                          <premis:creatingApplication>
                            <premis:creatingApplicationName>\(escape(detail["program"] ?? format.program))</premis:creatingApplicationName>
                            <premis:creatingApplicationVersion>\(escape(detail["version"] ?? ""))</premis:creatingApplicationVersion>
                            <premis:dateCreatedByApplication>\(timestamp(now))</premis:dateCreatedByApplication>
                          </premis:creatingApplication>
                        </premis:objectCharacteristics>
                      </premis:object>

            """
        return wrap("techMD", "techMD_1", "PREMIS:OBJECT", object)
    }

    private static func wrap(_ section: String, _ id: String, _ type: String, _ body: String) -> String {
        """
              <mets:\(section) ID="\(id)">
                <mets:mdWrap MDTYPE="\(type)">
                  <mets:xmlData>
            \(body)        </mets:xmlData>
                </mets:mdWrap>
              </mets:\(section)>

        """
    }

    private static func compressionEvent(_ events: [Element]) -> Element? {
        events.first { $0.child("event_type")?.text == "compression" }
    }

    /// The `algorithm` of the `compression` event in `premis` (`bzip2`, `lzma`), if any:
    /// how a re-ingested 7z is compressed again.
    static func compressionAlgorithm(_ premis: JSONValue?) -> String? {
        guard case .array(let events)? = premis?["events"],
              let event = compressionEvent(events.prefix(Element.maxEntities).compactMap(Element.init)) else { return nil }
        return Detail(event.child("event_detail")?.text ?? "")["algorithm"]
    }

    /// How the archive was made, from its name and the compression event's detail.
    struct Format {
        var formatName: String, pronom: String, program: String
        /// The decompressions to undo, outermost first.
        var transforms: [String]

        init(name: String, algorithm: String?) {
            let lower = name.lowercased()
            switch lower {
            case _ where lower.hasSuffix(".7z"):
                (formatName, pronom, program, transforms) = ("7Zip format", "fmt/484", "7-Zip", [algorithm ?? "lzma"])
            case _ where lower.hasSuffix(".tar.bz2") || lower.hasSuffix(".tbz2"):
                (formatName, pronom, program, transforms) = ("BZIP2 Compressed Archive", "x-fmt/268", "tar", ["bzip2", "tar"])
            case _ where lower.hasSuffix(".tar.gz") || lower.hasSuffix(".tgz"):
                (formatName, pronom, program, transforms) = ("GZIP Format", "x-fmt/266", "tar", ["gzip", "tar"])
            case _ where lower.hasSuffix(".tar.xz") || lower.hasSuffix(".txz"):
                (formatName, pronom, program, transforms) = ("XZ File Format", "fmt/1098", "tar", ["xz", "tar"])
            case _ where lower.hasSuffix(".zip"):
                (formatName, pronom, program, transforms) = ("ZIP Format", "x-fmt/263", "zip", ["zip"])
            default:
                (formatName, pronom, program, transforms) = ("Tape Archive Format", "x-fmt/265", "tar", ["tar"])
            }
        }
    }

    /// `program=7z; version=…; algorithm=bzip2`, as Archivematica writes a compression
    /// event's detail (values may be quoted).
    struct Detail {
        private var values: [String: String] = [:]

        init(_ text: String) {
            for part in text.split(separator: ";") {
                let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                values[pair[0]] = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }

        subscript(_ key: String) -> String? { values[key] }
    }

    /// A PREMIS entity as Archivematica sends it: metsrw's tuple form in JSON, an array
    /// whose first item is the element's name in snake case (`event_identifier`), then
    /// objects (attributes), strings (text) and arrays (child elements).
    struct Element {
        var name: String
        var attributes: [(String, String)] = []
        var text = ""
        var children: [Element] = []

        /// Deeper than PREMIS nests (about six levels), or more elements than an event has,
        /// is not PREMIS: left out, so a hostile body cannot make every read of the pointer
        /// file build gigabytes.
        static let maxDepth = 12, maxElements = 500, maxEntities = 500

        /// The attributes metsrw writes on PREMIS entities; any other (an `xmlns` that would
        /// move the element out of PREMIS's namespace, an unbound prefix) is left out.
        static let attributeNames: Set<String> = ["version", "xsi:schemaLocation", "xsi:type"]

        init?(_ value: JSONValue) {
            var budget = Self.maxElements
            self.init(value, depth: 0, budget: &budget)
        }

        private init?(_ value: JSONValue, depth: Int, budget: inout Int) {
            guard depth < Self.maxDepth, budget > 0, case .array(let items) = value, case .string(let name)? = items.first,
                  Self.isName(name) else { return nil }
            budget -= 1
            self.name = name
            for item in items.dropFirst() {
                switch item {
                case .string(let s): text += s
                case .number(let n): text += abs(n) < 9e15 && n == n.rounded() ? String(Int64(n)) : String(n)
                case .object(let attributes):
                    for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
                        guard Self.attributeNames.contains(key), case .string(let v) = value,
                              !self.attributes.contains(where: { $0.0 == key }) else { continue }
                        self.attributes.append((key, v))
                    }
                case .array:
                    if let child = Element(item, depth: depth + 1, budget: &budget) { children.append(child) }
                default: continue
                }
            }
        }

        /// `event_identifier`: ASCII letters and digits in parts joined by `_`, a letter
        /// first, so that its camel-case form is an XML name.
        static func isName(_ name: String) -> Bool {
            let parts = name.split(separator: "_", omittingEmptySubsequences: false)
            return name.first?.isASCII == true && name.first?.isLetter == true
                && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
        }

        func child(_ name: String) -> Element? { children.first { $0.name == name } }

        /// `premis:eventIdentifier` from `event_identifier`.
        var tag: String {
            let parts = name.split(separator: "_")
            return "premis:" + (parts.first.map(String.init) ?? "") + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        }

        func xml(indent: Int) -> String {
            let pad = String(repeating: " ", count: indent)
            let attrs = attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
            guard !children.isEmpty else { return "\(pad)<\(tag)\(attrs)>\(escape(text))</\(tag)>\n" }
            return "\(pad)<\(tag)\(attrs)>\(escape(text))\n" + children.map { $0.xml(indent: indent + 2) }.joined() + "\(pad)</\(tag)>\n"
        }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            // XML 1.0 has no place for other control characters, nor for U+FFFE and
            // U+FFFF: they are left out.
            case _ where c.value < 0x20 && c != "\n" && c != "\t" && c != "\r": continue
            case "\u{FFFE}", "\u{FFFF}": continue
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    private static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
