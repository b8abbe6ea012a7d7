import Foundation
import FoundationXML
import QueueKit
import Testing
@testable import StorageKit

/// What a hostile pipeline sends as PREMIS cannot break the pointer file, move its events
/// out of PREMIS's namespace, crash the server or make each read of it build gigabytes.
@Suite struct PointerFileTests {
    let package = Package(uuid: UUID(), name: "aip-x.7z", status: .stored, locationUUID: UUID(), locationName: "vault",
                          path: "aip-x.7z", locationPath: "/srv/vault", size: 10, sha256: String(repeating: "a", count: 64))

    @Test func hostileEventsAreLeftOutOrEscaped() throws {
        var deep: JSONValue = .array([.string("leaf"), .string("bottom")])
        for _ in 0..<500 { deep = .array([.string("nest"), deep]) }
        let events: JSONValue = .array([
            .array([.string("event"), .object(["foo:bar": "x", "xmlns:premis": "urn:evil", "version": "3.0"]), .object(["version": "again"]),
                    .array([.string("event_type"), .string("compression")]),
                    .array([.string("event_detail"), .number(1e300), .string("\u{FFFE}")]),
                    .array([.string("_"), .string("x")]), .array([.string("1abc"), .string("x")]), .array([.string("a_½"), .string("x")]),
                    deep]),
        ])
        let xml = try #require(PointerFile.make(for: package, premis: .object(["events": events])))
        let doc = try XMLDocument(data: Data(xml.utf8))  // well-formed
        #expect(!xml.contains("urn:evil") && !xml.contains("foo:bar") && !xml.contains("again"), "only known attributes, once")
        #expect(try doc.nodes(forXPath: "//*[local-name()='eventDetail']").first?.stringValue == "1e+300", "no trap on a huge number")
        #expect(!xml.contains("<premis:_") && !xml.contains("1abc") && !xml.contains("½"))
        #expect(xml.utf8.count < 20_000, "the 500-deep chain is cut off: \(xml.utf8.count) bytes")
        #expect(try doc.nodes(forXPath: "//*[local-name()='eventType']").first?.stringValue == "compression")

        let many: JSONValue = .array(Array(repeating: .array([.string("event"), .array([.string("event_type"), .string("compression")])]), count: 5000))
        let long = try #require(PointerFile.make(for: package, premis: .object(["events": many])))
        #expect(try XMLDocument(data: Data(long.utf8)).nodes(forXPath: "//*[local-name()='eventType']").count == 500, "the first 500 events")
    }
}
