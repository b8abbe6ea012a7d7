import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// API keys: made and revoked by `ss-cli apikey`, accepted in the three forms Storage
/// Service clients send, refused with a JSON 401 otherwise.
@Suite struct AuthTests {
    @Test func keysAreAcceptedInAllThreeFormsAndRefusedOtherwise() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let health = try await h.anonymous.get("/api/health")
        #expect(health.status == 200, "health is open")
        #expect(health.object.text("status") == "ok")

        let header = try await h.client.get("/api/v3/locations")
        #expect(header.status == 200, "ApiKey header: \(header.text)")
        let basic = Data("\(h.user):\(h.key)".utf8).base64EncodedString()
        #expect(try await h.anonymous.get("/api/v3/locations", headers: ["Authorization": "Basic \(basic)"]).status == 200)
        #expect(try await h.anonymous.get("/api/v2/location/?username=\(h.user)&api_key=\(h.key)").status == 200)

        let refused: [(String, [String: String])] = [
            ("/api/v3/locations", [:]),
            ("/api/v3/locations", ["Authorization": "ApiKey \(h.user):wrong"]),
            ("/api/v3/locations", ["Authorization": "ApiKey nobody:\(h.key)"]),
            ("/api/v3/locations", ["Authorization": "ApiKey \(h.user)"]),
            ("/api/v3/locations", ["Authorization": "Bearer \(h.key)"]),
            ("/api/v3/locations", ["Authorization": "Basic !!!"]),
            ("/api/v2/file/?username=\(h.user)&api_key=nope", [:]),
            ("/api/openapi.yaml", [:]),
        ]
        for (path, headers) in refused {
            let r = try await h.anonymous.get(path, headers: headers)
            #expect(r.status == 401, "\(path) \(headers)")
            #expect(r.headers["content-type"] == "application/json", "\(r.text)")
            #expect(r.object.text("error") != nil, "\(r.text)")
        }
        #expect(h.server.log.contains("GET /api/v3/locations 401 user=tester scope=-"), "one log line per request, naming who tried")
        #expect(h.server.log.contains("GET /api/v3/locations 401 user=(unknown)") && !h.server.log.contains("user=nobody"),
                "a name no user has is not logged: it may be a key sent as the user name")
        #expect(!h.server.log.contains(h.key), "keys never reach the log")
    }

    @Test func theCLIMakesListsAndRevokesKeysAndStoresOnlyTheirHash() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let made = try runCLI(["apikey", "create", "archivist"], databaseURL: h.db.url)
        #expect(made.status == 0, "\(made.stderr)")
        let key = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.count == 40 && key.allSatisfy(\.isHexDigit))
        let stored = try await h.db.scalars("SELECT encode(key_sha256, 'hex') FROM api_keys WHERE username = 'archivist'", as: String.self)
        #expect(stored.count == 1 && stored[0] != key && !stored[0].contains(key), "only the digest is stored")

        let archivist = HTTPClient(base: h.server.base, credentials: "archivist:\(key)")
        #expect(try await archivist.get("/api/v3/aips").status == 200)
        let again = try runCLI(["apikey", "create", "archivist"], databaseURL: h.db.url)
        #expect(again.status == 65 && again.stderr.contains("--replace"), "a second key needs --replace")
        #expect(try await archivist.get("/api/v3/aips").status == 200, "the refused create changed nothing")

        let list = try runCLI(["apikey", "list", "--json"], databaseURL: h.db.url)
        #expect(list.status == 0 && !list.stdout.contains(key))
        let users = try list.stdout.split(separator: "\n").map { try JSONValue(jsonText: String($0)).text("username") }
        #expect(users == ["archivist", "reviewer", "tester"])
        #expect(list.stdout.split(separator: "\n").contains { $0.contains(#""scopes":["read","submit"]"#) && $0.contains(#""username":"archivist""#) },
                "a new key has read,submit: \(list.stdout)")
        #expect(list.stdout.contains("\"last_used_at\":\"20"), "use is recorded")

        let replaced = try runCLI(["apikey", "create", "archivist", "--replace"], databaseURL: h.db.url)
        #expect(replaced.status == 0)
        #expect(try await archivist.get("/api/v3/aips").status == 401, "the old key stops working")

        #expect(try runCLI(["apikey", "revoke", "tester"], databaseURL: h.db.url).status == 0)
        #expect(try await h.client.get("/api/v3/aips").status == 401, "a revoked key is refused at once")
        let unknown = try runCLI(["apikey", "revoke", "nobody"], databaseURL: h.db.url)
        #expect(unknown.status == 66 && unknown.stderr.contains("nobody"))
        #expect(try runCLI(["apikey", "create", "bad:name"], databaseURL: h.db.url).status == 65)

        // A '+' in a name, percent-encoded in the query, is a '+' (decoded once).
        let plus = try runCLI(["apikey", "create", "a+b"], databaseURL: h.db.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await h.anonymous.get("/api/v2/pipeline/?username=a%2Bb&api_key=\(plus)").status == 200)
        #expect(try await h.anonymous.get("/api/v2/pipeline/?username=a+b&api_key=\(plus)").status == 401, "'+' is a space")
    }
}
