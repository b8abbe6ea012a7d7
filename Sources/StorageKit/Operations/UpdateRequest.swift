import Foundation
import Logging
import PostgresNIO
import QueueKit

/// The end of a re-ingest: the version a pipeline made (in its currently-processing
/// location) updates the stored AIP, as an `aip.update` job (Archivematica's
/// `PUT /api/v2/file/<uuid>/` with `reingest`). Checked here first: the AIP is stored and
/// being re-ingested on this pipeline, the new version is in a currently-processing
/// location that serves it and is named for the AIP, and the destination takes AIPs.
public struct UpdateRequest: Sendable {
    public var package: UUID
    public var pipeline: UUID
    /// The currently-processing location (name or UUID) and the path in it.
    public var origin: String
    public var originPath: String
    /// Where the updated AIP is kept (name or UUID): its location, or another AIP store.
    public var destination: String
    /// The PREMIS events and agents the pipeline sent with it (the pointer file's).
    public var premis: JSONValue?

    public init(package: UUID, pipeline: UUID, origin: String, originPath: String, destination: String, premis: JSONValue? = nil) {
        self.package = package
        self.pipeline = pipeline
        self.origin = origin
        self.originPath = originPath
        self.destination = destination
        self.premis = premis
    }

    /// Enqueues the update and returns its job's id.
    public func submit(queue: JobQueue, actor: String, submitter: String = "", on db: PostgresConnection) async throws -> UUID {
        let logger = queue.logger
        return try await db.transaction(logger: logger) { tx in
            try await tx.run(PackagesSQL.lock(package), logger: logger)
            let aip = try await Packages.get(package, on: tx, logger: logger)
            let id = package.uuidString.lowercased(), p = pipeline.uuidString.lowercased()
            guard aip.type == .aip || aip.type == .aic else {
                throw StorageError(.notReingestable, "Package with type \(aip.type.rawValue) cannot be re-ingested.")
            }
            guard aip.status == .stored else { throw QueueError(.conflict, "AIP \(id) is \(aip.status.rawValue): only a stored AIP is updated") }
            if let busy = try await queue.unfinishedJobs(forPackages: [package], on: tx).first {
                throw QueueError(.conflict, "AIP \(id) is busy with job \(busy.id.uuidString.lowercased()) (\(busy.kind))")
            }
            let running = (try? JSONValue(jsonText: aip.miscAttributes))?["reingest_pipeline"]
            guard running == .string(p) else {
                throw QueueError(.conflict, "AIP \(id) is not being re-ingested on pipeline \(p)" + (running.map { if case .string(let other) = $0 { " (it is on \(other))" } else { "" } } ?? ""))
            }
            let from = try await Locations.find(origin, on: tx, logger: logger)
            guard from.purpose == .currentlyProcessing, from.serves(pipeline) else {
                throw QueueError(.invalidInput, "a re-ingested AIP comes from a currently-processing location of pipeline \(p), and '\(from.name)' is not one")
            }
            _ = try PathConfinement.resolve(originPath, in: from.path, locationName: from.name)
            let name = (originPath as NSString).lastPathComponent
            guard PackageLayout.uuid(fromName: name) == package else {
                throw QueueError(.invalidInput, "'\(name)' is not named for AIP \(id) (<name>-\(id)[.7z|.tar.…])")
            }
            let to = try await Locations.find(destination, on: tx, logger: logger)
            guard aip.type.purposes.contains(to.purpose) else {
                throw QueueError(.invalidInput, "\(aip.type.noun)s go to \(aip.type.purposes.map(\.rawValue).joined(separator: ", ")) locations, and '\(to.name)' is \(to.purpose.rawValue)")
            }
            let args = UpdateHandler.Arguments(package: package, pipeline: pipeline, origin: from.uuid, originPath: originPath,
                                               destination: to.uuid, name: name, premis: premis, actor: actor)
            var job = NewJob(kind: UpdateHandler.kind, argsJSON: String(decoding: try JSONEncoder().encode(args), as: UTF8.self))
            job.submittedBy = submitter
            job.packageUUID = package
            return try await queue.enqueue(job, on: tx)
        }
    }
}
