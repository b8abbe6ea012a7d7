import Foundation
@testable import StorageKit
import Testing

/// The new name in a name-changing event's note, as the Storage Service's
/// `.*(?:cleaned up|new) name="(.*)"$` reads it.
@Suite struct TransferMETSTests {
    @Test(arguments: [
        (#"Original name="%transferDirectory%objects/a b.txt"; cleaned up name="%transferDirectory%objects/a_b.txt""#, "objects/a_b.txt"),
        (#"Original name="%transferDirectory%objects/x"; new name="%transferDirectory%objects/y""#, "objects/y"),
        // Only the first placeholder goes; the last marker wins; a trailing newline is allowed.
        (#"cleaned up name="%transferDirectory%a/%transferDirectory%b""#, "a/%transferDirectory%b"),
        (#"new name="first"; cleaned up name="second""#, "second"),
        ("cleaned up name=\"x\"\n", "x"),
        (#"cleaned up name="with "quotes" inside""#, #"with "quotes" inside"#),
        (#"cleaned up name="""#, ""),
    ])
    func aNewNameIsFound(note: String, name: String) {
        #expect(TransferMETS.changedName(note) == name)
    }

    @Test(arguments: [
        #"cleaned up name="x" and more"#,    // no quote at the very end
        "cleaned up name=\"x\ny\"",           // on two lines
        #"Original name="objects/a.txt""#,    // no new name
        #"cleaned up name=""#,                // the marker's own quote is the last
        "",
    ])
    func noNewNameIsFound(note: String) {
        #expect(TransferMETS.changedName(note) == nil)
    }

    @Test(arguments: [
        ("objects/report%281%29+x.pdf", "objects/report(1) x.pdf"),
        ("objects/a%2Bb.txt", "objects/a+b.txt"),
        ("objects/%E2%82%AC.txt", "objects/\u{20AC}.txt"),
        ("objects/100%.txt", "objects/100%.txt"),      // not an escape: kept
        ("objects/%zz%4", "objects/%zz%4"),
        ("objects/%FF.txt", "objects/\u{FFFD}.txt"),   // not UTF-8
    ])
    func hrefsAreDecodedAsMetsrwDecodesThem(href: String, path: String) {
        #expect(TransferMETS.urlDecoded(href) == path)
    }

    @Test func aFileIDLosesItsFirstPrefixWhereverItIs() {
        #expect(TransferMETS.removingFirst("file-", from: "file-abc") == "abc")
        #expect(TransferMETS.removingFirst("file-", from: "x-file-abc-file-") == "x-abc-file-")
        #expect(TransferMETS.removingFirst("file-", from: "abc") == "abc")
    }

    @Test func pathsAreJoinedAsPythonJoinsThem() {
        #expect(TransferReindex.join("t-1", nil, "objects/a") == "t-1/objects/a")
        #expect(TransferReindex.join("t-1", "data", "objects/a") == "t-1/data/objects/a")
        #expect(TransferReindex.join("t-1", "data", "/abs/a") == "/abs/a")
    }
}
