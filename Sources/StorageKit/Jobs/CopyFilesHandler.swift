import Foundation
import QueueKit

/// `location.copy`: copies files or directories from a transfer source or the backlog
/// into a pipeline's shared directory, as Archivematica asks before it starts a transfer
/// (`POST /api/v2/location/<CP>/`). Each one is copied into a temporary inside the
/// destination, read back, made durable and renamed into place; a copy already at its
/// place that holds the same bytes (renamed there before a crash) is kept, and anything
/// else there is never overwritten.
///
/// Steps are named for `SS_TEST_CRASH_AT` as `copy.after-copy` and `copy.after-rename`.
public struct CopyFilesHandler: JobHandler {
    public struct Arguments: Codable, Sendable {
        public var origin: UUID
        public var destination: UUID
        public var files: [FileCopy]
        public var actor: String
    }

    public static let kind = "location.copy"

    let policy: LocationPolicy

    public init(policy: LocationPolicy = LocationPolicy(roots: [])) {
        self.policy = policy
    }

    public func run(_ a: Arguments, context: JobContext) async throws -> JobOutcome {
        let origin = try await Locations.get(a.origin, on: context.db, logger: context.logger)
        let destination = try await Locations.get(a.destination, on: context.db, logger: context.logger)
        let job = context.job.id
        do {
            try PackageJob.require(policy) { try $0.check(origin); try $0.check(destination) }
            try await BlockingIO.run(TransferControl()) { try PackageLayout.removeTemporaries(of: job, in: destination.path) }
            var copied = TreeCopier.Report(files: 0, bytes: 0)
            for (i, file) in a.files.enumerated() {
                let report = try await copy(file, index: i, from: origin, to: destination, context: context)
                copied = .init(files: copied.files + report.files, bytes: copied.bytes + report.bytes)
            }
            return .succeeded(["files": .number(Double(copied.files)), "bytes": .number(Double(copied.bytes))])
        } catch {
            try? await BlockingIO.run(TransferControl()) { try PackageLayout.removeTemporaries(of: job, in: destination.path) }
            throw StorageFailure.classify(error)
        }
    }

    private func copy(_ file: FileCopy, index: Int, from origin: Location, to destination: Location,
                      context: JobContext) async throws -> TreeCopier.Report {
        let source = try PathConfinement.resolve(file.source, in: origin.path, locationName: origin.name)
        let target = try PathConfinement.target(file.destination, in: destination.path, locationName: destination.name)
        let root = FileSystem.realPath(destination.path) ?? destination.path
        let temporary = root + "/" + PackageLayout.temporaryName(uuid: context.job.id, purpose: "copy-\(index)")
        let control = TransferControl()
        return try await Progress.track(control, context) {
            try await BlockingIO.run(control) {
                if FileSystem.exists(target) {
                    guard try TreeCopier.same(source, target, control: control) else {
                        throw JobFailure.permanent("destination_occupied", "\(file.destination) exists in location '\(destination.name)' and is not a copy of \(file.source): nothing is overwritten")
                    }
                    return TreeCopier.Report(files: 0, bytes: 0)
                }
                let report = try TreeCopier.copy(from: source, to: temporary, control: control)
                let relative = String(target.dropFirst(root.count + 1))
                let created = try FileSystem.makeDirectories((relative as NSString).deletingLastPathComponent, under: root)
                try FileSystem.syncFilesystem(of: root)
                FaultInjection.crash(at: "copy.after-copy")
                try FileSystem.renameNoReplace(temporary, target)
                try FileSystem.syncParents(of: created)
                try FileSystem.syncDirectory((target as NSString).deletingLastPathComponent)
                FaultInjection.crash(at: "copy.after-rename")
                return report
            }
        }
    }

}

/// One entry of a copy: `source` relative to the origin location, `destination` to the
/// destination one (Archivematica's `files: [{source, destination}]`).
public struct FileCopy: Codable, Sendable, Equatable {
    public var source: String
    public var destination: String

    public init(source: String, destination: String) {
        self.source = source
        self.destination = destination
    }
}
