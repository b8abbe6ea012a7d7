import Foundation
import Hummingbird
import PostgresNIO
import QueueKit
import StorageKit

/// `/api/v3/locations`: list, show and add locations, as `ss-cli location` does.
enum V3LocationRoutes {
    static func register(_ routes: RouteTable, _ backend: Backend) {
        routes.get("/api/v3/locations", .read) { request, _ in
            let purpose = try Query(request)["purpose"].map(purposeValue)
            let documents = try await backend.database { db in
                let locations = try await Locations.list(purpose: purpose, on: db, logger: backend.logger)
                let usage = try await Locations.usage(locations.map(\.uuid), on: db, logger: backend.logger)
                return locations.map { LocationDocument($0, usage: usage[$0.uuid] ?? (0, 0)) }
            }
            return try JSONResponse.make(.ok, ["locations": documents])
        }

        routes.get("/api/v3/locations/{id}", .read) { _, context in
            let reference = try checkedText(try context.parameters.require("id"), field: "id")
            return try JSONResponse.make(.ok, try await backend.database { db in try await document(reference, db, backend) })
        }

        routes.post("/api/v3/locations", .admin) { request, _ in
            let body = try await backend.body.json(request, allowEmpty: false)
            guard let name = try body.string("name"), let path = try body.string("path") else {
                throw APIError(.badRequest, "a location needs 'name' and 'path' (and may give 'purpose', 'description', 'removable_source' and 'pipelines')")
            }
            let purpose = try (try body.string("purpose")).map(purposeValue) ?? .aipStorage
            let pipelines = try body.uuids("pipelines")
            let added = try await backend.database { db in
                let location = try await Locations.add(name: name, path: path, purpose: purpose, description: try body.string("description") ?? "",
                                                       removableSource: try body.bool("removable_source") ?? false, pipelines: pipelines,
                                                       policy: backend.locations, requireRoots: true, on: db, logger: backend.logger)
                return try await Self.document(location.uuid.uuidString, db, backend)
            }
            return try JSONResponse.make(.created, added, headers: [.location: "/api/v3/locations/\(added.uuid)"])
        }
    }

    static func document(_ reference: String, _ db: PostgresConnection, _ backend: Backend) async throws -> LocationDocument {
        let location = try await Locations.find(reference, on: db, logger: backend.logger)
        let usage = try await Locations.usage([location.uuid], on: db, logger: backend.logger)
        return LocationDocument(location, usage: usage[location.uuid] ?? (0, 0))
    }

    static func purposeValue(_ text: String) throws -> LocationPurpose {
        guard let purpose = LocationPurpose(rawValue: text) else {
            throw APIError(.badRequest, "unknown purpose '\(text)': one of \(LocationPurpose.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return purpose
    }
}
