import Foundation

/// An Archivematica-like AIP and the version a re-ingest of it makes, for the tests of
/// `aip.reingest` and `aip.update`: what each holds, and what the stored AIP must hold
/// once the new version is merged in as the Storage Service merges it.
public enum ReingestFixture {
    /// The UUIDs in the names of photo.tif's preservation derivative, before and after.
    public static let derivative = "0c8f1b1e-5a2d-4a57-9e6b-3c1d2e3f4a5b"
    public static let newDerivative = "7d3e2c1b-0a9f-4e8d-b7c6-5a4b3c2d1e0f"

    /// The payload (under `data/`) of AIP `uuid`: METS, objects, a derivative, metadata and
    /// submission documentation.
    public static func aip(_ uuid: UUID) -> [String: Data] {
        ["METS.\(uuid.uuidString.lowercased()).xml": Data("<mets:mets/>\n".utf8), "objects/a.txt": Data("original".utf8),
         "objects/deep/photo.tif": BagFixture.randomData(50_000),
         "objects/deep/photo-\(derivative).tif": BagFixture.randomData(20_000),
         "objects/metadata/transfers/t-1/dc.json": Data("[{\"dc.title\": \"x\"}]".utf8),
         "objects/submissionDocumentation/transfer-1/METS.xml": Data("<mets/>".utf8)]
    }

    /// The payload of its re-ingested version: the originals as the pipeline has them, a
    /// new METS, changed and new metadata, and a new derivative of photo.tif.
    public static func reingested(_ uuid: UUID, originals: [String: Data]) -> [String: Data] {
        var files = originals.filter { !$0.key.hasPrefix("objects/metadata/") && !$0.key.hasPrefix("objects/deep/photo-") }
        files.merge(changes(uuid)) { $1 }
        return files
    }

    /// The stored AIP's payload (as `data/…` paths) once the version is merged in.
    public static func merged(_ originals: [String: Data], _ uuid: UUID) -> [String: Data] {
        var expected = originals
        expected.merge(changes(uuid)) { $1 }
        expected["objects/deep/photo-\(derivative).tif"] = nil
        return Dictionary(uniqueKeysWithValues: expected.map { ("data/" + $0.key, $0.value) })
    }

    /// `Payload-Oxum` of a payload.
    public static func oxum(_ payload: [String: Data]) -> String {
        "Payload-Oxum: \(payload.values.reduce(0) { $0 + $1.count }).\(payload.count)"
    }

    private static func changes(_ uuid: UUID) -> [String: Data] {
        ["METS.\(uuid.uuidString.lowercased()).xml": Data("<mets:mets version=\"2\"/>\n".utf8),
         "objects/metadata/transfers/t-1/dc.json": Data("[{\"dc.title\": \"y\"}]".utf8),
         "objects/metadata/transfers/t-1/rights.csv": Data("file,basis\n".utf8),
         "objects/deep/photo-\(newDerivative).tif": Data("new derivative".utf8)]
    }
}
