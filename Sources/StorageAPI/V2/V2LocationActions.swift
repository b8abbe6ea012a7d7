import Foundation
import Hummingbird
import NIOPosix
import QueueKit
import StorageKit

/// What a pipeline does with a location beyond reading it: browse one of its
/// directories, and copy files into its shared directory.
enum V2LocationActions {
    static func register(_ routes: RouteTable, _ backend: Backend) {
        // Archivematica copies a transfer into its shared directory so before it starts
        // it, and waits for the answer (a day, at most).
        routes.post("/api/v2/location/{uuid}/", .submit) { request, context in
            let id = try await submitCopy(request, context, backend)
            let job = try await backend.finished(id)
            guard job.state == .succeeded else {
                return JSONResponse.json(.internalServerError, [
                    "error": true, "message": .string("copying the files failed: \(V2.errorMessage(job)) (job \(id.uuidString.lowercased()))"),
                ])
            }
            return JSONResponse.json(.ok, ["error": .null, "message": "Files moved successfully"])
        }

        routes.post("/api/v2/location/{uuid}/async/", .submit) { request, context in
            let id = try await submitCopy(request, context, backend)
            let asyncID = try await backend.database { db in try await AsyncTasks.id(for: id, on: db, logger: backend.logger) }
            return Response(status: .accepted, headers: [.location: V2.uri("async", "\(asyncID)")])
        }

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

extension V2LocationActions {
    /// `{origin_location, pipeline, files: [{source, destination}]}` into the location
    /// of the path, as the Storage Service takes it; the copy's job id.
    static func submitCopy(_ request: Request, _ context: APIContext, _ backend: Backend) async throws -> UUID {
        let destination = try uuidParameter(context, what: "location")
        let body = try await backend.body.json(request, allowEmpty: false)
        guard let origin = try body.string("origin_location"), let pipeline = try body.string("pipeline"),
              case .array(let items)? = body["files"] else {
            throw APIError(.badRequest, "a copy needs 'origin_location', 'pipeline' and 'files' ([{source, destination}])")
        }
        let files = try items.map { item in
            guard let source = try item.string("source"), let target = try item.string("destination") else {
                throw APIError(.badRequest, "each of 'files' needs 'source' and 'destination'")
            }
            return FileCopy(source: source, destination: target)
        }
        guard let from = V2FileRoutes.uuid(inReference: origin) else {
            throw APIError(.notFound, "the URL provided '\(origin)' was not a link to a valid Location")
        }
        guard let pipelineUUID = V2FileRoutes.uuid(inReference: pipeline) else {
            throw APIError(.badRequest, "'pipeline' is not a pipeline URI: '\(pipeline)'")
        }
        let copy = CopyFilesRequest(origin: from.uuidString, destination: destination.uuidString, files: files, pipeline: pipelineUUID)
        return try await backend.database { db in
            try await copy.submit(queue: backend.queue, actor: "\(context.user) (api)", submitter: context.user, on: db)
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
