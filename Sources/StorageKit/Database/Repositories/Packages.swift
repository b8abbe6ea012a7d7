import Foundation
import Logging
import PostgresNIO
import QueueKit

/// Reading packages and their events, and the writes the job handlers make.
public enum Packages {
    typealias Row = (UUID, String, String, UUID, String, String, String, Int64?, String?, Date?, String?, UUID?, String, UUID?, String, String, Date?)

    /// `notFound` when there is no such AIP.
    public static func get(_ uuid: UUID, on db: some PostgresExecutor, logger: Logger) async throws -> Package {
        guard let row = try await db.decode(PackagesSQL.get(uuid), as: Row.self, logger: logger).first else {
            throw QueueError(.notFound, "no AIP \(uuid.uuidString.lowercased())")
        }
        return package(row)
    }

    /// What a submission checks of an AIP: four columns, so that checking 100,000 lines
    /// does not decode 100,000 whole rows (that was a sixth of a batch submission's time).
    struct Standing: Sendable {
        var uuid: UUID, status: PackageStatus, locationUUID: UUID, locationName: String, type: PackageType
    }

    /// Those of `uuids` that exist.
    static func standings(_ uuids: [UUID], on db: some PostgresExecutor, logger: Logger) async throws -> [Standing] {
        guard !uuids.isEmpty else { return [] }
        return try await db.decode(PackagesSQL.standings(uuids), as: (UUID, String, UUID, String, String).self, logger: logger).map {
            Standing(uuid: $0.0, status: PackageStatus(rawValue: $0.1) ?? .failed, locationUUID: $0.2, locationName: $0.3,
                     type: PackageType(rawValue: $0.4) ?? .aip)
        }
    }

    /// Takes the store lock of `uuids` until the transaction ends (`PackagesSQL.lock`).
    static func lockStores(_ uuids: Set<UUID>, on db: some PostgresExecutor, logger: Logger) async throws {
        if !uuids.isEmpty { try await db.run(PackagesSQL.lock(Array(uuids)), logger: logger) }
    }

    public static func list(location: UUID? = nil, status: PackageStatus? = nil, limit: Int = 10_000,
                            on db: some PostgresExecutor, logger: Logger) async throws -> [Package] {
        try await db.decode(PackagesSQL.list(location: location, status: status?.rawValue, limit: limit), as: Row.self, logger: logger)
            .map(package)
    }

    /// The packages whose name begins with `text`, ignoring case, in name order.
    public static func search(name text: String, limit: Int = 50, on db: some PostgresExecutor, logger: Logger) async throws -> [Package] {
        try await db.decode(PackagesSQL.search(name: text, limit: limit), as: Row.self, logger: logger).map(package)
    }

    /// A page of AIPs as the v2 API lists them, each with its Archivematica status, and
    /// how many match in all.
    public static func page(_ query: PackageQuery, on db: some PostgresExecutor, logger: Logger) async throws -> (packages: [(Package, String)], total: Int) {
        let rows = try await db.decode(PackagesSQL.page(query), as: (UUID, String, String, UUID, String, String, String, Int64?, String?, Date?,
                                                                     String?, UUID?, String, UUID?, String, String, Date?, String).self, logger: logger)
        let packages = rows.map { r in (package((r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9, r.10, r.11, r.12, r.13, r.14, r.15, r.16)), r.17) }
        let total = try await db.decode(PackagesSQL.count(query), as: Int.self, logger: logger).first ?? 0
        return (packages, total)
    }

    public static func events(_ uuid: UUID, on db: some PostgresExecutor, logger: Logger) async throws -> [PackageEvent] {
        try await db.decode(PackagesSQL.events(uuid), as: (String, Date, String, String, String, UUID?).self, logger: logger).map {
            PackageEvent(type: $0.0, at: $0.1, outcome: $0.2, detail: $0.3, actor: $0.4, jobID: $0.5)
        }
    }

    /// Records what the pipeline said of a package, in the transaction that submits its store.
    public static func describe(_ uuid: UUID, _ description: PackageDescription, on db: some PostgresExecutor, logger: Logger) async throws {
        try await db.run(PackagesSQL.describe(uuid, description), logger: logger)
    }

    /// The METS pointer file of a compressed AIP, made from its row and the PREMIS events
    /// and agents its pipeline sent; `notFound` when it has none, as the Storage Service says.
    public static func pointerFile(_ uuid: UUID, on db: some PostgresExecutor, logger: Logger) async throws -> String {
        let package = try await get(uuid, on: db, logger: logger)
        let text = try await db.decode(PackagesSQL.premis(uuid), as: String?.self, logger: logger).first ?? nil
        guard let xml = PointerFile.make(for: package, premis: try text.map { try JSONValue(jsonText: $0) }) else {
            throw QueueError(.notFound, "Resource with UUID \(uuid.uuidString.lowercased()) does not have a pointer file")
        }
        return xml
    }

    /// Forgets a re-ingest (`misc_attributes.reingest_pipeline`); `notFound` for no package.
    public static func clearReingest(_ uuid: UUID, on db: some PostgresExecutor, logger: Logger) async throws {
        guard try await !db.rows(PackagesSQL.clearReingest(uuid), logger: logger).isEmpty else {
            throw QueueError(.notFound, "no package \(uuid.uuidString.lowercased())")
        }
    }

    /// The packages related to each of `uuids` (both ways), in no order.
    public static func related(_ uuids: [UUID], on db: some PostgresExecutor, logger: Logger) async throws -> [UUID: [UUID]] {
        guard !uuids.isEmpty else { return [:] }
        var out: [UUID: [UUID]] = [:]
        for (package, related) in try await db.decode(PackagesSQL.related(uuids), as: (UUID, UUID).self, logger: logger) {
            out[package, default: []].append(related)
        }
        return out
    }

    private static func package(_ r: Row) -> Package {
        Package(uuid: r.0, name: r.1, status: PackageStatus(rawValue: r.2) ?? .failed, locationUUID: r.3, locationName: r.4,
                path: r.5, locationPath: r.6, size: r.7, sha256: r.8, storedAt: r.9, cleanupPath: r.10, cleanupJob: r.11,
                type: PackageType(rawValue: r.12) ?? .aip, originPipeline: r.13, miscAttributes: r.14,
                primaryState: PackageCopy.State(rawValue: r.15) ?? .ok, auditedAt: r.16)
    }
}
