import Foundation
import Logging
import PostgresNIO
import QueueKit

/// `reindex/`: the file index of a backlogged transfer made again from its METS, as the
/// Storage Service's `index_file_data_from_transfer_mets` makes it, so that the
/// pipeline's backlog rebuild and `file/metadata/` find its files. Quick enough to answer
/// in the request (one streamed read of one file), and harmless to repeat: a file
/// already indexed with the same fields is not added again.
public enum TransferReindex {
    /// Where Archivematica leaves the METS in a transfer, below `data/` in a bag.
    static let metsPath = "metadata/submissionDocumentation/METS.xml"

    /// The whole of `reindex/` on one connection (the command line's); the API holds none
    /// while the METS is read (`check`, `index`, `record`).
    public static func run(_ uuid: UUID, on db: PostgresConnection, logger: Logger) async throws -> Int {
        let package = try await check(uuid, on: db, logger: logger)
        return try await record(try await index(package), for: package, on: db, logger: logger)
    }

    /// The refusals, before anything is read: a stored transfer in a backlog location.
    public static func check(_ uuid: UUID, on db: PostgresConnection, logger: Logger) async throws -> Package {
        let package = try await Packages.get(uuid, on: db, logger: logger)
        guard package.type == .transfer else { throw StorageError(.notIndexable, "This package is not a transfer.") }
        guard try await Locations.get(package.locationUUID, on: db, logger: logger).purpose == .backlog else {
            throw StorageError(.notIndexable, "This package is not in transfer backlog.")
        }
        guard package.status == .stored else {
            throw QueueError(.conflict, "transfer \(uuid.uuidString.lowercased()) is \(package.status.rawValue): only a stored transfer is indexed")
        }
        return package
    }

    /// The index rows from the transfer's METS, read off the cooperative pool; cancelling
    /// the task (a client gone) stops the read.
    public static func index(_ package: Package) async throws -> [PackageFile] {
        let control = TransferControl()
        return try await BlockingIO.run(control) { try files(of: package.uuid, at: package.fullPath, control: control) }
    }

    /// Adds the rows the index lacks, under the package's lock and only if the transfer is
    /// still where it was read (a delete or a move may have come meanwhile); answers the
    /// index's size.
    public static func record(_ files: [PackageFile], for package: Package, on db: PostgresConnection, logger: Logger) async throws -> Int {
        try await db.transaction(logger: logger) { tx in
            try await tx.run(PackagesSQL.lock(package.uuid), logger: logger)
            let now = try await Packages.get(package.uuid, on: tx, logger: logger)
            guard now.status == .stored, now.locationUUID == package.locationUUID, now.path == package.path else {
                throw QueueError(.conflict, "transfer \(package.uuid.uuidString.lowercased()) changed while its METS was read (it is \(now.status.rawValue) now): nothing was indexed")
            }
            try await PackageFiles.addMissing(files, to: package.uuid, on: tx, logger: logger)
            return try await tx.decode(PackageFilesSQL.count(package.uuid), as: Int.self, logger: logger).first ?? 0
        }
    }

    /// What a transfer stored into the backlog adds to its index in the store's commit, as
    /// the Storage Service's `backlog_transfer` indexes it: a METS that cannot be read only
    /// leaves the index empty (with a warning), and `reindex/` says why.
    static func filesAtStore(of uuid: UUID, at root: String, logger: Logger) async -> [PackageFile] {
        do {
            let control = TransferControl()
            return try await BlockingIO.run(control) { try Self.files(of: uuid, at: root, control: control) }
        } catch {
            logger.warning("transfer \(uuid.uuidString.lowercased()) is stored without a file index: \(error)")
            return []
        }
    }

    /// The index rows of the transfer at `root` (blocking), from its METS: below `data/`
    /// when the transfer is a bag (it has `bagit.txt`), opened confined to the transfer.
    static func files(of uuid: UUID, at root: String, control: TransferControl) throws -> [PackageFile] {
        let id = uuid.uuidString.lowercased()
        guard FileSystem.kind(at: root) == .directory else {
            throw StorageError(.unsupported, "transfer \(id) is not a directory: only a transfer kept as one is indexed")
        }
        let inBag = FileSystem.kind(at: root + "/bagit.txt") == .file
        let path = (inBag ? "data/" : "") + metsPath
        let full: String
        do {
            full = try PathConfinement.resolve(path, in: root, locationName: "transfer " + id)
        } catch {
            guard error.code == StorageError.Code.sourceMissing else { throw error }
            throw TransferMETS.invalid(path, "transfer \(id) has no such file")
        }
        guard FileSystem.kind(at: full) == .file else { throw TransferMETS.invalid(path, "it is not a regular file") }
        let member = try MemberReader(file: full)
        let mets = try TransferMETS.parse(path) { buffer in
            try control.check()
            return try member.read(into: buffer)
        }
        let basename = (root as NSString).lastPathComponent
        let files = mets.files.map { file in
            PackageFile(package: uuid, name: join(basename, inBag ? "data" : nil, file.path), sourceID: file.uuid,
                        sourcePackage: mets.transferUUID, accessionID: mets.accessionID, origin: mets.dashboardUUID)
        }
        do {
            try PackageFiles.check(files)
        } catch {
            throw TransferMETS.invalid(path, error.message)
        }
        return files
    }

    /// Python's `os.path.join`: an absolute part starts the path again.
    static func join(_ parts: String?...) -> String {
        parts.compactMap { $0 }.reduce("") { path, part in
            part.hasPrefix("/") || path.isEmpty ? part : path.hasSuffix("/") ? path + part : path + "/" + part
        }
    }
}
