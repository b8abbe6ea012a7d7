import Foundation
import PostgresNIO
import QueueKit

/// `aip.reingest`: sends a stored AIP (or the part its re-ingest type needs) to a
/// pipeline's shared directory, at `tmp/<bag>/`, and asks the pipeline to start the
/// re-ingest there, as the Storage Service does (`Package.start_reingest`):
///
/// 1. the AIP is checked where it is, as `aip fixity` checks it; a damaged AIP is not sent;
/// 2. what the type needs is copied (a bag directory) or extracted (a compressed AIP) into
///    a temporary inside the currently-processing location, each file read back, made
///    durable, and renamed to `tmp/<bag>`; a copy already there (renamed before a crash)
///    is kept when it holds the same names and bytes, anything else is never overwritten;
/// 3. the pipeline's `api/<ingest|transfer>/reingest` is called with the credentials kept
///    at its registration; the job's result holds the `reingest_uuid` it answers.
///
/// A failure for good (or a cancel) forgets the re-ingest (`reingest_pipeline`), so it may
/// be asked for again. Steps are named for `SS_TEST_CRASH_AT` as `reingest.after-copy`
/// and `reingest.after-rename`.
public struct ReingestHandler: JobHandler {
    public struct Arguments: Codable, Sendable {
        public var package: UUID
        public var pipeline: UUID
        public var type: ReingestType
        public var processingConfiguration: String
        /// The pipeline's currently-processing location.
        public var destination: UUID
        public var actor: String

        enum CodingKeys: String, CodingKey {
            case package, pipeline, type, destination, actor
            case processingConfiguration = "processing_configuration"
        }
    }

    public static let kind = "aip.reingest"
    /// A pipeline that cannot be reached is tried again, but not for long: Archivematica's
    /// dashboard waits for the answer.
    static let attempts = 3

    let policy: LocationPolicy

    public init(policy: LocationPolicy = LocationPolicy(roots: [])) {
        self.policy = policy
    }

    public func run(_ a: Arguments, context: JobContext) async throws -> JobOutcome {
        let db = context.db, logger = context.logger, job = context.job.id
        let (package, destination, pipeline) = try await PackageJob.prepared {
            (try await Packages.get(a.package, on: db, logger: logger), try await Locations.get(a.destination, on: db, logger: logger),
             try await Pipelines.client(a.pipeline, on: db, logger: logger))
        }
        return try await PackageJob.run(context, undo: { tx, _ in
            try await BlockingIO.run(TransferControl()) { try PackageLayout.removeTemporaries(of: job, in: destination.path) }
            try await tx.run(PackagesSQL.endReingest(a.package, pipeline: a.pipeline), logger: logger)
        }) {
            guard package.status == .stored else { throw StorageFailure.wrongStatus(package, "re-ingest") }
            try PackageJob.require(policy) { try $0.check(package); try $0.check(destination) }
            let configuration = a.type == .full && a.processingConfiguration != "default"
                ? try await calling { try await pipeline.processingConfiguration(a.processingConfiguration) } : nil
            let control = TransferControl()
            let (name, report) = try await Progress.track(control, context) {
                try await BlockingIO.run(control) { try send(package, a, to: destination, configuration: configuration, job: job, control: control) }
            }
            let reingest = try await calling { try await pipeline.approveReingest(name: name, uuid: a.package, target: a.type.target) }
            let detail = "sent to pipeline \(a.pipeline.uuidString.lowercased()) for a \(a.type.rawValue) re-ingest: \(report.files) files, \(report.bytes) bytes at tmp/\(name) in \(destination.name)"
            let event = PackageJob.event("reingest", "ok", detail, actor: a.actor, context)
            var result: [String: JSONValue] = ["name": .string(name), "files": .number(Double(report.files)), "bytes": .number(Double(report.bytes))]
            result["reingest_uuid"] = .string((reingest ?? a.package).uuidString.lowercased())
            return try await context.commit(.succeeded(.object(result))) { tx in try await tx.run(PackagesSQL.addEvent(a.package, event), logger: logger) }
        }
    }

    /// Checks the AIP, then puts what `a.type` sends at `tmp/<bag>` in `destination`;
    /// returns the bag's name there and what was written.
    private func send(_ package: Package, _ a: Arguments, to destination: Location, configuration: Data?, job: UUID,
                      control: TransferControl) throws -> (String, TreeCopier.Report) {
        let verified = try PackageVerifier.verify(package.fullPath, side: "stored copy", control: control, type: package.type)
        guard verified.sha256 == package.sha256 else {
            throw JobFailure.permanent("fixity_failed", "AIP \(package.uuid.uuidString.lowercased()) is not sent: its SHA-256 is \(verified.sha256), recorded \(package.sha256 ?? "none")")
        }
        let root = FileSystem.realPath(destination.path) ?? destination.path
        let temporary = root + "/" + PackageLayout.temporaryName(uuid: job, purpose: "reingest")
        try PackageLayout.removeTemporaries(of: job, in: root)
        let sends = { (path: String) in a.type.sends(path, of: package.uuid) }
        var (report, name) = FileSystem.kind(at: package.fullPath) == .directory
            ? (try TreeCopier.copy(from: package.fullPath, to: temporary, control: control, selected: sends), package.name)
            : try ArchiveExtractor.extract(package.fullPath, into: temporary, control: control, selected: sends)
        let target = try PathConfinement.target("tmp/" + name, in: destination.path, locationName: destination.name)
        if let configuration {
            try FileSystem.writeNewFile(configuration, to: temporary + "/processingMCP.xml")
            report.files += 1
            report.bytes += Int64(configuration.count)
        }
        try FileSystem.syncFilesystem(of: root)
        FaultInjection.crash(at: "reingest.after-copy")
        if FileSystem.exists(target) {
            guard try TreeCopier.same(temporary, target, control: control) else {
                throw JobFailure.permanent("destination_occupied", "tmp/\(name) exists in location '\(destination.name)' and is not this AIP's copy: nothing is overwritten (remove it if an earlier re-ingest left it)")
            }
            try FileSystem.removeTree(temporary)
            return (name, report)
        }
        let created = try FileSystem.makeDirectories("tmp", under: root)
        try FileSystem.syncParents(of: created)
        try FileSystem.renameNoReplace(temporary, target)
        try FileSystem.syncDirectory(root + "/tmp")
        FaultInjection.crash(at: "reingest.after-rename")
        return (name, report)
    }

    /// A call to the pipeline: a refusal is final, no answer is tried again.
    private func calling<T>(_ call: () async throws -> T) async throws -> T {
        do {
            return try await call()
        } catch let failure as PipelineClient.Failure {
            throw failure.answered ? JobFailure.permanent("pipeline_refused", failure.description) : JobFailure.retryable("pipeline_unreachable", failure.description)
        }
    }
}
