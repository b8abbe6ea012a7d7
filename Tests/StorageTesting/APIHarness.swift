import Foundation
import QueueKit
import StorageKit

/// A test schema with locations, a user with an `admin` key (`tester`) and one with a
/// `read,review` key (`reviewer`: deletion requests need a second pair of eyes), and
/// `ss-cli serve` on it, whose location roots are the test's two directories.
public struct APIHarness: Sendable {
    public let storage: StorageHarness
    public let server: ServerProcess
    public let user = "tester"
    public let key: String
    public let reviewerKey: String

    public var db: TestDatabase { storage.db }
    public var locations: TestLocations { storage.locations }
    /// Sends the API key in the `Authorization: ApiKey` header.
    public var client: HTTPClient { HTTPClient(base: server.base, credentials: "\(user):\(key)") }
    /// Sends no credentials.
    public var anonymous: HTTPClient { HTTPClient(base: server.base) }
    /// `reviewer`'s key: `read,review`.
    public var reviewer: HTTPClient { HTTPClient(base: server.base, credentials: "reviewer:\(reviewerKey)") }

    public static func make(serverArguments: [String] = [], environment: [String: String] = [:]) async throws -> APIHarness {
        let storage = try await StorageHarness.make()
        let (key, reviewerKey) = try await storage.db.withConnection { c in
            (try await APIKeys.create(user: "tester", scopes: Scopes([.admin]), replace: false, actor: "test", on: c, logger: storage.db.logger),
             try await APIKeys.create(user: "reviewer", scopes: Scopes([.read, .review]), replace: false, actor: "test", on: c, logger: storage.db.logger))
        }
        var env = ["SS_LOCATION_ROOTS": "\(storage.locations.root):\(storage.locations.offsiteRoot)"]
        env.merge(environment) { $1 }
        let server = try ServerProcess(databaseURL: storage.db.url, arguments: serverArguments, environment: env)
        return APIHarness(storage: storage, server: server, key: key, reviewerKey: reviewerKey)
    }

    /// A client with a new key for `user` with `scopes`.
    public func client(_ user: String, scopes: Scopes) async throws -> HTTPClient {
        let key = try await db.withConnection { c in
            try await APIKeys.create(user: user, scopes: scopes, replace: true, actor: "test", on: c, logger: db.logger)
        }
        return HTTPClient(base: server.base, credentials: "\(user):\(key)")
    }

    /// The UUID of the location named `name`.
    public func location(_ name: String) async throws -> UUID {
        try await db.withConnection { c in try await Locations.find(name, on: c, logger: db.logger).uuid }
    }

    /// Stores a random bag through the CLI's path (no HTTP) and waits for it; returns its UUID.
    public func storedAIP(files: Int = 3, size: Int = 2000) async throws -> (uuid: UUID, name: String) {
        let uuid = UUID()
        let name = "aip-\(uuid.uuidString.lowercased())"
        try BagFixture.random(at: locations.incoming + "/" + name, count: files, size: size)
        let job = try await storage.submit { r, c in try await r.store(path: name, from: "incoming", to: "vault", on: c) }
        let record = try await storage.finish(job)
        guard record.state == .succeeded else { throw TestFailure("store failed: \(record.errors.jsonText)") }
        return (uuid, name)
    }
}

extension APIHarness {
    /// Asks for `aip` to be deleted the way Archivematica does (`delete_aip/`); returns the request's id.
    public func requestDeletion(_ aip: UUID) async throws -> Int {
        let body = #"{"event_reason": "r", "pipeline": "\#(UUID())", "user_id": 1, "user_email": "x@y"}"#
        let r = try await client.request("POST", "/api/v2/file/\(aip.uuidString.lowercased())/delete_aip/", body: Data(body.utf8))
        guard r.status == 202, let id = r.object.integer("id") else { throw TestFailure("delete_aip/: \(r.status) \(r.text)") }
        return id
    }
}

extension JSONValue {
    /// The string at `key`, or nil.
    public func text(_ key: String) -> String? {
        if case .string(let s)? = self[key] { return s }
        return nil
    }

    /// The number at `key` as an Int, or nil.
    public func integer(_ key: String) -> Int? {
        if case .number(let n)? = self[key] { return Int(n) }
        return nil
    }

    /// The array at `key`, or empty.
    public func list(_ key: String) -> [JSONValue] {
        if case .array(let a)? = self[key] { return a }
        return []
    }

    /// The object's keys.
    public var keys: Set<String> {
        if case .object(let o) = self { return Set(o.keys) }
        return []
    }
}
