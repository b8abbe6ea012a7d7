import Foundation
import Logging
import PostgresNIO
import QueueKit

/// What a re-ingest sends the pipeline, as the Storage Service chooses it
/// (`Package.start_reingest`): always the AIP's METS; `metadata` adds
/// `data/objects/metadata/`, `objects` every object but the submission documentation, and
/// `full` the whole bag, which the pipeline then takes as a new transfer.
public enum ReingestType: String, Sendable, Codable, CaseIterable {
    case metadata, objects, full

    /// From the Storage Service's words in any case (`FULL`, `metadata`), and amclient's
    /// `METADATA_ONLY` (its documented name for `metadata`).
    public init?(word: String) {
        let lower = word.lowercased()
        self.init(rawValue: lower == "metadata_only" ? "metadata" : lower)
    }

    /// The pipeline API that starts it: `transfer/reingest` or `ingest/reingest`.
    var target: String { self == .full ? "transfer" : "ingest" }

    /// Whether the file or directory at `path` (inside the bag) of AIP `uuid` is sent.
    func sends(_ path: String, of uuid: UUID) -> Bool {
        if self == .full || path == "data/METS.\(uuid.uuidString.lowercased()).xml" { return true }
        let parts = path.slashSeparated
        guard parts.count > 2, parts[0] == "data", parts[1] == "objects" else { return false }
        return self == .objects ? parts[2] != "submissionDocumentation" : parts[2] == "metadata"
    }
}

/// Asking for an AIP to be re-ingested by a pipeline, as an `aip.reingest` job. Every
/// check that can be made first is made here, with the Storage Service's answers: the
/// package is an AIP or AIC and stored, the pipeline registered and with one
/// currently-processing location, and no re-ingest running. The package is marked
/// (`misc_attributes.reingest_pipeline`) in the transaction that enqueues the job, so two
/// requests at once cannot both begin one.
public struct ReingestRequest: Sendable {
    public var package: UUID
    public var pipeline: UUID
    public var type: ReingestType
    /// A processing configuration of the pipeline's to put in a full re-ingest; `default`
    /// puts none (the pipeline uses its own default).
    public var processingConfiguration: String

    public init(package: UUID, pipeline: UUID, type: ReingestType, processingConfiguration: String = "default") {
        self.package = package
        self.pipeline = pipeline
        self.type = type
        self.processingConfiguration = processingConfiguration
    }

    /// Enqueues the re-ingest and returns its job's id.
    public func submit(queue: JobQueue, actor: String, submitter: String = "", on db: PostgresConnection) async throws -> UUID {
        let logger = queue.logger
        return try await db.transaction(logger: logger) { tx in
            let aip = try await Packages.get(package, on: tx, logger: logger)
            let id = package.uuidString.lowercased()
            guard aip.type.canBeRecovered else {
                throw StorageError(.notReingestable, "Package with type \(aip.type.rawValue) cannot be re-ingested.")
            }
            guard aip.status == .stored else {
                throw QueueError(.conflict, "AIP \(id) is \(aip.status.rawValue): only a stored AIP is re-ingested")
            }
            _ = try await Pipelines.get(pipeline, on: tx, logger: logger)
            let processing = try await Locations.list(purpose: .currentlyProcessing, pipeline: pipeline, on: tx, logger: logger)
            guard processing.count == 1, let destination = processing.first else {
                throw StorageError(.noProcessingLocation, "No currently processing Location is associated with pipeline \(pipeline.uuidString.lowercased())"
                                   + (processing.isEmpty ? "" : " (it has \(processing.count): a re-ingest needs exactly one)"))
            }
            guard try await !tx.rows(PackagesSQL.beginReingest(package, pipeline: pipeline), logger: logger).isEmpty else {
                let running = (try? JSONValue(jsonText: aip.miscAttributes))?["reingest_pipeline"].flatMap { if case .string(let p) = $0 { p } else { nil } }
                throw QueueError(.conflict, "This AIP is already being reingested on \(running ?? "a pipeline")")
            }
            let args = ReingestHandler.Arguments(package: package, pipeline: pipeline, type: type, processingConfiguration: processingConfiguration,
                                                 destination: destination.uuid, actor: actor)
            var job = NewJob(kind: ReingestHandler.kind, argsJSON: String(decoding: try JSONEncoder().encode(args), as: UTF8.self))
            job.submittedBy = submitter
            job.packageUUID = package
            job.maxAttempts = ReingestHandler.attempts
            return try await queue.enqueue(job, on: tx)
        }
    }
}
