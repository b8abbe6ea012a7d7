import Foundation
import Logging
import PostgresNIO
import QueueKit

/// One file of a package as its pipeline described it (the Storage Service's `File`):
/// what `file/<uuid>/contents/` lists and `file/metadata/` finds.
public struct PackageFile: Sendable, Equatable {
    public var package: UUID
    /// The file's path in the package (`relative_path`).
    public var name: String
    /// Its UUID in the pipeline (`fileuuid`).
    public var sourceID: String
    /// The SIP or transfer it came from (`sipuuid`).
    public var sourcePackage: String
    public var accessionID: String
    public var origin: String
    public var checksum = ""

    public init(package: UUID, name: String, sourceID: String, sourcePackage: String, accessionID: String, origin: String, checksum: String = "") {
        self.package = package
        self.name = name
        self.sourceID = sourceID
        self.sourcePackage = sourcePackage
        self.accessionID = accessionID
        self.origin = origin
        self.checksum = checksum
    }

    /// What `file/metadata/` looks files up by; at least one is given.
    public struct Query: Sendable {
        public var name: String?
        public var sourceID: String?
        public var accessionID: String?
        public var sourcePackage: String?

        public init(name: String? = nil, sourceID: String? = nil, accessionID: String? = nil, sourcePackage: String? = nil) {
            self.name = name
            self.sourceID = sourceID
            self.accessionID = accessionID
            self.sourcePackage = sourcePackage
        }

        public var isEmpty: Bool { name == nil && sourceID == nil && accessionID == nil && sourcePackage == nil }
    }
}

/// The file index: added to, listed and cleared per package, and searched.
public enum PackageFiles {
    typealias Row = (UUID, String, String, String, String, String, String)

    /// The most `find` answers: a lookup by a common name must not read a million rows.
    public static let findLimit = 1000

    public static func add(_ files: [PackageFile], to package: UUID, on db: some PostgresExecutor, logger: Logger) async throws {
        _ = try await Packages.get(package, on: db, logger: logger)
        guard !files.isEmpty else { return }
        try await db.run(PackageFilesSQL.add(package, files), logger: logger)
    }

    public static func list(_ package: UUID, on db: some PostgresExecutor, logger: Logger) async throws -> [PackageFile] {
        _ = try await Packages.get(package, on: db, logger: logger)
        return try await db.decode(PackageFilesSQL.list(package), as: Row.self, logger: logger).map(file)
    }

    public static func remove(from package: UUID, on db: some PostgresExecutor, logger: Logger) async throws {
        _ = try await Packages.get(package, on: db, logger: logger)
        try await db.run(PackageFilesSQL.remove(package), logger: logger)
    }

    public static func find(_ query: PackageFile.Query, on db: some PostgresExecutor, logger: Logger) async throws -> [PackageFile] {
        guard !query.isEmpty else { throw QueueError(.invalidInput, "No supported query properties found!") }
        return try await db.decode(PackageFilesSQL.find(query, limit: findLimit), as: Row.self, logger: logger).map(file)
    }

    private static func file(_ r: Row) -> PackageFile {
        PackageFile(package: r.0, name: r.1, sourceID: r.2, sourcePackage: r.3, accessionID: r.4, origin: r.5, checksum: r.6)
    }
}
