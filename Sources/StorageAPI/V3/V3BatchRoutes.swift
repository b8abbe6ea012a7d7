import Foundation
import HTTPTypes
import Hummingbird
import QueueKit
import StorageKit

/// `/api/v3/batches`: many operations as one batch, in the words of `ss-cli batch submit`.
enum V3BatchRoutes {
    static func register(_ routes: RouteTable, _ backend: Backend) {
        routes.post("/api/v3/batches", .submit) { request, context in
            let body = try await backend.body.json(request, allowEmpty: false)
            // The lines as a JSON array, or {"lines": [...], "priority": …, "queue": …}.
            let lines: [JSONValue]
            var settings: JSONValue = .object([:])
            switch body {
            case .array(let a): lines = a
            case .object(let o):
                guard case .array(let a)? = o["lines"] else { throw APIError(.badRequest, "give the batch as a JSON array of lines, or as {\"lines\": [...]}") }
                lines = a
                settings = body
            default: throw APIError(.badRequest, "give the batch as a JSON array of lines")
            }
            var text: [String] = []
            for (i, line) in lines.enumerated() {
                guard case .string(let s) = line, !s.contains("\n") else {
                    throw APIError(.badRequest, "line \(i + 1): each line must be one string without a newline; nothing was submitted")
                }
                text.append(s)
            }
            let operations = try backend.parseBatch(text.joined(separator: "\n"))
            let options = try V3AIPRoutes.submitOptions(settings, request)
            let (batch, status) = try await backend.database { db in
                let batch = try await backend.requests(context).submitBatch(operations, options: options, on: db)
                return (batch, try await backend.queue.batchStatus(batch.id, on: db))
            }
            var document = try JSONResponse.value(status)
            if try Query(request)["jobs"] == "true", case .object(var o) = document {
                o["job_ids"] = .array(batch.jobs.map { .string($0.uuidString.lowercased()) })
                document = .object(o)
            }
            var headers: HTTPFields = [.location: "/api/v3/batches/\(batch.id.uuidString.lowercased())"]
            if !batch.created { headers[.idempotentReplayed] = "true" }
            return JSONResponse.json(.accepted, document, headers: headers)
        }

        routes.get("/api/v3/batches/{id}", .read) { request, context in
            let id = try uuidParameter(context, "id", what: "batch")
            let wait = try Query(request).int("wait", default: 0, range: 0...V3JobRoutes.maxWait)
            let read: @Sendable () async throws -> JobQueue.BatchStatus = { try await backend.database { db in try await backend.queue.batchStatus(id, on: db) } }
            var status = try await read()
            if wait > 0, !status.isFinished {
                let finished = try await backend.watch.until(timeout: .seconds(wait)) { () async throws -> JobQueue.BatchStatus? in
                    let now = try await read()
                    return now.isFinished ? now : nil
                }
                if let finished { status = finished } else { status = try await read() }
            }
            return try JSONResponse.make(.ok, status)
        }

        routes.post("/api/v3/batches/{id}/cancel", .submit) { _, context in
            let id = try uuidParameter(context, "id", what: "batch")
            let status = try await backend.database { db in
                try V3JobRoutes.requireOwner(try await backend.queue.batchSubmitter(id, on: db), of: "batch \(id.uuidString.lowercased())",
                                             context, doing: "cancel")
                _ = try await backend.queue.cancelBatch(id, on: db)
                return try await backend.queue.batchStatus(id, on: db)
            }
            return try JSONResponse.make(.ok, status)
        }
    }
}
