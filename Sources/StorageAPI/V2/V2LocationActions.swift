import Foundation
import Hummingbird
import NIOPosix
import QueueKit
import StorageKit

/// What a pipeline does with a location beyond reading it: browse one of its directories.
enum V2LocationActions {
    static func register(_ routes: RouteTable, _ backend: Backend) {
        // v2 speaks base64 both ways: the `path` asked for and every name answered.
        routes.get("/api/v2/location/{uuid}/browse/", .read) { request, context in
            let uuid = try uuidParameter(context, what: "location")
            let encoded = try Query(request)["path"] ?? ""
            // A "+" sent unencoded arrives as a space, which base64 never holds.
            guard let data = Data(base64Encoded: encoded.replacingOccurrences(of: " ", with: "+")), let path = String(data: data, encoding: .utf8) else {
                throw APIError(.badRequest, "'path' must be base64 of a UTF-8 path")
            }
            let location = try await backend.database { db in try await Locations.get(uuid, on: db, logger: backend.logger) }
            let listing = try await NIOThreadPool.singleton.runIfActive { try DirectoryListing.read(try checkedText(path, field: "path"), in: location) }
            return JSONResponse.json(.ok, V2.browse(listing))
        }
    }
}

extension V2 {
    /// The Storage Service's browse answer: `entries` and `directories` (a subset) as
    /// base64 names, and `properties` by base64 name: a file's `size`, a directory's
    /// `object count` (a number, or `"5000+"`).
    static func browse(_ listing: DirectoryListing) -> JSONValue {
        let b64 = { (name: String) in Data(name.utf8).base64EncodedString() }
        var properties: [String: JSONValue] = [:]
        for e in listing.entries {
            if let size = e.size { properties[b64(e.name)] = ["size": .number(Double(size))] }
            if let count = e.objectCount {
                properties[b64(e.name)] = ["object count": count >= DirectoryListing.countLimit ? .string("\(count)+") : .number(Double(count))]
            }
        }
        return [
            "entries": .array(listing.entries.map { .string(b64($0.name)) }),
            "directories": .array(listing.entries.filter(\.isDirectory).map { .string(b64($0.name)) }),
            "properties": .object(properties),
        ]
    }
}
