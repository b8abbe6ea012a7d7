import Foundation
import Logging
import StorageAPI
import StorageKit
import StorageTesting
import Testing

/// `openapi.yaml` and the server agree: every route the server registers is in the
/// document, and every path and method of the document is a route.
@Suite struct ContractTests {
    static var repository: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// `method path` for each operation under `paths:`; paths sit at two spaces, methods at four.
    static func documented(_ yaml: String) -> Set<String> {
        var out: Set<String> = []
        var inPaths = false, path = ""
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" "), !line.isEmpty { inPaths = line == "paths:" }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") { path = String(line.dropFirst(2).dropLast()) }
            if let method = ["get", "post", "head", "put", "patch", "delete"].first(where: { line == "    \($0):" }) { out.insert("\(method) \(path)") }
        }
        return out
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws {
        let yaml = try String(contentsOfFile: Self.repository + "/openapi.yaml", encoding: .utf8)
        let server = APIServer(settings: .init(), database: try DatabaseSettings(url: "postgres://nobody@127.0.0.1:1/none", source: "test"),
                               logger: Logger(label: "test"), parseBatch: { _ in [] })
        let registered = Set(server.routes)
        let documented = Self.documented(yaml)
        #expect(registered.count == server.routes.count, "no route registered twice")
        #expect(registered.subtracting(documented).isEmpty, "routes missing from openapi.yaml: \(registered.subtracting(documented).sorted())")
        #expect(documented.subtracting(registered).isEmpty, "documented but not served: \(documented.subtracting(registered).sorted())")
        #expect(registered.count > 30)
    }

    @Test func theServedDocumentIsTheCommittedOne() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let served = try await h.client.get("/api/openapi.yaml")
        #expect(served.status == 200 && served.headers["content-type"] == "application/yaml")
        let committed = try String(contentsOfFile: Self.repository + "/openapi.yaml", encoding: .utf8)
        #expect(served.text.trimmingCharacters(in: .newlines) == committed.trimmingCharacters(in: .newlines),
                "the EmbedAssets plugin embeds openapi.yaml as it is")
    }
}
