import Foundation
import PostgresNIO
import QueueKit

/// `aip.fixity`: re-reads a stored AIP where it is (re-validating a bag) and records the
/// outcome in its history. A mismatch fails the job permanently, naming the files.
public struct FixityHandler: JobHandler {
    public struct Arguments: Codable, Sendable {
        public var package: UUID
        public var actor: String
    }

    public static let kind = "aip.fixity"

    public init() {}

    public func run(_ a: Arguments, context: JobContext) async throws -> JobOutcome {
        let db = context.db, logger = context.logger
        let package = try await Packages.get(a.package, on: db, logger: logger)
        guard package.status == .stored else { throw StorageFailure.wrongStatus(package, "check") }
        let path = package.fullPath
        guard FileSystem.exists(path) else {
            return try await fail(a, context, "the AIP is missing: nothing at \(path)")
        }
        let control = TransferControl()
        let report: PackageReport
        do {
            report = try await Progress.track(control, context) {
                try await BlockingIO.run(control) { try PackageVerifier.verify(path, side: "stored copy", control: control) }
            }
        } catch let invalid as BagInvalid {
            return try await fail(a, context, invalid.problems.joined(separator: "; "))
        } catch let io as IOFailure where io.errno == ENOENT {
            return try await fail(a, context, "a file is missing: \(io)")
        }
        guard report.sha256 == package.sha256 else {
            return try await fail(a, context, "the package's SHA-256 is \(report.sha256), recorded \(package.sha256 ?? "none")")
        }
        let detail = "\(report.files) files, \(report.size) bytes, sha256 \(report.sha256)"
        let ok = PackageJob.event("fixity", "ok", detail, actor: a.actor, context)
        let result: JSONValue = ["files": .number(Double(report.files)), "size": .number(Double(report.size)), "sha256": .string(report.sha256)]
        return try await context.commit(.succeeded(result)) { tx in
            try await tx.run(PackagesSQL.addEvent(a.package, ok), logger: logger)
        }
    }

    private func fail(_ a: Arguments, _ context: JobContext, _ problems: String) async throws -> JobOutcome {
        let failed = PackageJob.event("fixity", "failed", problems, actor: a.actor, context)
        let logger = context.logger
        return try await context.commit(.failed(.permanent("fixity_failed", "fixity check failed: \(problems)"))) { tx in
            try await tx.run(PackagesSQL.addEvent(a.package, failed), logger: logger)
        }
    }
}
