import Foundation
import Hummingbird
import QueueKit
import StorageKit

/// `/api/v3/jobs`: read, wait for, list, cancel and retry jobs.
enum V3JobRoutes {
    /// The longest `?wait=` a request may ask for; a client that wants longer asks again.
    static let maxWait = 3600

    static func register(_ routes: RouteTable, _ backend: Backend) {
        routes.get("/api/v3/jobs/{id}", .read) { request, context in
            let id = try uuidParameter(context, "id", what: "job")
            let wait = try Query(request).int("wait", default: 0, range: 0...maxWait)
            let job = try await backend.job(id, waitingUpTo: .seconds(wait))
            return try JSONResponse.make(.ok, job)
        }

        routes.get("/api/v3/jobs", .read) { request, _ in
            let query = try Query(request)
            var filter = JobFilter(limit: try query.int("limit", default: 50, range: 1...1000))
            if let state = query["state"] {
                guard let s = JobState(rawValue: state) else {
                    throw APIError(.badRequest, "unknown state '\(state)': one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                filter.state = s
            }
            filter.kind = query["kind"]
            filter.queue = query["queue"]
            filter.batchID = try query.uuid("batch")
            if let cursor = query["cursor"] {
                guard let c = JobCursor(text: cursor) else { throw APIError(.badRequest, "'cursor' is not one this server gave out") }
                filter.after = c
            }
            let jobs = try await backend.database { db in try await backend.queue.list(filter, on: db) }
            let next = jobs.count == filter.limit ? jobs.last.map { JobCursor(after: $0).text } : nil
            return try JSONResponse.make(.ok, JobPage(jobs: jobs, nextCursor: next, next: next.map { query.link("/api/v3/jobs", changing: ["cursor": $0, "username": nil, "api_key": nil]) }))
        }

        routes.post("/api/v3/jobs/{id}/cancel", .submit) { _, context in
            let id = try uuidParameter(context, "id", what: "job")
            let result = try await backend.database { db in
                try requireOwner(try await backend.queue.get(id, on: db).submittedBy, of: "job \(id.uuidString.lowercased())", context, doing: "cancel")
                return try await backend.queue.cancel(id, on: db)
            }
            let job = try await backend.job(id, waitingUpTo: nil)
            return try JSONResponse.make(result == .requested ? .accepted : .ok, job)
        }

        routes.post("/api/v3/jobs/{id}/retry", .submit) { _, context in
            let id = try uuidParameter(context, "id", what: "job")
            try await backend.database { db in
                try requireOwner(try await backend.queue.get(id, on: db).submittedBy, of: "job \(id.uuidString.lowercased())", context, doing: "retry")
                try await backend.queue.retry(id, on: db)
            }
            return try accepted(try await backend.job(id, waitingUpTo: nil))
        }
    }

    /// A `submit` key steers only what it submitted; anything else needs `admin`.
    static func requireOwner(_ owner: String?, of what: String, _ context: APIContext, doing: String) throws {
        guard !context.owns(owner) else { return }
        throw StorageError(.forbidden, "\(what) was not submitted by \(context.user): to \(doing) it needs a key with the 'admin' scope",
                           .init(scope: Scope.admin.rawValue))
    }

    /// 202 with the job document and where to follow it.
    static func accepted(_ job: JobRecord) throws -> Response {
        try JSONResponse.make(.accepted, job, headers: [.location: "/api/v3/jobs/\(job.id.uuidString.lowercased())"])
    }
}

/// One page of `GET /api/v3/jobs`: `next` is the same query for the following page.
struct JobPage: Encodable {
    var jobs: [JobRecord]
    var nextCursor: String?
    var next: String?

    enum CodingKeys: String, CodingKey {
        case jobs, next
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(jobs, forKey: .jobs)
        try c.encode(nextCursor, forKey: .nextCursor)
        try c.encode(next, forKey: .next)
    }
}
