import Foundation
import Hummingbird
import PostgresNIO
import QueueKit
import StorageKit

/// The Storage Service's actions on one AIP: move, request and review deletion, check
/// fixity. Each is a durable job; move answers at once (202 and an `async/` URI), the
/// fixity check waits for its job as Storage Service clients expect.
enum V2FileActions {
    static func register(_ routes: RouteTable, _ backend: Backend) {
        routes.post("/api/v2/file/{uuid}/move/", .submit) { request, context in
            let uuid = try uuidParameter(context, what: "package")
            let form = try await backend.body.form(request)
            guard let target = form["location_uuid"], !target.isEmpty else {
                throw APIError.storageService(.badRequest, "All of these fields must be provided: location_uuid")
            }
            let asyncID = try await backend.database { db in
                let (packages, _) = try await Packages.page(PackageQuery(uuid: uuid, limit: 1), on: db, logger: backend.logger)
                guard let (package, status) = packages.first else { throw APIError(.notFound, "no package \(uuid.uuidString.lowercased())") }
                guard status == "UPLOADED" else {
                    throw APIError.storageService(.badRequest, "The file must be in an UPLOADED state to be moved. Current state: \(status)")
                }
                let location: Location
                do {
                    location = try await Locations.find(target, on: db, logger: backend.logger)
                } catch let error as QueueError where error.code == .notFound {
                    throw APIError.storageService(.badRequest, "Location UUID \(target) failed to return a location")
                }
                guard location.uuid != package.locationUUID else {
                    throw APIError.storageService(.badRequest, "New location must be different to the current location")
                }
                let job: UUID
                do {
                    job = try await backend.requests(context).move(uuid, to: location.uuid.uuidString, on: db)
                } catch let error as QueueError {
                    throw APIError.storageService(.badRequest, error.message)
                }
                return try await AsyncTasks.id(for: job, on: db, logger: backend.logger)
            }
            return Response(status: .accepted, headers: [.location: V2.uri("async", "\(asyncID)")])
        }

        routes.post("/api/v2/file/{uuid}/delete_aip/", .submit) { request, context in
            try await askFor(.delete, request, context, backend)
        }

        // A request to recover the AIP from its copy in the recovery location of its
        // pipeline; a person approves it (`ss-cli aip recover-requests`), as in the
        // Storage Service's own pages.
        routes.post("/api/v2/file/{uuid}/recover_aip/", .submit) { request, context in
            try await askFor(.recover, request, context, backend)
        }

        routes.post("/api/v2/file/{uuid}/review_aip_deletion/", .review) { request, context in
            let uuid = try uuidParameter(context, what: "package")
            let body = try await backend.body.json(request)
            guard let event = try body.int("event_id"), let decision = try body.string("decision")?.lowercased(),
                  ["approve", "reject"].contains(decision) else {
                throw APIError(.badRequest, "give 'event_id' (the deletion request's id) and 'decision' (approve or reject)",
                               body: ["error_message": "give 'event_id' and 'decision' (approve or reject)"])
            }
            let reason = try body.string("reason") ?? ""
            let actor = "\(context.user) (api)"
            let decided = try await backend.database { db -> DeletionRequest in
                let pending = try await DeletionRequests.list(package: uuid, on: db, logger: backend.logger)
                guard pending.contains(where: { $0.id == Int64(event) }) else {
                    throw APIError(.notFound, "no deletion request \(event) for package \(uuid.uuidString.lowercased())",
                                   body: ["error_message": .string("No deletion request \(event) for this package.")])
                }
                do {
                    return decision == "approve"
                        ? try await DeletionRequests.approve(Int64(event), by: actor, reason: reason, requests: backend.requests(context), on: db)
                        : try await DeletionRequests.reject(Int64(event), by: actor, reason: reason, on: db, logger: backend.logger)
                } catch let error as StorageError where error.code == .notPending {
                    throw APIError(.badRequest, error.message, body: ["error_message": "This request is not pending review."])
                } catch let error as QueueError where error.code == .conflict {
                    // The delete cannot be submitted (the AIP is moving, say): the request stays pending.
                    throw APIError(.conflict, error.message, body: ["error_message": .string(error.message)])
                }
            }
            guard let job = decided.job else { return JSONResponse.json(.ok, ["message": "Request rejected, package still stored."]) }
            let id = job.uuidString.lowercased()
            return JSONResponse.json(.ok, ["message": .string("Request approved: the package is being deleted by job \(id)."), "job_id": .string(id)],
                                 headers: [.location: "/api/v3/jobs/\(id)"])
        }

        // Archivematica's post-store hook. ss has no callbacks to send, which the Storage
        // Service answers with 204; an unknown package is a 404.
        routes.get("/api/v2/file/{uuid}/send_callback/post_store/", .read) { _, context in
            let uuid = try uuidParameter(context, what: "package")
            _ = try await backend.database { db in try await Packages.get(uuid, on: db, logger: backend.logger) }
            return Response(status: .noContent)
        }

        // The dashboard's "Re-ingest", amclient's `reingest_aip`: held until the AIP is in
        // the pipeline's shared directory and the pipeline has said yes.
        routes.post("/api/v2/file/{uuid}/reingest/", .submit) { request, context in
            let uuid = try uuidParameter(context, what: "package")
            let body = try await backend.body.json(request)
            guard let pipelineText = try body.string("pipeline"), let word = try body.string("reingest_type") else {
                throw reingestError(.badRequest, "All of these fields must be provided: pipeline, reingest_type")
            }
            guard let type = ReingestType(word: word) else {
                throw reingestError(.badRequest, "reingest_type must be one of \(ReingestType.allCases.map(\.rawValue).joined(separator: ", ")), not '\(word)'")
            }
            let config = try body.string("processing_config") ?? "default"
            let id: UUID
            do {
                id = try await backend.database { db in
                    guard let pipeline = V2FileRoutes.uuid(inReference: pipelineText),
                          (try? await Pipelines.get(pipeline, on: db, logger: backend.logger)) != nil else {
                        throw reingestError(.badRequest, "Pipeline UUID \(pipelineText) failed to return a pipeline")
                    }
                    let reingest = ReingestRequest(package: uuid, pipeline: pipeline, type: type, processingConfiguration: config)
                    return try await reingest.submit(queue: backend.queue, actor: "\(context.user) (api)", submitter: context.user, on: db)
                }
            } catch let error as APIError {
                throw error
            } catch {
                let e = APIError.from(error)
                throw reingestError(e.status, e.message)
            }
            let job = try await backend.finished(id)
            guard job.state == .succeeded, let result = job.result else {
                let code = if case .array(let errors) = job.errors, case .string(let c)? = errors.last?["code"] { c } else { "" }
                throw reingestError(code.hasPrefix("pipeline_") ? .badGateway : .internalServerError,
                                    "\(V2.errorMessage(job)) (job \(id.uuidString.lowercased()))")
            }
            return JSONResponse.json(.accepted, [
                "error": false, "status_code": 202, "reingest_uuid": result["reingest_uuid"] ?? .null,
                "message": .string("Package \(uuid.uuidString.lowercased()) sent to pipeline \(pipelineText) for re-ingest"),
            ])
        }

        routes.get("/api/v2/file/{uuid}/check_fixity/", .submit) { _, context in
            let uuid = try uuidParameter(context, what: "package")
            let id = try await backend.database { db in try await backend.requests(context).fixity(uuid, on: db) }
            let job = try await backend.finished(id)
            return JSONResponse.json(.ok, report(job))
        }
    }

