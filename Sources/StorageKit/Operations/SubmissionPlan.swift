import Foundation
import Logging
import PostgresNIO
import QueueKit

/// Turns operations into jobs (and the pending rows of new AIPs), checking each against
/// what is known: the locations, the AIPs, their unfinished jobs, and the files. What a
/// slice of 10,000 lines refers to is read in two queries, so that checking 100,000 lines
/// does not take 100,000 round trips; the checks themselves are the same for one operation
/// or many.
struct SubmissionPlan {
    struct Pending: Sendable {
        var uuid: UUID, name: String, location: UUID, path: String, type: PackageType
    }

    /// What the database knows of some AIPs: their rows and their unfinished jobs.
    struct Known: Sendable {
        var standings: [Packages.Standing]
        var active: [(package: UUID, job: UUID, kind: String)]
    }

    private var locations: [String: Location] = [:]
    private var packages: [UUID: Packages.Standing] = [:]
    private var active: [UUID: String] = [:]
    private(set) var jobs: [NewJob] = []
    private(set) var pending: [Pending] = []
    private var storing: Set<UUID> = []
    let actor: String
    let submitter: String
    let mayDelete: Bool
    let options: SubmitOptions
    /// Bound to the idempotency key of a single submission (`AIPRequests.digest`).
    let digest: String?

    /// Loads what `operations` refer to, as `start` and one `read` do.
    static func load(_ operations: [(AIPOperation, UUID)], actor: String, submitter: String, mayDelete: Bool, options: SubmitOptions,
                     digest: String?, on tx: PostgresConnection, logger: Logger) async throws -> SubmissionPlan {
        var plan = try await start(operations, actor: actor, submitter: submitter, mayDelete: mayDelete, options: options,
                                   digest: digest, on: tx, logger: logger)
        plan.learn(try await read(Array(Set(operations.map(\.1))), on: tx, logger: logger))
        return plan
    }

    /// A plan that knows the locations, holding the store lock of every AIP `operations`
    /// store (one statement, in UUID order, so that two submissions cannot both store one
    /// UUID, nor deadlock taking their locks); it knows no AIP yet (`read`, `learn`).
    static func start(_ operations: [(AIPOperation, UUID)], actor: String, submitter: String, mayDelete: Bool, options: SubmitOptions,
                      digest: String?, on tx: PostgresConnection, logger: Logger) async throws -> SubmissionPlan {
        var plan = SubmissionPlan(actor: actor, submitter: submitter, mayDelete: mayDelete, options: options, digest: digest)
        if operations.contains(where: { !$0.0.locationReferences.isEmpty }) {
            for l in try await Locations.list(on: tx, logger: logger) {
                plan.locations[l.name] = l
                plan.locations[l.uuid.uuidString.lowercased()] = l
            }
        }
        let stores = Set(operations.filter { if case .store = $0.0 { true } else { false } }.map(\.1))
        try await Packages.lockStores(stores, on: tx, logger: logger)
        return plan
    }

    /// What the database knows of `uuids`. Read before anything this submission writes
    /// about them, or on another connection than the one writing, it is what they were
    /// before it.
    static func read(_ uuids: [UUID], on db: any PostgresExecutor, logger: Logger) async throws -> Known {
        guard !uuids.isEmpty else { return Known(standings: [], active: []) }
        // Both sent at once: in a batch, the next slice's write is queued on the connection
        // behind them, not between them.
        async let standings = Packages.standings(uuids, on: db, logger: logger)
        async let active = JobQueue(logger: logger).unfinishedJobs(forPackages: uuids, on: db)
        return Known(standings: try await standings, active: try await active.map { ($0.0, $0.1, $0.2) })
    }

    mutating func learn(_ known: Known) {
        packages.reserveCapacity(packages.count + known.standings.count)
        for p in known.standings { packages[p.uuid] = p }
        for (package, job, kind) in known.active where active[package] == nil {
            active[package] = "\(job.uuidString.lowercased()) (\(kind))"
        }
    }

