import Foundation
import Logging
import PostgresNIO
import QueueKit

/// The end of a re-ingest: the version a pipeline made (in its currently-processing
/// location) updates the stored AIP, as an `aip.update` job (Archivematica's
/// `PUT /api/v2/file/<uuid>/` with `reingest`). Checked here first: the AIP is stored and
/// being re-ingested on this pipeline, the new version is in a currently-processing
/// location that serves it and is named for the AIP, and the destination takes AIPs.
/// A recovery (`recovering`, an approved `recover_aip/` request) is the same job with a
/// copy of the AIP itself, in a recovery location, under the AIP's own name.
public struct UpdateRequest: Sendable {
    public var package: UUID
    /// The pipeline re-ingesting it; for a recovery, the AIP's own (if it has one).
    public var pipeline: UUID?
    /// The currently-processing location (name or UUID) and the path in it.
    public var origin: String
    public var originPath: String
    /// Where the updated AIP is kept (name or UUID): its location, or another AIP store.
    public var destination: String
    /// The PREMIS events and agents the pipeline sent with it (the pointer file's).
    public var premis: JSONValue?
    public var recovering: Bool

    public init(package: UUID, pipeline: UUID?, origin: String, originPath: String, destination: String, premis: JSONValue? = nil,
                recovering: Bool = false) {
        self.recovering = recovering
        self.package = package
        self.pipeline = pipeline
        self.origin = origin
        self.originPath = originPath
        self.destination = destination
        self.premis = premis
    }

    /// Enqueues the update and returns its job's id.
    public func submit(queue: JobQueue, actor: String, submitter: String = "", on db: PostgresConnection) async throws -> UUID {
        try await db.transaction(logger: queue.logger) { tx in try await enqueue(queue: queue, actor: actor, submitter: submitter, within: tx) }
    }

    /// The same inside a transaction of the caller's (the approval of a recovery request).
    func enqueue(queue: JobQueue, actor: String, submitter: String, within tx: PostgresConnection) async throws -> UUID {
        let logger = queue.logger
        do {
            try await tx.run(PackagesSQL.lock(package), logger: logger)
            let aip = try await Packages.get(package, on: tx, logger: logger)
            let id = package.uuidString.lowercased(), p = pipeline?.uuidString.lowercased() ?? "none"
            guard aip.type.canBeRecovered else {
                throw StorageError(.notReingestable, "Package with type \(aip.type.rawValue) cannot be re-ingested.")
            }
            // A damaged AIP is recovered (its recovery replaces what no audit could repair).
            guard aip.status == .stored || (recovering && aip.status == .damaged) else {
                throw QueueError(.conflict, "AIP \(id) is \(aip.status.rawValue): only a stored AIP is updated")
            }
            if let busy = try await queue.unfinishedJobs(forPackages: [package], on: tx).first {
                throw QueueError(.conflict, "AIP \(id) is busy with job \(busy.id.uuidString.lowercased()) (\(busy.kind))")
            }
            let running = (try? JSONValue(jsonText: aip.miscAttributes))?["reingest_pipeline"]
            guard recovering || running == .string(p) else {
                throw QueueError(.conflict, "AIP \(id) is not being re-ingested on pipeline \(p)" + (running.map { if case .string(let other) = $0 { " (it is on \(other))" } else { "" } } ?? ""))
            }
            let from = try await Locations.find(origin, on: tx, logger: logger)
            if recovering {
                guard from.purpose == .aipRecovery else {
                    throw QueueError(.invalidInput, "an AIP is recovered from an aip-recovery location, and '\(from.name)' is \(from.purpose.rawValue)")
                }
            } else {
                guard from.purpose == .currentlyProcessing, let pipeline, from.serves(pipeline) else {
                    throw QueueError(.invalidInput, "a re-ingested AIP comes from a currently-processing location of pipeline \(p), and '\(from.name)' is not one")
                }
            }
            _ = try PathConfinement.resolve(originPath, in: from.path, locationName: from.name)
            let name = (originPath as NSString).lastPathComponent
            guard recovering ? name == aip.name : PackageLayout.uuid(fromName: name) == package else {
                throw QueueError(.invalidInput, "'\(name)' is not named for AIP \(id) (\(recovering ? aip.name : "<name>-\(id)[.7z|.tar.…]"))")
            }
            let to = try await Locations.find(destination, on: tx, logger: logger)
            guard aip.type.purposes.contains(to.purpose) else {
                throw QueueError(.invalidInput, "\(aip.type.noun)s go to \(aip.type.purposes.map(\.rawValue).joined(separator: ", ")) locations, and '\(to.name)' is \(to.purpose.rawValue)")
            }
            let args = UpdateHandler.Arguments(package: package, pipeline: pipeline, origin: from.uuid, originPath: originPath,
                                               destination: to.uuid, name: name, premis: premis, actor: actor, recover: recovering ? true : nil)
            var job = NewJob(kind: UpdateHandler.kind, argsJSON: String(decoding: try JSONEncoder().encode(args), as: UTF8.self))
            job.submittedBy = submitter
            job.packageUUID = package
            return try await queue.enqueue(job, on: tx)
        }
    }
}
