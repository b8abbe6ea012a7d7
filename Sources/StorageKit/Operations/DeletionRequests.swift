import Foundation
import Logging
import PostgresNIO
import QueueKit

/// A request to delete an AIP, made through the v2 API (`delete_aip/`) the way
/// Archivematica asks, and approved or rejected by a person (`review_aip_deletion/`, or
/// `ss-cli aip delete-requests`). Approval enqueues the delete job in the same
/// transaction that records the decision.
public struct DeletionRequest: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case pending, approved, rejected
    }

    public var id: Int64
    public var package: UUID
    public var reason: String
    public var pipeline: UUID?
    public var userID: Int64?
    public var userEmail: String
    public var requestedBy: String
    public var requestedAt: Date
    public var status: Status
    public var decidedBy: String?
    public var decidedAt: Date?
    public var decisionReason: String
    public var job: UUID?
}

public enum DeletionRequests {
    /// What a new request says.
    public struct New: Sendable {
        public var package: UUID
        public var reason: String
        public var pipeline: UUID?
        public var userID: Int64?
        public var userEmail: String
        public var actor: String

        public init(package: UUID, reason: String, pipeline: UUID?, userID: Int64?, userEmail: String, actor: String) {
            self.package = package
            self.reason = reason
            self.pipeline = pipeline
            self.userID = userID
            self.userEmail = userEmail
            self.actor = actor
        }
    }

    typealias Row = (Int64, UUID, String, UUID?, Int64?, String, String, Date, String, String?, Date?, String, UUID?)

    /// Records a request for a stored AIP. When one is pending already, returns that one
    /// and `created: false`, as the Storage Service does.
    public static func create(_ new: New, on db: some PostgresExecutor, logger: Logger) async throws -> (request: DeletionRequest, created: Bool) {
        let package = try await Packages.get(new.package, on: db, logger: logger)
        if let pending = try await list(status: .pending, package: new.package, on: db, logger: logger).first { return (pending, false) }
        guard package.status == .stored else {
            throw QueueError(.conflict, "AIP \(new.package.uuidString.lowercased()) is \(package.status.rawValue); only a stored AIP can be asked to be deleted")
        }
        guard !new.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw QueueError(.invalidInput, "a deletion request needs a reason")
        }
        if let row = try await db.decode(APISQL.insertRequest(new), as: Row.self, logger: logger).first { return (request(row), true) }
        // Another request for the AIP got in first.
        guard let pending = try await list(status: .pending, package: new.package, on: db, logger: logger).first else {
            throw QueueError(.conflict, "a deletion request for AIP \(new.package.uuidString.lowercased()) changed while this one was made; try again")
        }
        return (pending, false)
    }

    public static func list(status: DeletionRequest.Status? = nil, package: UUID? = nil, on db: some PostgresExecutor, logger: Logger) async throws -> [DeletionRequest] {
        try await db.decode(APISQL.requests(status: status?.rawValue, package: package), as: Row.self, logger: logger).map(request)
    }

    /// Of `uuids`, the AIPs that have a request pending.
    public static func pending(among uuids: [UUID], on db: some PostgresExecutor, logger: Logger) async throws -> Set<UUID> {
        guard !uuids.isEmpty else { return [] }
        return Set(try await db.decode(APISQL.pendingRequests(among: uuids), as: UUID.self, logger: logger))
    }

    /// Approves a pending request: its delete job is enqueued (the AIP's own checks apply)
    /// and the decision recorded, together. Returns the request as decided.
    public static func approve(_ id: Int64, by actor: String, reason: String, requests: AIPRequests, on db: PostgresConnection) async throws -> DeletionRequest {
        try await decide(id, actor: actor, reason: reason, on: db, logger: requests.queue.logger) { tx, request in
            let why = reason.isEmpty ? request.reason : reason
            let job = try await requests.approved.submit(.delete(request.package, reason: why), within: tx)
            return (.approved, job)
        }
    }

    /// Rejects a pending request; the AIP stays as it is.
    public static func reject(_ id: Int64, by actor: String, reason: String, on db: PostgresConnection, logger: Logger) async throws -> DeletionRequest {
        try await decide(id, actor: actor, reason: reason, on: db, logger: logger) { _, _ in (.rejected, nil) }
    }

    private static func decide(
        _ id: Int64, actor: String, reason: String, on db: PostgresConnection, logger: Logger,
        _ body: (PostgresConnection, DeletionRequest) async throws -> (DeletionRequest.Status, UUID?)
    ) async throws -> DeletionRequest {
        try await db.transaction(logger: logger) { tx in
            guard let row = try await tx.decode(APISQL.request(id), as: Row.self, logger: logger).first else {
                throw QueueError(.notFound, "no deletion request \(id) (see `ss-cli aip delete-requests list`)")
            }
            var request = request(row)
            guard request.status == .pending else {
                throw StorageError(.notPending, "deletion request \(id) is not pending review: it was \(request.status.rawValue)")
            }
            // Four eyes, as the Storage Service's own review page has it.
            guard request.requestedBy != actor else {
                throw StorageError(.forbidden, "deletion request \(id) was made by \(actor): another key (or an operator with `ss-cli aip delete-requests`) must review it",
                                   .init(scope: Scope.review.rawValue))
            }
            let (status, job) = try await body(tx, request)
            try await tx.run(APISQL.decide(id, status: status.rawValue, by: actor, reason: reason, job: job), logger: logger)
            request.status = status
            request.decidedBy = actor
            request.decidedAt = Date()
            request.decisionReason = reason
            request.job = job
            return request
        }
    }

    private static func request(_ r: Row) -> DeletionRequest {
        DeletionRequest(id: r.0, package: r.1, reason: r.2, pipeline: r.3, userID: r.4, userEmail: r.5, requestedBy: r.6,
                        requestedAt: r.7, status: DeletionRequest.Status(rawValue: r.8) ?? .pending, decidedBy: r.9,
                        decidedAt: r.10, decisionReason: r.11, job: r.12)
    }
}