    /// Checks `operation` and adds its job; throws the reason it cannot be submitted.
    mutating func add(_ operation: AIPOperation, uuid: UUID, batch: UUID? = nil) throws -> UUID {
        let job: NewJob
        switch operation {
        case .store(let path, let from, let to, _, let removeSource, let type):
            job = try store(path: path, from: from, to: to, uuid: uuid, removeSource: removeSource, type: type, batch: batch)
        case .move(_, let to):
            let package = try existing(uuid)
            let destination = try location(to)
            try require(destination, holds: package.type)
            try requireStored(package, "move")
            guard package.locationUUID != destination.uuid else {
                throw QueueError(.conflict, "AIP \(uuid.uuidString.lowercased()) is already in location '\(destination.name)'")
            }
            job = try newJob(MoveHandler.kind, MoveHandler.Arguments(package: uuid, destinationLocation: destination.uuid, actor: actor), uuid, batch)
        case .delete(_, let reason):
            guard mayDelete else {
                throw StorageError(.forbidden, "deleting AIP \(uuid.uuidString.lowercased()) directly needs a key with the 'admin' scope; ask for it with a deletion request (delete_aip/), which another key reviews",
                                   .init(scope: Scope.admin.rawValue))
            }
            guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw QueueError(.invalidInput, "a deletion needs a reason (--reason)")
            }
            let package = try existing(uuid)
            if package.status != .damaged { try requireStored(package, "delete") }
            job = try newJob(DeleteHandler.kind, DeleteHandler.Arguments(package: uuid, reason: reason, actor: actor), uuid, batch)
        case .fixity:
            try requireStored(try existing(uuid), "check")
            job = try newJob(FixityHandler.kind, FixityHandler.Arguments(package: uuid, actor: actor), uuid, batch)
        case .audit:
            let package = try existing(uuid)
            if package.status != .damaged { try requireStored(package, "audit") }
            job = try newJob(AuditHandler.kind, AuditHandler.Arguments(package: uuid, actor: actor), uuid, batch)
        }
        jobs.append(job)
        return job.id
    }

    private mutating func store(path: String, from: String, to: String, uuid: UUID, removeSource: Bool, type: PackageType,
                                batch: UUID?) throws -> NewJob {
        let source = try location(from)
        let destination = try location(to)
        try require(destination, holds: type)
        if let last = path.slashSeparated.last, last == "." || last == ".." {
            throw StorageError(.invalidPath, "'\(path)' ends in '\(last)': name the bag or file itself (an AIP is named after its last component)",
                               .init(path: path, location: source.name))
        }
        guard !removeSource || source.removableSource else {
            throw StorageError(.forbidden, "location '\(source.name)' does not let stores remove their sources: an operator must add it with --removable-source",
                               .init(location: source.name))
        }
        let full = try PathConfinement.resolve(path, in: source.path, locationName: source.name)
        try Self.checkStorable(full, given: path, type: type)
        let id = uuid.uuidString.lowercased()
        guard !storing.contains(uuid) else { throw QueueError(.conflict, "AIP \(id) is stored twice in this submission") }
        if let package = packages[uuid] {
            switch package.status {
            case .stored, .moving, .deleting, .damaged:
                throw QueueError(.conflict, "AIP \(id) is already stored (in location '\(package.locationName)')")
            case .pending:
                if let job = active[uuid] { throw QueueError(.conflict, "AIP \(id) is already being stored by job \(job)") }
            case .deleted, .failed:
                break
            }
        }
        storing.insert(uuid)
        let name = (path as NSString).lastPathComponent
        pending.append(Pending(uuid: uuid, name: name, location: destination.uuid, path: PackageLayout.path(uuid: uuid, name: name), type: type))
        let args = StoreHandler.Arguments(package: uuid, sourceLocation: source.uuid, sourcePath: path,
                                          destinationLocation: destination.uuid, removeSource: removeSource, actor: actor)
        return try newJob(StoreHandler.kind, args, uuid, batch)
    }

    /// Hands over the jobs and pending AIPs added so far, and forgets them (the checks
    /// still remember every AIP this submission stores).
    mutating func drain() -> ([Pending], [NewJob]) {
        defer { pending = []; jobs = [] }
        return (pending, jobs)
    }

    // MARK: Checks

    private func location(_ reference: String) throws -> Location {
        guard let l = locations[reference] ?? locations[reference.lowercased()] else {
            throw QueueError(.notFound, "no location '\(reference)' (see `ss-cli location list`)")
        }
        return l
    }

    private func existing(_ uuid: UUID) throws -> Packages.Standing {
        guard let p = packages[uuid] else { throw QueueError(.notFound, "no AIP \(uuid.uuidString.lowercased())") }
        return p
    }

    private func require(_ location: Location, holds type: PackageType) throws {
        guard type.purposes.contains(location.purpose) else {
            let places = type.purposes.map(\.rawValue).joined(separator: ", ")
            throw QueueError(.invalidInput, "location '\(location.name)' is a \(location.purpose.rawValue) location; \(type.noun)s go to \(places) locations")
        }
    }

    /// Stored, or left `moving`/`deleting` by a job that ended without finishing (its
    /// retry, or this new job, completes it).
    private func requireStored(_ package: Packages.Standing, _ doing: String) throws {
        let id = package.uuid.uuidString.lowercased()
        switch package.status {
        case .stored: return
        case .moving where active[package.uuid] == nil: return
        case .deleting where active[package.uuid] == nil: return
        case .deleted: throw QueueError(.conflict, "cannot \(doing) AIP \(id): it was deleted")
        default: throw QueueError(.conflict, "cannot \(doing) AIP \(id): it is \(package.status.rawValue)")
        }
    }

    /// A bag directory or a single regular file (or, for a DIP or a transfer, any
    /// directory), with no symlink inside.
    static func checkStorable(_ full: String, given path: String, type: PackageType = .aip) throws {
        switch FileSystem.kind(at: full) {
        case .file: return
        case .directory:
            guard BagPlan.isBag(full) || type.mayBePlainDirectory else {
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

    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private func newJob(_ kind: String, _ args: some Encodable, _ package: UUID, _ batch: UUID?) throws -> NewJob {
        var job = NewJob(kind: kind, argsJSON: String(decoding: try encoder.encode(args), as: UTF8.self), queue: options.queue,
                         priority: options.priority, maxAttempts: options.maxAttempts,
                         idempotencyKey: batch == nil ? options.idempotencyKey : nil, batchID: batch, packageUUID: package)
        job.submittedBy = submitter
        job.idempotencyDigest = batch == nil ? digest : nil
        return job
    }
}
