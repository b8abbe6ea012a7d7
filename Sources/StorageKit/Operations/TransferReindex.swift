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

    /// Indexes the transfer's files and answers how many the package's index holds now.
    public static func run(_ uuid: UUID, on db: PostgresConnection, logger: Logger) async throws -> Int {
        let package = try await Packages.get(uuid, on: db, logger: logger)
        guard package.type == .transfer else { throw StorageError(.notIndexable, "This package is not a transfer.") }
        guard try await Locations.get(package.locationUUID, on: db, logger: logger).purpose == .backlog else {
            throw StorageError(.notIndexable, "This package is not in transfer backlog.")
        }
        guard package.status == .stored else {
            throw QueueError(.conflict, "transfer \(uuid.uuidString.lowercased()) is \(package.status.rawValue): only a stored transfer is indexed")
        }
        let files = try await BlockingIO.run(TransferControl()) { try Self.files(of: uuid, at: package.fullPath) }
        return try await db.transaction(logger: logger) { tx in
            try await tx.run(PackagesSQL.lock(uuid), logger: logger)
            if !files.isEmpty { try await tx.run(PackageFilesSQL.addMissing(uuid, files), logger: logger) }
            return try await tx.decode(PackageFilesSQL.count(uuid), as: Int.self, logger: logger).first ?? 0
        }
    }

    /// What a transfer stored into the backlog adds to its index in the store's commit, as
    /// the Storage Service's `backlog_transfer` indexes it: a METS that cannot be read only
    /// leaves the index empty (with a warning), and `reindex/` says why.
    static func filesAtStore(of uuid: UUID, at root: String, logger: Logger) async -> [PackageFile] {
        do {
            return try await BlockingIO.run(TransferControl()) { try Self.files(of: uuid, at: root) }
        } catch {
            logger.warning("transfer \(uuid.uuidString.lowercased()) is stored without a file index: \(error)")
            return []
        }
    }

    /// The index rows of the transfer at `root` (blocking), from its METS: below `data/`
    /// when the transfer is a bag (it has `bagit.txt`), opened confined to the transfer.
    static func files(of uuid: UUID, at root: String) throws -> [PackageFile] {
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
        let mets = try TransferMETS.parse(path) { try member.read(into: $0) }
        let basename = (root as NSString).lastPathComponent
        return mets.files.map { file in
            PackageFile(package: uuid, name: join(basename, inBag ? "data" : nil, file.path), sourceID: file.uuid,
                        sourcePackage: mets.transferUUID, accessionID: mets.accessionID, origin: mets.dashboardUUID)
        }
    }

    /// Python's `os.path.join`: an absolute part starts the path again.
    static func join(_ parts: String?...) -> String {
        parts.compactMap { $0 }.reduce("") { path, part in
            part.hasPrefix("/") || path.isEmpty ? part : path.hasSuffix("/") ? path + part : path + "/" + part
        }
    }
}
