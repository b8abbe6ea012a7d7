import Foundation
import Hummingbird
import PostgresNIO
import QueueKit
import StorageKit

/// `/api/v2/file/`: AIPs as Archivematica's Storage Service lists, shows and stores them.
enum V2FileRoutes {
    static func register(_ routes: RouteTable, _ backend: Backend) {
        routes.get("/api/v2/file/", .read) { request, _ in
            let page = try Tastypie(request)
            let query = page.query
            // Only AIPs are stored here: asking for DIPs or transfers finds none; and a status
            // no package has, known or not, matches nothing, as a Tastypie filter does.
            if let type = query["package_type"], !["AIP", "AIC"].contains(type.uppercased()) {
                return JSONResponse.json(.ok, page.list([], total: 0))
            }
            if let status = query["status"], !PackageQuery.archivematicaStatuses.contains(status) {
                return JSONResponse.json(.ok, page.list([], total: 0))
            }
            var filter = PackageQuery(limit: page.limit, offset: page.offset)
            filter.uuid = try query.uuid("uuid")
            if let status = query["status"] { filter.archivematicaStatuses = [status] }
            if let location = query["current_location"] ?? query["current_location__uuid"] {
                guard let uuid = V2FileRoutes.uuid(inReference: location) else {
                    throw APIError(.badRequest, "'current_location' is not a location UUID or URI: '\(location)'")
                }
                filter.location = uuid
            }
            let (packages, total) = try await backend.database { db in try await Packages.page(filter, on: db, logger: backend.logger) }
            return JSONResponse.json(.ok, page.list(packages.map { V2.package($0.0, status: $0.1) }, total: total))
        }

        routes.get("/api/v2/file/{uuid}/", .read) { _, context in
            let uuid = try uuidParameter(context, what: "package")
            return JSONResponse.json(.ok, try await backend.database { db in try await package(uuid, db, backend) })
        }

        // Stores an AIP as a durable job and answers when it has ended, as Archivematica
        // expects of this call (it waits up to a day).
        routes.post("/api/v2/file/", .submit) { request, context in
            let (operation, uuid) = try await storeOperation(request, backend)
            let id = try await backend.database { db in try await backend.requests(context).submit(operation, on: db) }
            let job = try await backend.finished(id)
            guard job.state == .succeeded else {
                throw APIError(.internalServerError, "storing AIP \(uuid.uuidString.lowercased()) failed: \(V2.errorMessage(job)) (job \(id.uuidString.lowercased()))")
            }
            let body = try await backend.database { db in try await package(uuid, db, backend) }
            return JSONResponse.json(.created, body, headers: [.location: V2.uri("file", uuid)])
        }

        routes.post("/api/v2/file/async/", .submit) { request, context in
            let (operation, _) = try await storeOperation(request, backend)
            let asyncID = try await backend.database { db in
                let job = try await backend.requests(context).submit(operation, on: db)
                return try await AsyncTasks.id(for: job, on: db, logger: backend.logger)
            }
            return Response(status: .accepted, headers: [.location: V2.uri("async", "\(asyncID)")])
        }
    }

    static func package(_ uuid: UUID, _ db: PostgresConnection, _ backend: Backend) async throws -> JSONValue {
        let (found, _) = try await Packages.page(PackageQuery(uuid: uuid, limit: 1), on: db, logger: backend.logger)
        guard let (package, status) = found.first else { throw APIError(.notFound, "no package \(uuid.uuidString.lowercased())") }
        return V2.package(package, status: status)
    }

    /// A store as Archivematica's MCPClient asks for it: `origin_location` and
    /// `current_location` as URIs, `origin_path` inside the origin, and the AIP's `uuid`.
    static func storeOperation(_ request: Request, _ backend: Backend) async throws -> (AIPOperation, UUID) {
        let body = try await backend.body.json(request, allowEmpty: false)
        guard let uuid = try body.uuid("uuid"), let origin = try body.string("origin_location"),
              let path = try body.string("origin_path"), let current = try body.string("current_location") else {
            throw APIError(.badRequest, "a store needs 'uuid', 'origin_location', 'origin_path' and 'current_location'")
        }
        let type = try body.string("package_type") ?? "AIP"
        guard ["AIP", "AIC"].contains(type.uppercased()) else {
            throw APIError(.badRequest, "ss stores AIPs and AICs only, not package_type '\(type)'")
        }
        let (from, to) = try await backend.database { db in
            (try await location(origin, db, backend), try await location(current, db, backend))
        }
        let relative = path.hasSuffix("/") ? String(path.dropLast()) : path
        return (.store(path: relative, from: from, to: to, uuid: uuid, removeSource: false), uuid)
    }

    /// A location reference as clients give it: a URI, `/api/v2/location/default/AS/`, or a UUID.
    static func location(_ reference: String, _ db: PostgresConnection, _ backend: Backend) async throws -> String {
        let parts = reference.split(separator: "/")
        if let i = parts.firstIndex(of: "default"), i + 1 < parts.count {
            return try await V2ResourceRoutes.defaultLocation(String(parts[i + 1]), db, backend).uuid.uuidString
        }
        guard let uuid = uuid(inReference: reference) else {
            throw APIError(.badRequest, "not a location URI: '\(reference)' (expected /api/v2/location/<uuid>/)")
        }
        return uuid.uuidString
    }

    /// The UUID in `/api/v2/<resource>/<uuid>/`, or a bare UUID.
    static func uuid(inReference text: String) -> UUID? {
        UUID(uuidString: text) ?? text.split(separator: "/").last.flatMap { UUID(uuidString: String($0)) }
    }
}