    /// The Storage Service's fixity report: `success`, `message`, the files found missing,
    /// changed and untracked, and `timestamp` (null: checked here, not by a remote system).
    static func report(_ job: JobRecord) -> JSONValue {
        var files: [String: JSONValue] = ["missing": [], "changed": [], "untracked": []]
        var message = ""
        var success: JSONValue = .bool(job.state == .succeeded)
        if job.state != .succeeded {
            message = V2.errorMessage(job)
            if case .array(let errors) = job.errors, let details = errors.last?["details"] {
                for key in ["missing", "changed", "untracked"] {
                    guard case .array(let entries)? = details[key] else { continue }
                    files[key] = .array(entries.map { entry in
                        guard key == "changed", case .object(var o) = entry else { return entry }
                        o["hash_type"] = o.removeValue(forKey: "algorithm") ?? .null
                        return .object(o)
                    })
                }
            } else {
                success = .null  // the check could not run
            }
        }
        return ["success": success, "message": .string(message), "failures": ["files": .object(files)], "timestamp": nil]
    }

    /// The Storage Service's shape of a re-ingest's refusal: `error`, `status_code`, `message`.
    private static func reingestError(_ status: HTTPResponse.Status, _ message: String) -> APIError {
        APIError(status, message, body: ["error": true, "status_code": .number(Double(status.code)), "message": .string(message)])
    }

    /// `delete_aip/` and `recover_aip/`: `{event_reason, pipeline, user_id, user_email}` make
    /// a request for a person to review; 202 with its id, or 200 with the one pending.
    private static func askFor(_ kind: DeletionRequest.Kind, _ request: Request, _ context: APIContext, _ backend: Backend) async throws -> Response {
        let uuid = try uuidParameter(context, what: "package")
        let body = try await backend.body.json(request)
        guard let reason = try body.string("event_reason"), !reason.isEmpty, let pipeline = try body.string("pipeline"),
              let userID = try body.int("user_id"), let email = try body.string("user_email") else {
            throw APIError(.badRequest, "All of these fields must be provided: event_reason, pipeline, user_id, user_email")
        }
        let new = DeletionRequests.New(package: uuid, reason: reason, pipeline: V2FileRoutes.uuid(inReference: pipeline),
                                       userID: Int64(userID), userEmail: email, actor: "\(context.user) (api)", kind: kind)
        let (made, created) = try await backend.database { db in
            if kind == .recover, try await Packages.get(uuid, on: db, logger: backend.logger).type.canBeRecovered == false {
                throw APIError(.methodNotAllowed, "Recovery not allowed on this package type.", body: ["message": "Recovery not allowed on this package type."])
            }
            return try await DeletionRequests.create(new, on: db, logger: backend.logger)
        }
        let what = kind == .delete ? ("Delete", "deletion") : ("Recovery", "recovery")
        if created {
            return JSONResponse.json(.accepted, ["message": .string("\(what.0) request created successfully."), "id": .number(Double(made.id))])
        }
        let message = JSONValue.string("A \(what.1) request already exists for this AIP.")
        return JSONResponse.json(.ok, ["message": message, "error_message": message, "id": .number(Double(made.id))])
    }
}
