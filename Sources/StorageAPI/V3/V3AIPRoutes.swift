import Foundation
import HTTPTypes
import Hummingbird
import QueueKit
import StorageKit

/// `/api/v3/aips`: every AIP operation of `ss-cli aip`, each answered at once with `202
/// Accepted`, the job document and `Location: /api/v3/jobs/<id>`.
enum V3AIPRoutes {
    static func register(_ routes: RouteTable, _ backend: Backend) {
        routes.post("/api/v3/aips", .submit) { request, context in
            let body = try await backend.body.json(request, allowEmpty: false)
            guard let path = try body.string("path"), let from = try body.string("from"), let to = try body.string("to") else {
                throw APIError(.badRequest, "a store needs 'path', 'from' and 'to' (the path inside the 'from' location, and two location names or UUIDs)")
            }
            let operation = AIPOperation.store(path: path, from: from, to: to, uuid: try body.uuid("uuid"),
                                               removeSource: try body.bool("remove_source") ?? false)
            return try await submit(operation, body, request, context, backend)
        }

        routes.post("/api/v3/aips/{uuid}/move", .submit) { request, context in
            let uuid = try uuidParameter(context, what: "AIP")
            let body = try await backend.body.json(request, allowEmpty: false)
            guard let to = try body.string("to") else { throw APIError(.badRequest, "a move needs 'to': a location name or UUID") }
            return try await submit(.move(uuid, to: to), body, request, context, backend)
        }

        routes.post("/api/v3/aips/{uuid}/delete", .admin) { request, context in
            let uuid = try uuidParameter(context, what: "AIP")
            let body = try await backend.body.json(request, allowEmpty: false)
            guard let reason = try body.string("reason"), !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw APIError(.badRequest, "a delete needs a 'reason', which goes into the AIP's history")
            }
            return try await submit(.delete(uuid, reason: reason), body, request, context, backend)
        }

        routes.post("/api/v3/aips/{uuid}/fixity", .submit) { request, context in
            let uuid = try uuidParameter(context, what: "AIP")
            return try await submit(.fixity(uuid), try await backend.body.json(request), request, context, backend)
        }

        routes.get("/api/v3/aips", .read) { request, _ in
            let query = try Query(request)
            let limit = try query.int("limit", default: 1000, range: 1...100_000)
            var status: PackageStatus?
            if let text = query["status"] {
                guard let s = PackageStatus(rawValue: text) else {
                    throw APIError(.badRequest, "unknown status '\(text)': one of \(PackageStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                status = s
            }
            let aips = try await backend.database { db in
                var location: UUID?
                if let reference = query["location"] { location = try await Locations.find(reference, on: db, logger: backend.logger).uuid }
                return try await Packages.list(location: location, status: status, limit: limit, on: db, logger: backend.logger)
            }
            return try JSONResponse.make(.ok, ["aips": aips.map { AIPDocument($0, events: nil) }])
        }

        routes.get("/api/v3/aips/{uuid}", .read) { _, context in
            let uuid = try uuidParameter(context, what: "AIP")
            let document = try await backend.database { db in
                AIPDocument(try await Packages.get(uuid, on: db, logger: backend.logger),
                            events: try await Packages.events(uuid, on: db, logger: backend.logger))
            }
            return try JSONResponse.make(.ok, document)
        }
    }

    /// Submits one operation with the body's `priority` and `queue` and the request's
    /// `Idempotency-Key`, and answers 202 with the job.
    static func submit(_ operation: AIPOperation, _ body: JSONValue, _ request: Request, _ context: APIContext, _ backend: Backend) async throws -> Response {
        let options = try submitOptions(body, request)
        let job = try await backend.database { db in
            let id = try await backend.requests(context).submit(operation, options: options, on: db)
            return try await backend.queue.get(id, on: db)
        }
        return try V3JobRoutes.accepted(job)
    }

    static func submitOptions(_ body: JSONValue, _ request: Request) throws -> SubmitOptions {
        var options = SubmitOptions()
        options.priority = try body.int("priority") ?? 0
        options.queue = try body.string("queue") ?? "default"
        if let key = request.headers[.idempotencyKey] {
            guard !key.isEmpty, key.count <= 200 else { throw APIError(.badRequest, "the Idempotency-Key header must have 1 to 200 characters") }
            options.idempotencyKey = key
        }
        return options
    }
}
