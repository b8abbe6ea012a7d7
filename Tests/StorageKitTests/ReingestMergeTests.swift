import Foundation
import QueueKit
import StorageTesting
import Testing
@testable import StorageKit

/// The merge of a re-ingested version into the stored bag, on real directories.
@Suite struct ReingestMergeTests {
    let a = "0c8f1b1e-5a2d-4a57-9e6b-3c1d2e3f4a5b", b = "7d3e2c1b-0a9f-4e8d-b7c6-5a4b3c2d1e0f", c = "11111111-2222-4333-8444-555555555555"

    @Test func aDerivativeIsNamedByItsLastUUIDAsTheStorageServiceReadsIt() throws {
        let d = try #require(ReingestMerge.Derivative(name: "img-\(a)-\(b).tif"))
        #expect(d.base == "img-\(a)" && d.rest == ".tif")
        #expect(ReingestMerge.Derivative(name: "img-\(a)-\(c).tif")?.sameOriginal(as: d) == true)
        #expect(ReingestMerge.Derivative(name: "img-\(c).tif")?.sameOriginal(as: d) == false)
        #expect(ReingestMerge.Derivative(name: "photo.tif") == nil)
        #expect(ReingestMerge.Derivative(name: "\(a).tif") == nil, "nothing before the UUID: not a derivative's name")
        #expect(ReingestMerge.Derivative(name: "x-zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz.tif") == nil, "hexadecimal only")
    }

    @Test func onlySupersededDerivativesGoAndOriginalsSentBackStay() throws {
        let root = NSTemporaryDirectory() + "merge-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let uuid = UUID(), id = uuid.uuidString.lowercased()
        // Stored: two originals whose names look like derivatives', an old derivative, a
        // directory named like one.
        let stored = try BagFixture.make(at: root + "/stored", files: [
            "METS.\(id).xml": Data("old".utf8), "objects/x-\(a).tif": Data("original a".utf8), "objects/x-\(b).tif": Data("original b".utf8),
            "objects/img-\(a)-\(b).tif": Data("old derivative".utf8), "objects/img-\(a)-\(c)/keep.txt": Data("a directory".utf8),
        ])
        // Re-ingested (objects): both originals sent back, a new derivative of img.
        let new = try BagFixture.make(at: root + "/new", files: [
            "METS.\(id).xml": Data("new".utf8), "objects/x-\(a).tif": Data("original a".utf8), "objects/x-\(b).tif": Data("original b".utf8),
            "objects/img-\(a)-\(c).tif": Data("new derivative".utf8),
        ])
        try ReingestMerge.merge(new, into: stored, uuid: uuid, control: TransferControl())
        try BagWriter.rebag(stored, control: TransferControl())
        let payload = BagFixture.contents(of: stored).filter { $0.key.hasPrefix("data/") }
        #expect(payload == [
            "data/METS.\(id).xml": Data("new".utf8), "data/objects/x-\(a).tif": Data("original a".utf8),
            "data/objects/x-\(b).tif": Data("original b".utf8), "data/objects/img-\(a)-\(c).tif": Data("new derivative".utf8),
            "data/objects/img-\(a)-\(c)/keep.txt": Data("a directory".utf8),
        ], "\(payload.keys.sorted())")
        _ = try PackageVerifier.verify(stored, side: "test", control: TransferControl())

        // A version without the AIP's METS is not one of its versions.
        let other = try BagFixture.make(at: root + "/other", files: ["METS.\(UUID().uuidString.lowercased()).xml": Data()])
        #expect(throws: JobFailure.self) { try ReingestMerge.merge(other, into: stored, uuid: uuid, control: TransferControl()) }
    }

    @Test func manifestsEscapePercentOnlyFromBagIt1() throws {
        let root = NSTemporaryDirectory() + "rebag-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let bag = try BagFixture.make(at: root, files: ["objects/50%.txt": Data("half".utf8)])
        try BagWriter.rebag(bag, control: TransferControl())
        #expect(try String(contentsOfFile: bag + "/manifest-sha256.txt", encoding: .utf8).contains("data/objects/50%25.txt"))
        try Data("BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n".utf8).write(to: URL(fileURLWithPath: bag + "/bagit.txt"))
        try BagWriter.rebag(bag, control: TransferControl())
        #expect(try String(contentsOfFile: bag + "/manifest-sha256.txt", encoding: .utf8).contains("data/objects/50%.txt"))
    }
}
