import Foundation
import PostgresNIO
import QueueKit
import Synchronization

/// `aip.audit`: verifies every copy of an AIP (the primary and each replica not still
/// being made) as fixity does — bag manifests, then the package's recorded SHA-256 — and
/// repairs each missing or corrupt copy from one that has just verified: copied to a
/// temporary beside it, verified, swapped in (`Placement` with `replacing`), with a
/// `repaired` event naming the bad files and the source. A copy is never written unless
/// another verified in this same job; with none left, nothing is touched, the AIP is
/// `damaged` and the job fails naming each copy's state. Reads go through the worker's
/// `ReadBudget`.
public struct AuditHandler: JobHandler {
    public struct Arguments: Codable, Sendable {
        public var package: UUID
        public var actor: String
    }

    public static let kind = "aip.audit"

    let policy: LocationPolicy
    let budget: ReadBudget?

    public init(policy: LocationPolicy = LocationPolicy(roots: []), budget: ReadBudget? = nil) {
        self.policy = policy
        self.budget = budget
    }

    /// One copy, and what this audit found of it.
    struct Checked: Sendable {
        var replica: UUID?  // the location of a replica; nil for the primary
        var locationName: String
        var root: String
        var path: String
        var state = PackageCopy.State.ok
        var problems: [BagProblem] = []
        var bytes: Int64 = 0

        var fullPath: String { root + "/" + path }
        var name: String { replica == nil ? "the primary in \(locationName)" : "the replica in \(locationName)" }
        /// Its state and, when bad, the files at fault.
        var summary: String {
            guard state != .ok else { return "\(name): ok" }
            let files = problems.map { $0.path.isEmpty ? $0.message : "\($0.path) \($0.kind.rawValue)" }
            let shown = files.prefix(20).joined(separator: ", ") + (files.count > 20 ? ", and \(files.count - 20) more" : "")
            return "\(name): \(state.rawValue) (\(shown))"
        }
    }

    public func run(_ a: Arguments, context: JobContext) async throws -> JobOutcome {
        let db = context.db, logger = context.logger
        var package = try await PackageJob.prepared { try await Packages.get(a.package, on: db, logger: logger) }
        // Deleted meanwhile: the delete removed the copies, and any temporary a killed
        // attempt of this job left beside one.
        if package.status == .deleted { return try await context.commit(.succeeded(nil)) { _ in } }
        guard [.stored, .damaged].contains(package.status), let sha256 = package.sha256 else { throw StorageFailure.wrongStatus(package, "audit") }
        package = try await PackageJob.clearLeftover(package, policy: policy, context: context)
        // A pending copy is its replication's to make.
        let replicas = try await Copies.list(a.package, on: db, logger: logger).filter { $0.state != .pending }
        var checks = [Checked(replica: nil, locationName: package.locationName, root: package.locationPath, path: package.path)]
        for copy in replicas {
            let location = try await Locations.get(copy.locationUUID, on: db, logger: logger)
            try PackageJob.require(policy) { try $0.check(location) }
            checks.append(Checked(replica: copy.locationUUID, locationName: copy.locationName, root: location.path, path: copy.path))
        }
        try PackageJob.require(policy) { try $0.check(package) }
        // A location whose directory is gone or empty is taken for a filesystem that is
        // not mounted: its copies are not "missing", and nothing is repaired into it.
        let roots = Set(checks.map(\.root))
        for check in checks where !FileSystem.holdsAnything(check.root) {
            throw JobFailure.retryable("location_unavailable", "location '\(check.locationName)' (\(check.root)) is not there or empty, as an unmounted filesystem leaves it; nothing was audited")
        }
        // What a crashed attempt left: a repair's copy, or a bad copy swapped out.
        try await BlockingIO.run(TransferControl()) { for root in roots { try PackageLayout.removeTemporaries(of: a.package, in: root) } }

        for i in checks.indices { checks[i] = try await verify(checks[i], sha256: sha256, type: package.type, context: context) }
        let found = checks
        guard let good = found.first(where: { $0.state == .ok }) else { return try await damaged(a, found, context) }
        let bad = found.filter { $0.state != .ok }
        guard !bad.isEmpty else { return try await audited(a, found, repaired: [], copied: 0, context) }

        let type = package.type, place = (package.locationUUID, package.path)
        // The copies repaired so far: an undo records them ok, the rest as found.
        let repairedSoFar = Repaired()
        return try await PackageJob.run(context, undo: { tx, _ in
            try await Self.record(a.package, repairedSoFar.applied(to: found), read: 0, on: tx, logger: logger)
        }) {
            try await context.transaction { tx in
                let repairing = found.map { var c = $0; if c.state != .ok { c.state = .repairing }; return c }
                try await Self.record(a.package, repairing, read: nil, on: tx, logger: logger)
            }
            var repaired: [PackageEvent] = [], copied: Int64 = 0
            for copy in bad {
                var placement = Placement(
                    uuid: a.package, source: good.fullPath, sourceRoot: nil, destinationRoot: copy.root, relativePath: copy.path,
                    expectedSHA256: sha256, renameWithinFilesystem: false, step: "repair", type: type, replacing: true, budget: budget)
                // Only while the attempt is this one's and the AIP the one it audited: a
                // worker that lost its lease must not swap out what another job put there.
                placement.beforeRename = {
                    try await PackageJob.owned(context)
                    let now = try await Packages.get(a.package, on: context.db, logger: logger)
                    guard now.sha256 == sha256, (now.locationUUID, now.path) == place else {
                        throw JobFailure.permanent("changed", "AIP \(a.package.uuidString.lowercased()) changed while it was audited; nothing was repaired")
                    }
                }
                guard case .copied(let report) = try await placement.run(context: context, recordDigest: { _ in }) else {
                    throw JobFailure.permanent("internal", "a repair renamed its source instead of copying it")
                }
                copied += report.size
                repairedSoFar.add(copy.replica)
                repaired.append(PackageJob.event("repaired", "ok", "\(copy.summary); repaired from \(good.name), \(report.size) bytes, sha256 \(report.sha256)",
                                                 actor: a.actor, context))
            }
            return try await audited(a, found.map { var c = $0; c.state = .ok; return c }, repaired: repaired, copied: copied, context)
        }
    }

