import Foundation
import Logging
import PostgresNIO
import QueueKit

/// A copy of files from a transfer source or the backlog into a pipeline's
/// currently-processing location, as a `location.copy` job: every check that can be made
/// before anything is enqueued is made here (both locations and their purposes, the
/// pipeline they serve, each path's form, each source there and each destination free),
/// and the job makes them again before it touches anything.
public struct CopyFilesRequest: Sendable {
    public var origin: String
    public var destination: String
    public var files: [FileCopy]
    /// The pipeline asking: both locations must serve it.
    public var pipeline: UUID?

    public init(origin: String, destination: String, files: [FileCopy], pipeline: UUID? = nil) {
        self.origin = origin
        self.destination = destination
        self.files = files
        self.pipeline = pipeline
    }

    /// Where files may come from and go to. A copy never writes into a location that
    /// holds AIPs: what it puts there could stand where an AIP is about to be stored.
    public static let origins: [LocationPurpose] = [.transferSource, .backlog]
    public static let destinations: [LocationPurpose] = [.currentlyProcessing]

    /// Enqueues the copy and returns its job's id.
    public func submit(queue: JobQueue, actor: String, submitter: String = "", on db: PostgresConnection) async throws -> UUID {
        let logger = queue.logger
        guard !files.isEmpty else { throw QueueError(.invalidInput, "a copy needs at least one file ('files': [{source, destination}])") }
        let from = try await Locations.find(origin, on: db, logger: logger)
        let to = try await Locations.find(destination, on: db, logger: logger)
        for (location, allowed, role) in [(from, Self.origins, "from"), (to, Self.destinations, "into")] {
            guard allowed.contains(location.purpose) else {
                throw QueueError(.invalidInput, "files are copied \(role) \(allowed.map(\.rawValue).joined(separator: " or ")) locations, and '\(location.name)' is \(location.purpose.rawValue)")
            }
            if let pipeline, !location.serves(pipeline) {
                throw QueueError(.invalidInput, "location '\(location.name)' does not serve pipeline \(pipeline.uuidString.lowercased())")
            }
        }
        for file in files {
            _ = try PathConfinement.resolve(file.source, in: from.path, locationName: from.name)
            let target = try PathConfinement.target(file.destination, in: to.path, locationName: to.name)
            guard !FileSystem.exists(target) else {
                throw QueueError(.conflict, "'\(file.destination)' exists in location '\(to.name)': a copy never overwrites")
            }
        }
        let args = CopyFilesHandler.Arguments(origin: from.uuid, destination: to.uuid, files: files, actor: actor)
        var job = NewJob(kind: CopyFilesHandler.kind, argsJSON: String(decoding: try JSONEncoder().encode(args), as: UTF8.self))
        job.submittedBy = submitter
        return try await queue.enqueue(job, on: db)
    }
}
