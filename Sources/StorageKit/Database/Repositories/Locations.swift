import Foundation
import Logging
import PostgresNIO
import QueueKit

/// Reading and adding locations. Everywhere a location is asked for, its name or its
/// UUID will do.
public enum Locations {
    typealias Row = (UUID, String, String, String, UUID, String, Date, Bool, [UUID])

    /// Adds a location where `policy` allows one; `requireRoots` is the API's rule (see
    /// `LocationPolicy.check`). Only a transfer-source may be a `removableSource`. With
    /// `pipelines`, registered ones, it serves only those; with none, every pipeline.
    public static func add(
        name: String, path: String, purpose: LocationPurpose, description: String = "", removableSource: Bool = false,
        pipelines: [UUID] = [], policy: LocationPolicy = LocationPolicy(roots: []), requireRoots: Bool = false,
        on db: some PostgresExecutor, logger: Logger
    ) async throws -> Location {
        guard !name.isEmpty, UUID(uuidString: name) == nil, !name.contains("/") else {
            throw QueueError(.invalidInput, "invalid location name '\(name)': give a name that is not a UUID and has no '/'")
        }
        guard !removableSource || purpose == .transferSource else {
            throw QueueError(.invalidInput, "only a transfer-source location can let stores remove their sources (--removable-source)")
        }
        try await Pipelines.requireRegistered(pipelines, on: db, logger: logger)
        let space = FilesystemSpace(uuid: FilesystemSpace.defaultUUID, root: "/")
        try space.checkLocationPath(path)
        try policy.check(path, requireRoots: requireRoots)
        // Stored with symlinks resolved, so that two names for one directory are caught as
        // the same location, and paths resolved inside it always start with it.
        let clean = FileSystem.realPath(path) ?? path
        let existing = try await list(on: db, logger: logger)
        if existing.contains(where: { $0.name == name }) { throw QueueError(.conflict, "a location named '\(name)' exists") }
        for other in existing
        where other.path == clean || clean.hasPrefix(other.path + "/") || other.path.hasPrefix(clean + "/") {
            throw QueueError(.conflict, "\(clean) overlaps location '\(other.name)' (\(other.path)); locations may not contain one another")
        }
        let location = Location(uuid: .timeOrdered(), name: name, purpose: purpose, path: clean,
                                spaceUUID: space.uuid, description: description, createdAt: Date(), removableSource: removableSource,
                                pipelines: Array(Set(pipelines)).sorted { $0.uuidString < $1.uuidString })
        let inserted = try await db.rows(LocationsSQL.insert(location), logger: logger)
        guard !inserted.isEmpty else {
            let clash = try await db.decode(LocationsSQL.conflicting(name: name, path: clean), as: (String, String).self, logger: logger)
            let what = clash.map { $0.0 == name ? "a location named '\(name)' exists" : "location '\($0.0)' already has the path \($0.1)" }
            throw QueueError(.conflict, what.first ?? "the location conflicts with an existing one")
        }
        return location
    }

    /// Gives `location` the directory its AIPs were moved to (a new mount point, a
    /// directory renamed): checked as a new location's is, refused (nothing changed)
    /// while any AIP is being stored, moved or deleted or a copy is still to be made
    /// there, and unless every AIP and replica recorded in it is at the new directory.
    public static func setPath(of location: Location, to path: String, policy: LocationPolicy,
                               on tx: PostgresConnection, logger: Logger) async throws -> Location {
        try FilesystemSpace(uuid: FilesystemSpace.defaultUUID, root: "/").checkLocationPath(path)
        try policy.check(path, requireRoots: false)
        guard FileSystem.kind(at: path) == .directory else { throw QueueError(.notFound, "\(path) is not a directory") }
        let clean = FileSystem.realPath(path) ?? path
        try await tx.run(LocationsSQL.lock(location.uuid), logger: logger)
        for other in try await list(on: tx, logger: logger)
        where other.uuid != location.uuid && (other.path == clean || clean.hasPrefix(other.path + "/") || other.path.hasPrefix(clean + "/")) {
            throw QueueError(.conflict, "\(clean) overlaps location '\(other.name)' (\(other.path)); locations may not contain one another")
        }
        let busy = try await tx.decode(LocationsSQL.unsettled(location.uuid), as: Int.self, logger: logger).first ?? 0
        guard busy == 0 else {
            throw QueueError(.conflict, "\(busy) AIPs or copies are being stored, moved, deleted or made; let their jobs finish, then give location '\(location.name)' its new path")
        }
        let held = try await tx.decode(LocationsSQL.heldPaths(location.uuid), as: String.self, logger: logger)
        let absent = held.filter { !FileSystem.exists(clean + "/" + $0) }
        guard absent.isEmpty else {
            throw QueueError(.notFound, "\(absent.count) of the \(held.count) AIPs and copies in location '\(location.name)' are not under \(clean) (\(absent.prefix(3).joined(separator: ", "))); nothing was changed")
        }
        try await tx.run(LocationsSQL.setPath(location.uuid, from: location.path, to: clean), logger: logger)
        return try await get(location.uuid, on: tx, logger: logger)
    }

