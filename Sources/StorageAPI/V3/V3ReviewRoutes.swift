import Foundation
import Hummingbird
import QueueKit
import StorageKit

/// `/api/v3/deletion-requests` and `/api/v3/pipelines`: what `ss-cli aip delete-requests`
/// and `ss-cli pipeline` do, for clients without a shell.
enum V3ReviewRoutes {
    static func register(_ routes: RouteTable, _ backend: Backend) {
        routes.get("/api/v3/deletion-requests", .read) { request, _ in
            let text = try Query(request)["status"] ?? "pending"
            var status: DeletionRequest.Status?
            if text != "all" {
                guard let s = DeletionRequest.Status(rawValue: text) else {
                    throw APIError(.badRequest, "unknown status '\(text)': pending, approved, rejected or all")
                }
                status = s
            }
            let requests = try await backend.database { db in try await DeletionRequests.list(status: status, on: db, logger: backend.logger) }
            return try JSONResponse.make(.ok, ["deletion_requests": requests.map(DeletionRequestDocument.init)])
        }

        routes.post("/api/v3/deletion-requests/{id}/approve", .review) { request, context in
            let id = try requestID(context)
            let reason = try await backend.body.json(request).string("reason") ?? ""
            let job = try await backend.database { db in
                let decided = try await DeletionRequests.approve(id, by: "\(context.user) (api)", reason: reason,
                                                                 requests: backend.requests(context), on: db)
                guard let job = decided.job else { throw APIError(.internalServerError, "approved without a job") }
                return try await backend.queue.get(job, on: db)
            }
            return try V3JobRoutes.accepted(job)
        }

        routes.post("/api/v3/deletion-requests/{id}/reject", .review) { request, context in
            let id = try requestID(context)
            guard let reason = try await backend.body.json(request).string("reason"), !reason.isEmpty else {
                throw APIError(.badRequest, "a rejection needs a 'reason'")
            }
            let decided = try await backend.database { db in
                try await DeletionRequests.reject(id, by: "\(context.user) (api)", reason: reason, on: db, logger: backend.logger)
            }
            return try JSONResponse.make(.ok, DeletionRequestDocument(decided))
        }

        routes.get("/api/v3/pipelines", .read) { _, _ in
            let pipelines = try await backend.database { db in try await Pipelines.list(on: db, logger: backend.logger) }
            return try JSONResponse.make(.ok, ["pipelines": pipelines])
        }

        routes.post("/api/v3/pipelines", .admin) { request, _ in
            let body = try await backend.body.json(request, allowEmpty: false)
            guard let uuid = try body.uuid("uuid") else { throw APIError(.badRequest, "a pipeline needs its 'uuid'") }
            let pipeline = try await backend.database { db in
                try await Pipelines.add(uuid, description: try body.string("description") ?? "", remoteName: try body.string("remote_name") ?? "",
                                        on: db, logger: backend.logger)
            }
            return try JSONResponse.make(.created, pipeline)
        }
    }

    static func requestID(_ context: APIContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text) else { throw APIError(.badRequest, "'\(text)' is not a deletion request id (an integer)") }
        return id
    }
}
