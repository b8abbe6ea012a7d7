import Foundation
import Logging
import PostgresNIO
import QueueKit

/// Registering a pipeline with the locations it needs, as Archivematica's installer asks
/// (`POST /api/v2/pipeline/` with `create_default_locations` and `shared_path`) and as
/// `ss-cli pipeline add --shared-path … --default-locations` does: all of it or nothing,
/// in one transaction.
public struct PipelineRegistration: Sendable {
    public var uuid: UUID
    public var description: String
    public var remoteName: String
    public var credentials: PipelineCredentials
    /// The pipeline's shared directory, which becomes its currently-processing location.
    public var sharedPath: String?
    /// Also make the Storage Service's default locations for the purposes no location
    /// serves this pipeline in yet (`defaults`).
    public var createDefaultLocations: Bool

    public init(uuid: UUID, description: String = "", remoteName: String = "", credentials: PipelineCredentials = .init(),
                sharedPath: String? = nil, createDefaultLocations: Bool = false) {
        self.uuid = uuid
        self.description = description
        self.remoteName = remoteName
        self.credentials = credentials
        self.sharedPath = sharedPath
        self.createDefaultLocations = createDefaultLocations
    }

    /// Where Archivematica keeps its shared directory when the installer names none.
    public static let defaultSharedPath = "/var/archivematica/sharedDirectory"

    /// The Storage Service's defaults that a pipeline stores into, with its directory
    /// names and descriptions. They go beside the shared directory, not inside it as in
    /// Archivematica's layout: ss's locations never contain one another, and the
    /// currently-processing location is the shared directory. No transfer source is made
    /// (the Storage Service's is `/home`: where transfers are is the archive's choice),
    /// and no recovery location (ss does not recover AIPs yet).
    public static let defaults: [(purpose: LocationPurpose, name: String, directory: String, description: String)] = [
        (.aipStorage, "default-aip-storage", "AIPsStore", "Store AIP in standard Archivematica Directory"),
        (.dipStorage, "default-dip-storage", "DIPsStore", "Store DIP in standard Archivematica Directory"),
        (.backlog, "default-backlog", "transferBacklog", "Default transfer backlog"),
    ]

    public struct Outcome: Sendable {
        public var pipeline: Pipeline
        /// The locations made for it or that it now shares, currently-processing first.
        public var locations: [Location]
    }

    /// `requireRoots` is the API's rule for the locations it makes (`LocationPolicy.check`).
    public func register(policy: LocationPolicy, requireRoots: Bool, on db: PostgresConnection, logger: Logger) async throws -> Outcome {
        try await db.transaction(logger: logger) { tx in
            let pipeline = try await Pipelines.add(uuid, description: description, remoteName: remoteName, credentials: credentials,
                                                   on: tx, logger: logger)
            guard let sharedPath else { return Outcome(pipeline: pipeline, locations: []) }
            let shared = try await processing(at: sharedPath, policy: policy, requireRoots: requireRoots, on: tx, logger: logger)
            var locations = [shared]
            guard createDefaultLocations else { return Outcome(pipeline: pipeline, locations: locations) }
            let parent = (shared.path as NSString).deletingLastPathComponent
            for d in Self.defaults where try await Locations.list(purpose: d.purpose, pipeline: uuid, on: tx, logger: logger).isEmpty {
                let path = (parent == "/" ? "" : parent) + "/" + d.directory
                // The policy first, so that no directory is made where no location may be.
                try policy.check(path, requireRoots: requireRoots)
                do { try FileSystem.makeDirectory(path) } catch {
                    throw QueueError(.invalidInput, "cannot make \(path) for the default \(d.purpose.rawValue) location '\(d.name)': \(error)")
                }
                locations.append(try await Locations.add(name: d.name, path: path, purpose: d.purpose, description: d.description,
                                                         policy: policy, requireRoots: requireRoots, on: tx, logger: logger))
            }
            return Outcome(pipeline: pipeline, locations: locations)
        }
    }

    /// The currently-processing location at `path`: the one there already, which now
    /// serves this pipeline too, or a new one that serves this pipeline alone.
    private func processing(at path: String, policy: LocationPolicy, requireRoots: Bool,
                            on tx: PostgresConnection, logger: Logger) async throws -> Location {
        let real = FileSystem.realPath(path) ?? path
        if let existing = try await Locations.list(purpose: .currentlyProcessing, on: tx, logger: logger).first(where: { $0.path == real }) {
            try await Locations.link(existing.uuid, to: uuid, on: tx, logger: logger)
            return try await Locations.get(existing.uuid, on: tx, logger: logger)
        }
        let name = "processing-" + uuid.uuidString.lowercased().prefix(8)
        return try await Locations.add(name: name, path: path, purpose: .currentlyProcessing,
                                       description: "Currently processing (pipeline \(uuid.uuidString.lowercased()))",
                                       pipelines: [uuid], policy: policy, requireRoots: requireRoots, on: tx, logger: logger)
    }
}
