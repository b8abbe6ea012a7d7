import Foundation
import Testing
@testable import StorageKit

@Suite struct PackageLayoutTests {
    @Test func pathIsFourHexDigitsPerDirectoryThenTheName() {
        let uuid = UUID(uuidString: "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0")!
        #expect(PackageLayout.path(uuid: uuid, name: "aip-x.7z") == "0f1e/2d3c/4b5a/6978/8796/a5b4/c3d2/e1f0/aip-x.7z")
    }

    @Test func uuidComesFromTheEndOfArchivematicaNames() {
        let id = "6c1d4bd5-3f55-4c6e-9d6e-1c2b3a4d5e6f"
        #expect(PackageLayout.uuid(fromName: "transfer-\(id).7z")?.uuidString.lowercased() == id)
        #expect(PackageLayout.uuid(fromName: "transfer-\(id).tar.gz")?.uuidString.lowercased() == id)
        #expect(PackageLayout.uuid(fromName: "bag-\(id)")?.uuidString.lowercased() == id)
        #expect(PackageLayout.uuid(fromName: "no-uuid-here.zip") == nil)
        #expect(PackageLayout.uuid(fromName: "\(id)-suffix.zip") == nil)
    }
}
