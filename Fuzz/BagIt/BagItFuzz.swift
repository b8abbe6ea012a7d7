import FuzzSupport
@testable import StorageKit

/// The bytes as a manifest (payload and tag) and as bag-info.txt. Any input may be
/// refused with problems; none may crash, hang, or yield a path that leaves the bag.
@_cdecl("fuzz_bagit_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { text in
        let (manifest, _) = BagManifest.parse(text, fileName: "manifest-sha256.txt", algorithm: .sha256, isTag: false)
        for path in manifest.entries.keys {
            precondition(!path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains(".."), "escaping path \(path)")
        }
        _ = BagManifest.parse(text, fileName: "tagmanifest-md5.txt", algorithm: .md5, isTag: true)
        _ = BagPlan.oxum(bagInfo: text)
        _ = BagManifest.kind(of: text)
    }
}
