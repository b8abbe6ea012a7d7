import Foundation
import Logging
import PostgresNIO
import QueueKit

/// A request to delete an AIP, made through the v2 API (`delete_aip/`) the way
/// Archivematica asks, and approved or rejected by a person (`review_aip_deletion/`, or
/// `ss-cli aip delete-requests`); or to recover one from its copy in a recovery location
/// (`recover_aip/`, `ss-cli aip recover-requests`). Approval enqueues the delete (or the
/// recovery's `aip.update`) in the same transaction that records the decision.
public struct DeletionRequest: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case pending, approved, rejected
    }

    public enum Kind: String, Sendable, CaseIterable {
        case delete, recover

        var noun: String { self == .delete ? "deletion request" : "recovery request" }
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
    public var kind = Kind.delete
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
        public var kind: DeletionRequest.Kind

        public init(package: UUID, reason: String, pipeline: UUID?, userID: Int64?, userEmail: String, actor: String,
                    kind: DeletionRequest.Kind = .delete) {
            self.kind = kind
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
        if let pending = try await list(status: .pending, package: new.package, kind: new.kind, on: db, logger: logger).first { return (pending, false) }
        guard package.status == .stored || package.status == .damaged else {
            throw QueueError(.conflict, "AIP \(new.package.uuidString.lowercased()) is \(package.status.rawValue); only a stored (or damaged) AIP can be asked to be \(new.kind == .delete ? "deleted" : "recovered")")
        }
        guard !new.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw QueueError(.invalidInput, "a \(new.kind.noun) needs a reason")
        }
        if let row = try await db.decode(APISQL.insertRequest(new), as: Row.self, logger: logger).first { return (request(row, new.kind), true) }
        // Another request for the AIP got in first.
        guard let pending = try await list(status: .pending, package: new.package, kind: new.kind, on: db, logger: logger).first else {
            throw QueueError(.conflict, "a \(new.kind.noun) for AIP \(new.package.uuidString.lowercased()) changed while this one was made; try again")
        }
        return (pending, false)
    }

    public static func list(status: DeletionRequest.Status? = nil, package: UUID? = nil, kind: DeletionRequest.Kind = .delete,
                            on db: some PostgresExecutor, logger: Logger) async throws -> [DeletionRequest] {
        try await db.decode(APISQL.requests(status: status?.rawValue, package: package, kind: kind), as: Row.self, logger: logger).map { request($0, kind) }
    }

    /// Of `uuids`, the AIPs that have a request pending.
    public static func pending(among uuids: [UUID], on db: some PostgresExecutor, logger: Logger) async throws -> Set<UUID> {
        guard !uuids.isEmpty else { return [] }
        return Set(try await db.decode(APISQL.pendingRequests(among: uuids), as: UUID.self, logger: logger))
    }

    /// Approves a pending request: its delete job is enqueued (the AIP's own checks apply)
    /// and the decision recorded, together. A recovery request enqueues the AIP's update
    /// from the copy of the same name in the one recovery location that serves its
    /// pipeline (`aip-recovery`). Returns the request as decided.
    public static func approve(_ id: Int64, by actor: String, reason: String, requests: AIPRequests, kind: DeletionRequest.Kind = .delete,
                               on db: PostgresConnection) async throws -> DeletionRequest {
        let logger = requests.queue.logger
        return try await decide(id, kind: kind, actor: actor, reason: reason, on: db, logger: logger) { tx, request in
            guard request.kind == .recover else {
                let why = reason.isEmpty ? request.reason : reason
                return (.approved, try await requests.approved.submit(.delete(request.package, reason: why), within: tx))
            }
            let aip = try await Packages.get(request.package, on: tx, logger: logger)
            let recovery = try await Locations.list(purpose: .aipRecovery, pipeline: aip.originPipeline, on: tx, logger: logger)
            guard recovery.count == 1, let from = recovery.first else {
                throw QueueError(.conflict, "recovery request \(id) needs one aip-recovery location serving AIP \(aip.uuid.uuidString.lowercased())'s pipeline, and there are \(recovery.count) (`ss-cli location add … --purpose aip-recovery`)")
            }
            let update = UpdateRequest(package: aip.uuid, pipeline: aip.originPipeline, origin: from.uuid.uuidString, originPath: aip.name,
                                       destination: aip.locationUUID.uuidString, recovering: true)
            return (.approved, try await update.enqueue(queue: requests.queue, actor: actor, submitter: requests.submitter, within: tx))
        }
    }

    /// Rejects a pending request; the AIP stays as it is.
    public static func reject(_ id: Int64, by actor: String, reason: String, kind: DeletionRequest.Kind = .delete,
                              on db: PostgresConnection, logger: Logger) async throws -> DeletionRequest {
        try await decide(id, kind: kind, actor: actor, reason: reason, on: db, logger: logger) { _, _ in (.rejected, nil) }
    }

    /// Decides request `id`, which must be of `kind` (a deletion is never approved as a recovery).
    private static func decide(
        _ id: Int64, kind: DeletionRequest.Kind, actor: String, reason: String, on db: PostgresConnection, logger: Logger,
        _ body: (PostgresConnection, DeletionRequest) async throws -> (DeletionRequest.Status, UUID?)
    ) async throws -> DeletionRequest {
        try await db.transaction(logger: logger) { tx in
            guard let row = try await tx.decode(APISQL.request(id, kind: kind), as: Row.self, logger: logger).first else {
                throw QueueError(.notFound, "no \(kind.noun) \(id) (see `ss-cli aip \(kind)-requests list`)")
            }
            var request = request(row, kind)
            guard request.status == .pending else {
                throw StorageError(.notPending, "\(request.kind.noun) \(id) is not pending review: it was \(request.status.rawValue)")
            }
            // Four eyes, as the Storage Service's own review page has it.
            guard request.requestedBy != actor else {
                throw StorageError(.forbidden, "\(request.kind.noun) \(id) was made by \(actor): another key (or an operator with `ss-cli aip \(request.kind)-requests`) must review it",
                                   .init(scope: Scope.review.rawValue))
            }
            let (status, job) = try await body(tx, request)
            try await tx.run(APISQL.decide(id, kind: kind, status: status.rawValue, by: actor, reason: reason, job: job), logger: logger)
            request.status = status
            request.decidedBy = actor
            request.decidedAt = Date()
            request.decisionReason = reason
            request.job = job
            return request
        }
    }

    private static func request(_ r: Row, _ kind: DeletionRequest.Kind) -> DeletionRequest {
        DeletionRequest(id: r.0, package: r.1, reason: r.2, pipeline: r.3, userID: r.4, userEmail: r.5, requestedBy: r.6,
                        requestedAt: r.7, status: DeletionRequest.Status(rawValue: r.8) ?? .pending, decidedBy: r.9,
                        decidedAt: r.10, decisionReason: r.11, job: r.12, kind: kind)
    }
}
