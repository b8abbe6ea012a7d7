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

    /// The longest a field may be: each is indexed, and a btree entry holds at most about
    /// 2.7 kB (a longer one fails the insert, and with it a store's commit).
    public static let fieldLimit = 2048

    /// Rows go in this many at a time, so that no statement's binds grow without end.
    static let batch = 50_000

    public static func add(_ files: [PackageFile], to package: UUID, on db: some PostgresExecutor, logger: Logger) async throws {
        _ = try await Packages.get(package, on: db, logger: logger)
        try check(files)
        for start in stride(from: 0, to: files.count, by: batch) {
            try await db.run(PackageFilesSQL.add(package, Array(files[start..<min(start + batch, files.count)])), logger: logger)
        }
    }

    /// Adds the files the index lacks with the same fields, each once (a reindex, a store).
    static func addMissing(_ files: [PackageFile], to package: UUID, on db: some PostgresExecutor, logger: Logger) async throws {
        for start in stride(from: 0, to: files.count, by: batch) {
            try await db.run(PackageFilesSQL.addMissing(package, Array(files[start..<min(start + batch, files.count)])), logger: logger)
        }
    }

    /// Refuses a field too long to be indexed, naming it.
    static func check(_ files: [PackageFile]) throws(StorageError) {
        for file in files {
            for (field, value) in [("relative_path", file.name), ("fileuuid", file.sourceID), ("sipuuid", file.sourcePackage),
                                   ("accessionid", file.accessionID), ("origin", file.origin)] where value.utf8.count > fieldLimit {
                throw StorageError(.invalidValue, "a file's \(field) is longer than \(fieldLimit) bytes: '\(value.prefix(60))…'", .init(field: field))
            }
        }
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
