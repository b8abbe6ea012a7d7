import Foundation
import Logging
import PostgresNIO
import QueueKit

/// How a submission is queued (shared by every AIP operation).
public struct SubmitOptions: Sendable {
    public var priority = 0
    public var queue = "default"
    public var idempotencyKey: String?
    public var maxAttempts = 25

    public init(priority: Int = 0, queue: String = "default", idempotencyKey: String? = nil) {
        self.priority = priority
        self.queue = queue
        self.idempotencyKey = idempotencyKey
    }
}

/// Submitting AIP operations: every check that can be made before anything is enqueued
/// is made here (the CLI and the HTTP API share it), then the job is enqueued in the
/// same transaction as the package row it acts on. A resubmission with an idempotency
/// key already used returns that key's job and checks nothing.
public struct AIPRequests: Sendable {
    public let queue: JobQueue
    public let actor: String

    public init(queue: JobQueue, actor: String) {
        self.queue = queue
        self.actor = actor
    }

    private var logger: Logger { queue.logger }

    public func store(
        path: String, from sourceRef: String, to destinationRef: String, uuid: UUID? = nil, removeSource: Bool = false,
        options: SubmitOptions = SubmitOptions(), on db: PostgresConnection
    ) async throws -> UUID {
        if let existing = try await existing(options, db) { return existing }
        let source = try await Locations.find(sourceRef, on: db, logger: logger)
        let destination = try await Locations.find(destinationRef, on: db, logger: logger)
        try requireHoldsAIPs(destination)
        let full = try PathConfinement.resolve(path, in: source.path, locationName: source.name)
        try checkStorable(full, given: path)
        let name = (path as NSString).lastPathComponent
        let packageUUID = uuid ?? PackageLayout.uuid(fromName: name) ?? UUID()
        let args = StoreHandler.Arguments(
            package: packageUUID, sourceLocation: source.uuid, sourcePath: path, destinationLocation: destination.uuid,
            removeSource: removeSource, actor: actor)
        return try await db.transaction(logger: logger) { tx in
            if let package = try await Packages.find(packageUUID, forUpdate: true, on: tx, logger: logger) {
                switch package.status {
                case .stored, .moving, .deleting:
                    throw QueueError(.conflict, "AIP \(packageUUID.uuidString.lowercased()) is already stored (in location '\(package.locationName)')")
                case .pending:
                    if let job = try await activeJob(packageUUID, tx) {
                        throw QueueError(.conflict, "AIP \(packageUUID.uuidString.lowercased()) is already being stored by job \(job)")
                    }
                case .deleted, .failed:
                    break
                }
            }
            try await tx.run(PackagesSQL.upsertPending(
                uuid: packageUUID, name: name, location: destination.uuid,
                path: PackageLayout.path(uuid: packageUUID, name: name)), logger: logger)
            return try await enqueue(StoreHandler.kind, args, packageUUID, options, tx)
        }
    }

    public func move(_ uuid: UUID, to destinationRef: String, options: SubmitOptions = SubmitOptions(), on db: PostgresConnection) async throws -> UUID {
        if let existing = try await existing(options, db) { return existing }
        let package = try await Packages.get(uuid, on: db, logger: logger)
        let destination = try await Locations.find(destinationRef, on: db, logger: logger)
        try requireHoldsAIPs(destination)
        try await requireStored(package, "move", db)
        guard package.locationUUID != destination.uuid else {
            throw QueueError(.conflict, "AIP \(uuid.uuidString.lowercased()) is already in location '\(destination.name)'")
        }
        let args = MoveHandler.Arguments(package: uuid, destinationLocation: destination.uuid, actor: actor)
        return try await enqueue(MoveHandler.kind, args, uuid, options, db)
    }

    public func delete(_ uuid: UUID, reason: String, options: SubmitOptions = SubmitOptions(), on db: PostgresConnection) async throws -> UUID {
        if let existing = try await existing(options, db) { return existing }
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw QueueError(.invalidInput, "a deletion needs a reason (--reason)")
        }
        let package = try await Packages.get(uuid, on: db, logger: logger)
        try await requireStored(package, "delete", db)
        let args = DeleteHandler.Arguments(package: uuid, reason: reason, actor: actor)
        return try await enqueue(DeleteHandler.kind, args, uuid, options, db)
    }

    public func fixity(_ uuid: UUID, options: SubmitOptions = SubmitOptions(), on db: PostgresConnection) async throws -> UUID {
        if let existing = try await existing(options, db) { return existing }
        let package = try await Packages.get(uuid, on: db, logger: logger)
        try await requireStored(package, "check", db)
        return try await enqueue(FixityHandler.kind, FixityHandler.Arguments(package: uuid, actor: actor), uuid, options, db)
    }

    // MARK: Checks

    private func existing(_ options: SubmitOptions, _ db: PostgresConnection) async throws -> UUID? {
        guard let key = options.idempotencyKey else { return nil }
        return try await queue.jobID(forIdempotencyKey: key, on: db)
    }

    private func requireHoldsAIPs(_ location: Location) throws {
        guard location.purpose.holdsAIPs else {
            throw QueueError(.invalidInput, "location '\(location.name)' is a \(location.purpose.rawValue) location; AIPs go to aip-storage, replicator or backlog locations")
        }
    }

    /// Stored, or left `moving`/`deleting` by a job that ended without finishing (its
    /// retry, or this new job, completes it).
    private func requireStored(_ package: Package, _ doing: String, _ db: PostgresConnection) async throws {
        let id = package.uuid.uuidString.lowercased()
        switch package.status {
        case .stored: return
        case .moving where try await activeJob(package.uuid, db) == nil: return
        case .deleting where try await activeJob(package.uuid, db) == nil: return
        case .deleted: throw QueueError(.conflict, "cannot \(doing) AIP \(id): it was deleted")
        default: throw QueueError(.conflict, "cannot \(doing) AIP \(id): it is \(package.status.rawValue)")
        }
    }

    /// A bag directory or a single regular file, with no symlink inside.
    private func checkStorable(_ full: String, given path: String) throws {
        switch FileSystem.kind(at: full) {
        case .file: return
        case .directory:
            guard BagPlan.isBag(full) else {
                throw QueueError(.invalidInput, "'\(path)' is a directory without bagit.txt: give a bag or a single file (.7z, .tar.gz, .zip, …)")
            }
            let entries = try FileSystem.walk(full)
            if let link = entries.first(where: { $0.kind == .symlink }) {
                throw QueueError(.invalidInput, "'\(path)/\(link.path)' is a symlink: ss refuses symlinks inside packages")
            }
            if let odd = entries.first(where: { $0.kind == .other }) {
                throw QueueError(.invalidInput, "'\(path)/\(odd.path)' is not a regular file or directory")
            }
        default:
            throw QueueError(.invalidInput, "'\(path)' is not a regular file or directory")
        }
    }

    private func activeJob(_ uuid: UUID, _ db: some PostgresExecutor) async throws -> String? {
        try await db.decode(PackagesSQL.activeJobs(uuid), as: (UUID, String).self, logger: logger).first
            .map { "\($0.0.uuidString.lowercased()) (\($0.1))" }
    }

    private func enqueue(_ kind: String, _ args: some Encodable, _ package: UUID, _ options: SubmitOptions,
                         _ db: some PostgresExecutor) async throws -> UUID {
        try await queue.enqueue(NewJob(
            kind: kind, args: try JSONValue(encoding: args), queue: options.queue, priority: options.priority,
            maxAttempts: options.maxAttempts, idempotencyKey: options.idempotencyKey, packageUUID: package), on: db)
    }
}