    /// Reads one copy to the end; a copy that is not there, does not validate or has
    /// another digest is found `missing` or `corrupt`. Any other error ends the attempt.
    private func verify(_ copy: Checked, sha256: String, type: PackageType, context: JobContext) async throws -> Checked {
        var copy = copy
        let found = try await PackageJob.check(copy.fullPath, sha256: sha256, type: type, budget: budget, context: context)
        copy.state = found.absent ? .missing : found.problems.isEmpty ? .ok : .corrupt
        copy.problems = found.problems
        copy.bytes = found.bytes
        return copy
    }

    /// Every copy verified (some, perhaps, just repaired, reading `copied` bytes more).
    private func audited(_ a: Arguments, _ copies: [Checked], repaired: [PackageEvent], copied: Int64, _ context: JobContext) async throws -> JobOutcome {
        let logger = context.logger
        let bytes = copies.reduce(copied) { $0 + $1.bytes }
        let detail = "\(copies.count) \(copies.count == 1 ? "copy" : "copies") verified (\(copies.map(\.locationName).joined(separator: ", ")))"
            + (repaired.isEmpty ? "" : ", \(repaired.count) repaired") + ", \(bytes) bytes read"
        let event = PackageJob.event("audit", "ok", detail, actor: a.actor, context)
        return try await context.commit(.succeeded(Self.result(copies))) { tx in
            try await Self.record(a.package, copies, read: copied, on: tx, logger: logger)
            for e in repaired + [event] { try await tx.run(PackagesSQL.addEvent(a.package, e), logger: logger) }
        }
    }

    /// No copy verified: nothing is touched, the AIP is `damaged`.
    private func damaged(_ a: Arguments, _ copies: [Checked], _ context: JobContext) async throws -> JobOutcome {
        let logger = context.logger
        let text = "AIP \(a.package.uuidString.lowercased()) is damaged: no copy verifies, so none was repaired; " + copies.map(\.summary).joined(separator: "; ")
        let event = PackageJob.event("audit", "failed", text, actor: a.actor, context)
        let failure = JobFailure.permanent("no_good_copy", text, details: Self.result(copies))
        return try await context.commit(.failed(failure)) { tx in
            try await Self.record(a.package, copies, read: 0, on: tx, logger: logger)
            try await tx.run(PackagesSQL.addEvent(a.package, event), logger: logger)
        }
    }

    /// Each copy's state, the AIP `stored` if any is ok (else `damaged`), `audited_at` when
    /// every copy is, and, when the audit ends (`read` is the bytes read beyond the copies'
    /// verifications), the bytes read.
    private static func record(_ package: UUID, _ copies: [Checked], read: Int64?, on tx: PostgresConnection, logger: Logger) async throws {
        let primary = copies.first { $0.replica == nil }?.state ?? .ok
        try await tx.run(AuditsSQL.audited(package, primary: primary, anyGood: copies.contains { $0.state == .ok || $0.state == .repairing },
                                           allGood: copies.allSatisfy { $0.state == .ok }), logger: logger)
        for copy in copies { if let location = copy.replica { try await tx.run(CopiesSQL.audited(package, at: location, copy.state), logger: logger) } }
        if let read { try await tx.run(AuditsSQL.recordReads(bytes: copies.reduce(read) { $0 + $1.bytes }, copies: copies.count), logger: logger) }
    }

    /// Which copies a repair has put right so far (the primary as nil).
    final class Repaired: Sendable {
        private let done = Mutex<Set<UUID?>>([])
        func add(_ replica: UUID?) { done.withLock { _ = $0.insert(replica) } }
        func applied(to found: [Checked]) -> [Checked] {
            let done = done.withLock { $0 }
            return found.map { var c = $0; if done.contains(c.replica) { c.state = .ok }; return c }
        }
    }

    /// `{copies: [{location, role, state, problems: [{path, kind, message}]}]}`, at most
    /// 100 problems a copy (a bag of a million missing files would make a huge row).
    static func result(_ copies: [Checked]) -> JSONValue {
        ["copies": .array(copies.map { c in
            ["location": .string(c.locationName), "role": .string(c.replica == nil ? "primary" : "replica"), "state": .string(c.state.rawValue),
             "bytes_read": .number(Double(c.bytes)),
             "problems_total": .number(Double(c.problems.count)),
             "problems": .array(c.problems.prefix(100).map { ["path": .string($0.path), "kind": .string($0.kind.rawValue), "message": .string($0.message)] })]
        })]
    }
}
