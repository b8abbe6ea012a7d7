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
            // A type or status no package has, known or not, matches nothing, as a Tastypie
            // filter does; `__in` takes a comma-separated list (automation-tools sends
            // `status__in=UPLOADED,VERIFIED`).
            var filter = PackageQuery(limit: page.limit, offset: page.offset)
            filter.uuid = try query.uuid("uuid")
            filter.archivematicaStatuses = query.values(of: "status")
            filter.types = query.values(of: "package_type")
            if let location = query["current_location"] ?? query["current_location__uuid"] {
                guard let uuid = V2FileRoutes.uuid(inReference: location) else {
                    throw APIError(.badRequest, "'current_location' is not a location UUID or URI: '\(location)'")
                }
                filter.location = uuid
            }
            let (objects, total) = try await backend.database { db in
                let (packages, total) = try await Packages.page(filter, on: db, logger: backend.logger)
                let related = try await Packages.related(packages.map(\.0.uuid), on: db, logger: backend.logger)
                let copies = try await Copies.lists(packages.map(\.0.uuid), on: db, logger: backend.logger)
                return (packages.map { V2.package($0.0, status: $0.1, related: related[$0.0.uuid] ?? [], replicas: copies[$0.0.uuid] ?? []) }, total)
            }
            return JSONResponse.json(.ok, page.list(objects, total: total))
        }

        routes.get("/api/v2/file/{uuid}/", .read) { _, context in
            let uuid = try uuidParameter(context, what: "package")
            return JSONResponse.json(.ok, try await backend.database { db in try await package(uuid, db, backend) })
        }

        // Stores an AIP as a durable job and answers when it has ended, as Archivematica
        // expects of this call (it waits up to a day).
        routes.post("/api/v2/file/", .submit) { request, context in
            let (operation, uuid, description) = try await storeOperation(request, backend)
            let id = try await backend.database { db in try await submit(operation, uuid, description, context, db, backend) }
            let job = try await backend.finished(id)
            guard job.state == .succeeded else {
                throw APIError(.internalServerError, "storing AIP \(uuid.uuidString.lowercased()) failed: \(V2.errorMessage(job)) (job \(id.uuidString.lowercased()))")
            }
            let body = try await backend.database { db in try await package(uuid, db, backend) }
            return JSONResponse.json(.created, body, headers: [.location: V2.uri("file", uuid)])
        }

        routes.post("/api/v2/file/async/", .submit) { request, context in
            let (operation, uuid, description) = try await storeOperation(request, backend)
            let asyncID = try await backend.database { db in
                let job = try await submit(operation, uuid, description, context, db, backend)
                return try await AsyncTasks.id(for: job, on: db, logger: backend.logger)
            }
            return Response(status: .accepted, headers: [.location: V2.uri("async", "\(asyncID)")])
        }
    }

    /// A package, or a replica of one (a copy, by its own UUID).
    static func package(_ uuid: UUID, _ db: PostgresConnection, _ backend: Backend) async throws -> JSONValue {
        let logger = backend.logger
        let (found, _) = try await Packages.page(PackageQuery(uuid: uuid, limit: 1), on: db, logger: logger)
        guard let (package, status) = found.first else {
            guard let copy = try await Copies.find(uuid, on: db, logger: logger) else { throw APIError(.notFound, "no package \(uuid.uuidString.lowercased())") }
            return V2.replica(copy, of: try await Packages.get(copy.package, on: db, logger: logger))
        }
        return V2.package(package, status: status, related: try await Packages.related([uuid], on: db, logger: logger)[uuid] ?? [],
                          replicas: try await Copies.list(uuid, on: db, logger: logger))
    }

    /// The store's job, and what the pipeline said of the package, in one transaction.
    static func submit(_ operation: AIPOperation, _ uuid: UUID, _ description: PackageDescription, _ context: APIContext,
                       _ db: PostgresConnection, _ backend: Backend) async throws -> UUID {
        try await db.transaction(logger: backend.logger) { tx in
            let job = try await backend.requests(context).submit(operation, within: tx)
            try await Packages.describe(uuid, description, on: tx, logger: backend.logger)
            return job
        }
    }

    /// A store as Archivematica's MCPClient asks for it: `origin_location` and
    /// `current_location` as URIs, `origin_path` inside the origin, and the AIP's `uuid`;
    /// with what it says of the package (`PackageDescription`).
    static func storeOperation(_ request: Request, _ backend: Backend) async throws -> (AIPOperation, UUID, PackageDescription) {
        let body = try await backend.body.json(request, allowEmpty: false)
        guard let uuid = try body.uuid("uuid"), let origin = try body.string("origin_location"),
              let path = try body.string("origin_path"), let current = try body.string("current_location") else {
            throw APIError(.badRequest, "a store needs 'uuid', 'origin_location', 'origin_path' and 'current_location'")
        }
        let (from, to) = try await backend.database { db in
            (try await location(origin, db, backend), try await location(current, db, backend))
        }
        let relative = path.hasSuffix("/") ? String(path.dropLast()) : path
        let description = try description(body)
        return (.store(path: relative, from: from, to: to, uuid: uuid, removeSource: false, type: description.type), uuid, description)
    }

    /// `package_type` (AIP, AIC, DIP or transfer), `origin_pipeline` (a URI), `related_package_uuid`,
    /// `misc_attributes`, and the PREMIS `events` and `agents`.
    static func description(_ body: JSONValue) throws -> PackageDescription {
        let typeName = try body.string("package_type") ?? "AIP"
        guard let type = PackageType(named: typeName) else {
            throw APIError(.badRequest, "ss stores AIPs, AICs, DIPs and transfers, not package_type '\(typeName)'")
        }
        var d = PackageDescription(type: type)
        if let pipeline = try body.string("origin_pipeline") {
            guard let uuid = uuid(inReference: pipeline) else { throw APIError(.badRequest, "'origin_pipeline' is not a pipeline URI: '\(pipeline)'") }
            d.originPipeline = uuid
        }
        if let related = try body.uuid("related_package_uuid") { d.related = [related] }
        switch body["misc_attributes"] {
        case nil, .null?: break
        case .object(let o)?: d.miscAttributes = .object(o)
        default: throw APIError(.badRequest, "'misc_attributes' must be an object")
        }
        var premis: [String: JSONValue] = [:]
        for key in ["events", "agents"] {
            switch body[key] {
            case nil, .null?: break
            case .array(let items)? where !items.isEmpty: premis[key] = .array(items)
            case .array?: break
            default: throw APIError(.badRequest, "'\(key)' must be an array")
            }
        }
        if !premis.isEmpty { d.premis = .object(premis) }
        return d
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
