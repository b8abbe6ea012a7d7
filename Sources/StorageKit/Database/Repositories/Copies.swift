import Foundation
import Logging
import PostgresNIO
import QueueKit

/// Where each location replicates to, and the copies an AIP has there.
public enum Copies {
    /// The replicator locations `location` copies its AIPs to.
    public static func replicas(of location: UUID, on db: some PostgresExecutor, logger: Logger) async throws -> [UUID] {
        try await db.decode(CopiesSQL.replicas(of: location), as: UUID.self, logger: logger)
    }

    /// Makes `replicas` (names or UUIDs of replicator locations) the ones `location`
    /// copies to from now on. Given the `queue`, in the same transaction, every AIP stored
    /// there gets a pending copy and its replication in each replica it has no copy in.
    public static func setReplicas(of location: Location, to replicas: [String], queue: JobQueue? = nil, actor: String = "",
                                   on db: PostgresConnection, logger: Logger) async throws -> [Location] {
        var found: [Location] = []
        for reference in replicas {
            let replica = try await Locations.find(reference, on: db, logger: logger)
            guard replica.purpose == .replicator else {
                throw QueueError(.invalidInput, "location '\(replica.name)' is \(replica.purpose.rawValue): AIPs are replicated only to replicator locations")
            }
            guard replica.uuid != location.uuid else { throw QueueError(.invalidInput, "location '\(location.name)' cannot replicate to itself") }
            if !found.contains(where: { $0.uuid == replica.uuid }) { found.append(replica) }
        }
        guard found.isEmpty || [.aipStorage, .backlog].contains(location.purpose) else {
            throw QueueError(.invalidInput, "location '\(location.name)' is \(location.purpose.rawValue): only aip-storage and backlog locations replicate")
        }
        try await db.run(CopiesSQL.setReplicas(location.uuid, found.map(\.uuid)), logger: logger)
        guard let queue else { return found }
        for replica in found {
            let missing = try await db.decode(CopiesSQL.pendingForAll(in: location.uuid, at: replica.uuid), as: UUID.self, logger: logger)
            // At a low priority, as audits run: thousands of them must not hold up the night's stores.
            _ = try await queue.enqueue(try missing.map { var job = try replication($0, to: replica.uuid, actor: actor); job.priority = -10; return job }, on: db)
        }
        return found
    }

    public static func list(_ package: UUID, on db: some PostgresExecutor, logger: Logger) async throws -> [PackageCopy] {
        try await decode(CopiesSQL.copies(of: [package]), on: db, logger: logger)
    }

    /// The copies of each of `packages` (none: absent).
    public static func lists(_ packages: [UUID], on db: some PostgresExecutor, logger: Logger) async throws -> [UUID: [PackageCopy]] {
        guard !packages.isEmpty else { return [:] }
        return Dictionary(grouping: try await decode(CopiesSQL.copies(of: packages), on: db, logger: logger), by: \.package)
    }

    /// The copy with this UUID of its own, if there is one.
    public static func find(_ uuid: UUID, on db: some PostgresExecutor, logger: Logger) async throws -> PackageCopy? {
        try await decode(CopiesSQL.copy(uuid), on: db, logger: logger).first
    }

    private static func decode(_ query: PostgresQuery, on db: some PostgresExecutor, logger: Logger) async throws -> [PackageCopy] {
        try await db.decode(query, as: (UUID, UUID, UUID, String, String, String, String, String?, Date?).self, logger: logger).map { r in
            PackageCopy(uuid: r.0, package: r.1, locationUUID: r.2, locationName: r.3, path: r.4, locationPath: r.5,
                        state: PackageCopy.State(rawValue: r.6) ?? .pending, sha256: r.7, verifiedAt: r.8)
        }
    }

    /// In the transaction that places an AIP in `location`: a pending copy and the job
    /// that makes it, for each of the location's replicas; with `refreshing` (a new
    /// version replaced the stored one), for every copy the AIP has too.
    static func replicate(_ package: UUID, path: String, placedIn location: UUID, refreshing: Bool = false, actor: String, queue: JobQueue,
                          on tx: PostgresConnection, logger: Logger) async throws {
        var replicas = try await Self.replicas(of: location, on: tx, logger: logger).filter { $0 != location }
        if refreshing {
            for copy in try await list(package, on: tx, logger: logger) where !replicas.contains(copy.locationUUID) { replicas.append(copy.locationUUID) }
        }
        guard !replicas.isEmpty else { return }
        var jobs: [NewJob] = []
        for replica in replicas {
            try await tx.run(CopiesSQL.pending(package, at: replica, path: path), logger: logger)
            jobs.append(try replication(package, to: replica, actor: actor))
        }
        _ = try await queue.enqueue(jobs, on: tx)
    }

    private static func replication(_ package: UUID, to replica: UUID, actor: String) throws -> NewJob {
        let args = ReplicateHandler.Arguments(package: package, location: replica, actor: actor)
        var job = NewJob(kind: ReplicateHandler.kind, argsJSON: String(decoding: try JSONEncoder().encode(args), as: UTF8.self), packageUUID: package)
        job.submittedBy = actor
        return job
    }
}
