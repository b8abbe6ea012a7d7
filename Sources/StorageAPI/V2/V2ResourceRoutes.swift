import Foundation
import Hummingbird
import PostgresNIO
import QueueKit
import StorageKit

/// `/api/v2/location/`, `/space/` and `/pipeline/` in the Storage Service's shapes, and the
/// registration of a pipeline.
enum V2ResourceRoutes {
    static func register(_ routes: RouteTable, _ backend: Backend) {
        routes.get("/api/v2/location/", .read) { request, _ in
            let page = try Tastypie(request)
            let query = page.query
            // A code no location has, known or not, matches nothing, as a Tastypie filter
            // does: a pipeline asks for its CP location and reads `objects` whatever it gets.
            let code = query["purpose"]
            let purpose = code.flatMap(V2.purpose(code:))
            let objects = try await backend.database { db -> [JSONValue] in
                if code != nil && purpose == nil { return [] }
                let pipelines = try await Pipelines.list(on: db, logger: backend.logger)
                let pipeline = try query.uuid("pipeline__uuid")
                if let pipeline, !pipelines.contains(where: { $0.uuid == pipeline }) { return [] }
                var locations = try await Locations.list(purpose: purpose, pipeline: pipeline, on: db, logger: backend.logger)
                if let uuid = try query.uuid("uuid") { locations = locations.filter { $0.uuid == uuid } }
                if let space = try query.uuid("space") ?? query.uuid("space__uuid") { locations = locations.filter { $0.spaceUUID == space } }
                if let relative = query["relative_path"] { locations = locations.filter { $0.path.drop { $0 == "/" } == relative.drop { $0 == "/" } } }
                return try await documents(locations, pipelines, db, backend)
            }
            return JSONResponse.json(.ok, page.list(all: objects))
        }

        // amclient's `create_location`: a location in the one space, for the pipelines
        // named (none: every pipeline), inside `location_roots`. ss names it after its
        // purpose; its default location of a purpose is its oldest, so `default` says nothing.
        routes.post("/api/v2/location/", .admin) { request, _ in
            let body = try await backend.body.json(request, allowEmpty: false)
            guard let code = try body.string("purpose"), let relative = try body.string("relative_path") else {
                throw APIError(.badRequest, "a location needs 'purpose' and 'relative_path' (and may give 'description', 'pipeline' and 'space')")
            }
            guard let purpose = V2.purpose(code: code) else {
                throw APIError(.badRequest, "unknown purpose '\(code)': one of \(LocationPurpose.allCases.map(V2.purpose).joined(separator: ", "))")
            }
            if let space = try body.string("space"), V2FileRoutes.uuid(inReference: space) != FilesystemSpace.defaultUUID {
                throw APIError(.badRequest, "no space '\(space)': ss has one, \(V2.uri("space", FilesystemSpace.defaultUUID))")
            }
            let pipelines = try V2.references(body["pipeline"], to: "pipeline")
            let (location, document) = try await backend.database { db in
                let location = try await Locations.add(
                    name: "\(purpose.rawValue)-\(UUID().uuidString.lowercased().prefix(8))", path: "/" + relative.drop { $0 == "/" },
                    purpose: purpose, description: try body.string("description") ?? "", pipelines: pipelines,
                    policy: backend.locations, requireRoots: true, on: db, logger: backend.logger)
                return (location, try await documents([location], try await Pipelines.list(on: db, logger: backend.logger), db, backend)[0])
            }
            return JSONResponse.json(.created, document, headers: [.location: V2.uri("location", location.uuid)])
        }

        routes.get("/api/v2/location/{uuid}/", .read) { _, context in
            let uuid = try uuidParameter(context, what: "location")
            let document = try await backend.database { db in
                try await documents([try await Locations.get(uuid, on: db, logger: backend.logger)],
                                    try await Pipelines.list(on: db, logger: backend.logger), db, backend)[0]
            }
            return JSONResponse.json(.ok, document)
        }

        // The first location of a purpose (ss has no other notion of a default one).
        routes.get("/api/v2/location/default/{purpose}/", .read) { _, context in
            let code = try context.parameters.require("purpose")
            let location = try await backend.database { db in try await defaultLocation(code, db, backend) }
            return Response(status: .found, headers: [.location: V2.uri("location", location.uuid)])
        }

        routes.get("/api/v2/space/", .read) { request, _ in
            let page = try Tastypie(request)
            let spaces = try await backend.database { db in try await Locations.spaces(on: db, logger: backend.logger) }
            let uuid = try page.query.uuid("uuid")
            return JSONResponse.json(.ok, page.list(all: spaces.filter { uuid == nil || $0.uuid == uuid }.map(V2.space)))
        }

        routes.get("/api/v2/space/{uuid}/", .read) { _, context in
            let uuid = try uuidParameter(context, what: "space")
            let spaces = try await backend.database { db in try await Locations.spaces(on: db, logger: backend.logger) }
            guard let space = spaces.first(where: { $0.uuid == uuid }) else { throw APIError(.notFound, "no space \(uuid.uuidString.lowercased())") }
            return JSONResponse.json(.ok, V2.space(space))
        }

        routes.get("/api/v2/pipeline/", .read) { request, _ in
            let page = try Tastypie(request)
            let uuid = try page.query.uuid("uuid")
            let pipelines = try await backend.database { db in try await Pipelines.list(on: db, logger: backend.logger) }
            return JSONResponse.json(.ok, page.list(all: pipelines.filter { uuid == nil || $0.uuid == uuid }.map(V2.pipeline)))
        }

        routes.get("/api/v2/pipeline/{uuid}/", .read) { _, context in
            let uuid = try uuidParameter(context, what: "pipeline")
            return JSONResponse.json(.ok, V2.pipeline(try await backend.database { db in try await Pipelines.get(uuid, on: db, logger: backend.logger) }))
        }

        // Archivematica's installer registers its pipeline so; `shared_path` counts only
        // with `create_default_locations`, as in the Storage Service.
        routes.post("/api/v2/pipeline/", .admin) { request, context in
            let body = try await backend.body.json(request, allowEmpty: false)
            guard let uuid = try body.uuid("uuid") else { throw APIError(.badRequest, "a pipeline needs its 'uuid'") }
            let defaults = try body.bool("create_default_locations") ?? false
            let registration = PipelineRegistration(
                uuid: uuid, description: try body.string("description") ?? "",
                remoteName: try body.string("remote_name") ?? context.remoteAddress ?? "",
                credentials: PipelineCredentials(username: try body.string("api_username") ?? "", key: try body.string("api_key") ?? ""),
                sharedPath: defaults ? try body.string("shared_path") ?? PipelineRegistration.defaultSharedPath : nil,
                createDefaultLocations: defaults)
            let outcome = try await backend.database { db in
                try await registration.register(policy: backend.locations, requireRoots: true, on: db, logger: backend.logger)
            }
            return JSONResponse.json(.created, V2.pipeline(outcome.pipeline), headers: [.location: V2.uri("pipeline", uuid)])
        }
    }

    static func documents(_ locations: [Location], _ pipelines: [Pipeline], _ db: PostgresConnection, _ backend: Backend) async throws -> [JSONValue] {
        let usage = try await Locations.usage(locations.map(\.uuid), on: db, logger: backend.logger)
        return locations.map { V2.location($0, used: usage[$0.uuid]?.bytes ?? 0, pipelines: pipelines) }
    }

    static func defaultLocation(_ code: String, _ db: PostgresConnection, _ backend: Backend) async throws -> Location {
        guard let purpose = V2.purpose(code: code) else { throw APIError(.notFound, "no default location for purpose '\(code)'") }
        guard let location = try await Locations.list(purpose: purpose, on: db, logger: backend.logger).min(by: { $0.createdAt < $1.createdAt }) else {
            throw APIError(.notFound, "no location has the purpose \(code) (\(purpose.rawValue))")
        }
        return location
    }
}
