import Foundation
import Hummingbird
import QueueKit
import StorageKit

/// `/api/v2/async/<id>/`: the Storage Service's task resource, backed by the job table,
/// so it survives restarts and is never reaped while its job runs.
enum V2AsyncRoutes {
    static func register(_ routes: RouteTable, _ backend: Backend) {
        routes.get("/api/v2/async/{id}/", .read) { _, context in
            let text = try context.parameters.require("id")
            guard let id = Int64(text) else { throw APIError(.notFound, "no async task '\(text)'") }
            let document = try await backend.database { db -> JSONValue in
                let job = try await backend.queue.get(try await AsyncTasks.job(id, on: db, logger: backend.logger), on: db)
                var result: JSONValue?
                if job.state == .succeeded {
                    switch job.kind {
                    case StoreHandler.kind: if let uuid = job.packageUUID { result = try await V2FileRoutes.package(uuid, db, backend) }
                    case MoveHandler.kind: result = "Package moved successfully"
                    case CopyFilesHandler.kind: result = "Files moved successfully"
                    default: result = job.result
                    }
                }
                return V2.async(id: id, job: job, result: result)
            }
            return JSONResponse.json(.ok, document)
        }
    }
}
