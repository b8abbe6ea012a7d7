import Foundation
import PostgresNIO
import QueueKit

/// `aip.fixity`: re-reads a stored AIP where it is (re-validating a bag) and records the
/// outcome in its history. A mismatch fails the job permanently, naming the files in its
/// message and, sorted into missing, changed, untracked and invalid, in its `details`.
public struct FixityHandler: JobHandler {
    public struct Arguments: Codable, Sendable {
        public var package: UUID
        public var actor: String
    }

    public static let kind = "aip.fixity"

    /// Re-checked before any location is touched (a row changed by hand widens nothing).
    let policy: LocationPolicy

    public init(policy: LocationPolicy = LocationPolicy(roots: [])) {
        self.policy = policy
    }

    public func run(_ a: Arguments, context: JobContext) async throws -> JobOutcome {
        let db = context.db, logger = context.logger
        let package = try await Packages.get(a.package, on: db, logger: logger)
        guard package.status == .stored else { throw StorageFailure.wrongStatus(package, "check") }
        try PackageJob.require(policy) { try $0.check(package) }
        let path = package.fullPath
        let found = try await PackageJob.check(path, sha256: package.sha256, type: package.type, context: context)
        if found.absent { return try await fail(a, context, [BagProblem(kind: .missing, path: "", message: "the AIP is missing: nothing at \(path)")]) }
        guard found.problems.isEmpty, let report = found.report else { return try await fail(a, context, found.problems) }
        let detail = "\(report.files) files, \(report.size) bytes, sha256 \(report.sha256)"
        let ok = PackageJob.event("fixity", "ok", detail, actor: a.actor, context)
        let result: JSONValue = ["files": .number(Double(report.files)), "size": .number(Double(report.size)), "sha256": .string(report.sha256)]
        return try await context.commit(.succeeded(result)) { tx in
            try await tx.run(PackagesSQL.addEvent(a.package, ok), logger: logger)
        }
    }

    private func fail(_ a: Arguments, _ context: JobContext, _ problems: [BagProblem]) async throws -> JobOutcome {
        let text = problems.map(\.message).joined(separator: "; ")
        let failed = PackageJob.event("fixity", "failed", text, actor: a.actor, context)
        let logger = context.logger
        let failure = JobFailure.permanent("fixity_failed", "fixity check failed: \(text)", details: Self.details(problems))
        return try await context.commit(.failed(failure)) { tx in
            try await tx.run(PackagesSQL.addEvent(a.package, failed), logger: logger)
        }
    }

    /// `{missing, changed, untracked, invalid}`: lists of `{path, message}`, a changed
    /// file with `expected`, `actual` and `algorithm` too.
    static func details(_ problems: [BagProblem]) -> JSONValue {
        var out: [String: JSONValue] = [:]
        for kind in [BagProblem.Kind.missing, .changed, .untracked, .invalid] {
            out[kind.rawValue] = .array(problems.filter { $0.kind == kind }.map { p in
                var entry: [String: JSONValue] = ["path": .string(p.path), "message": .string(p.message)]
                entry["expected"] = p.expected.map(JSONValue.string)
                entry["actual"] = p.actual.map(JSONValue.string)
                entry["algorithm"] = p.algorithm.map(JSONValue.string)
                return .object(entry)
            })
        }
        return .object(out)
    }
}