    /// By UUID or name; `notFound` names what was asked for.
    public static func find(_ reference: String, on db: some PostgresExecutor, logger: Logger) async throws -> Location {
        let query = UUID(uuidString: reference).map(LocationsSQL.byUUID) ?? LocationsSQL.byName(reference)
        guard let row = try await db.decode(query, as: Row.self, logger: logger).first else {
            throw QueueError(.notFound, "no location '\(reference)' (see `ss-cli location list`)")
        }
        return try location(row)
    }

    public static func get(_ uuid: UUID, on db: some PostgresExecutor, logger: Logger) async throws -> Location {
        try await find(uuid.uuidString, on: db, logger: logger)
    }

    /// By name; with `pipeline`, only the locations it may use.
    public static func list(purpose: LocationPurpose? = nil, pipeline: UUID? = nil, on db: some PostgresExecutor, logger: Logger) async throws -> [Location] {
        try await db.decode(LocationsSQL.list(purpose: purpose?.rawValue, pipeline: pipeline), as: Row.self, logger: logger).map(location)
    }

    /// Lets `pipeline` use `location` too; a location that serves every pipeline already does.
    public static func link(_ location: UUID, to pipeline: UUID, on db: some PostgresExecutor, logger: Logger) async throws {
        try await db.run(LocationsSQL.link(location, to: pipeline), logger: logger)
    }

    /// AIPs held (not deleted) and their bytes, per location; absent means none.
    public static func usage(_ uuids: [UUID], on db: some PostgresExecutor, logger: Logger) async throws -> [UUID: (packages: Int, bytes: Int64)] {
        var out: [UUID: (packages: Int, bytes: Int64)] = [:]
        for (uuid, count, bytes) in try await db.decode(LocationsSQL.usage(uuids), as: (UUID, Int, Int64).self, logger: logger) {
            out[uuid] = (count, bytes)
        }
        return out
    }

    /// A space as the v2 API shows it: its root and the bytes its locations hold.
    public struct SpaceInfo: Sendable {
        public var uuid: UUID
        public var name: String
        public var kind: String
        public var root: String
        public var createdAt: Date
        public var used: Int64
    }

    public static func spaces(on db: some PostgresExecutor, logger: Logger) async throws -> [SpaceInfo] {
        var used: [UUID: Int64] = [:]
        for (uuid, bytes) in try await db.decode(LocationsSQL.spaceUsage, as: (UUID, Int64).self, logger: logger) { used[uuid] = bytes }
        return try await db.decode(LocationsSQL.spaces, as: (UUID, String, String, String, Date).self, logger: logger).map {
            SpaceInfo(uuid: $0.0, name: $0.1, kind: $0.2, root: $0.3, createdAt: $0.4, used: used[$0.0] ?? 0)
        }
    }

    private static func location(_ r: Row) throws -> Location {
        guard let purpose = LocationPurpose(rawValue: r.2) else { throw QueueError(.invalidInput, "unknown purpose \(r.2)") }
        return Location(uuid: r.0, name: r.1, purpose: purpose, path: r.3, spaceUUID: r.4, description: r.5, createdAt: r.6, removableSource: r.7,
                        pipelines: r.8)
    }
}
