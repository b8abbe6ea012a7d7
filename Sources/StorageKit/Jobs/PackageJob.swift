import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import PostgresNIO
import QueueKit

/// What the four AIP job kinds share: how an attempt that ends in failure puts the
/// package back, and how a copy left behind by a move is removed after the commit.
enum PackageJob {
    /// Runs `body`. When it fails for good (a permanent error, or the last attempt), the
    /// job's failure and `undo` commit together; when it is cancelled (or the worker
    /// shuts down) `undo` runs on its own so that the package is as it was. Other
    /// failures are retried, the package left as it is for the retry to continue.
    static func run(
        _ context: JobContext, undo: @escaping @Sendable (PostgresConnection, JobFailure?) async throws -> Void,
        _ body: () async throws -> JobOutcome
    ) async throws -> JobOutcome {
        do {
            try Task.checkCancellation()  // a job claimed stopped (its cancel asked while its worker was dead) does nothing
            return try await body()
        } catch {
            let classified = StorageFailure.classify(error)
            if classified is CancellationError {
                // Only while the attempt is still this one's, its row locked until the undo
                // commits: a worker that lost its lease must not undo, on the disk, what
                // another attempt did or committed.
                try? await Task.detached { try await context.transaction { tx in try await undo(tx, nil) } }.value
                throw classified
            }
            let failure = classified as? JobFailure ?? .retryable("error", String(describing: classified))
            guard !failure.retryable || context.job.attempt >= context.job.maxAttempts else { throw failure }
            context.logger.warning("\(context.job.kind) failed: \(failure)")
            return try await context.commit(failure.retryable ? .retry(failure) : .failed(failure)) { tx in
                try await context.requireAttempt(in: tx)  // before the undo's disk steps, held to the commit
                try await undo(tx, failure)
            }
        }
    }

    /// Runs the steps a handler takes before `run` (reading the package, marking it
    /// `moving` or `deleting`) in a task of their own, which a cancel does not reach: a
    /// cancelled query would end the attempt before `run` could undo what an earlier,
    /// dead attempt began (a job claimed stopped is cancelled from its first instruction).
    static func prepared<R: Sendable>(_ body: @escaping @Sendable () async throws -> R) async throws -> R {
        try await Task.detached(operation: body).value
    }

    /// Records the package at its new place with its event (and what `also` records with
    /// it). Without a copy left to
    /// remove, that commits with the job's success; with one (`cleanup`), it commits
    /// first, then the copy is removed, then the job ends (`finishCleanup`), so a crash in
    /// between leaves a row that says what is left to do.
    static func commitPlacement(
        _ uuid: UUID, at location: UUID, path: String, cleanup: String?, newlyStored: Bool, event: PackageEvent,
        policy: LocationPolicy, context: JobContext, also: (@Sendable (PostgresConnection) async throws -> Void)? = nil
    ) async throws -> JobOutcome {
        let logger = context.logger, job = context.job.id
        let place = { @Sendable (tx: PostgresConnection) async throws in
            try await also?(tx)
            try await tx.run(PackagesSQL.placed(uuid, location: location, path: path, cleanup: cleanup, job: job, stored: newlyStored), logger: logger)
            try await tx.run(PackagesSQL.addEvent(uuid, event), logger: logger)
        }
        guard cleanup != nil else { return try await context.commit(.succeeded(nil), place) }
        try await context.transaction(place)
        FaultInjection.crash(at: "\(step(context)).after-commit")
        return try await finishCleanup(try await Packages.get(uuid, on: context.db, logger: logger), policy: policy, context: context)
    }

    /// `store` or `move`: the prefix of this job's `SS_TEST_CRASH_AT` steps.
    static func step(_ context: JobContext) -> String { String(context.job.kind.dropFirst("aip.".count)) }

    /// Removes the copy a move (or `--remove-source` store) left at its old place once
    /// the new place is committed, then ends the job with the record cleared. Past the
    /// commit there is nothing to undo, so a cancel does not stop it halfway (in a task
    /// of its own): stopped, the AIP would be at two places until another job came.
    static func finishCleanup(_ package: Package, policy: LocationPolicy, context: JobContext) async throws -> JobOutcome {
        try await Task.detached {
            // After a lost lease another attempt owns the package, and what is at the old
            // path may be its: removed only while the attempt is this one's.
            try await owned(context)
            try await removeCleanupCopy(package, policy: policy, context: context)
            let uuid = package.uuid, logger = context.logger
            return try await context.commit { tx in try await tx.run(PackagesSQL.clearCleanup(uuid), logger: logger) }
        }.value
    }

    /// Throws `lease_lost` unless the job's row is still this attempt's. Checked just
    /// before a step on the disk that another attempt's commit could make wrong, without
    /// holding the row (the heartbeat must reach it) while the step runs.
    static func owned(_ context: JobContext) async throws {
        try await context.transaction { _ in }
    }

    /// A copy another job left to remove (it ran out of attempts, or was cancelled after
    /// its commit): removed and cleared before this job does its own work.
    static func clearLeftover(_ package: Package, policy: LocationPolicy, context: JobContext) async throws -> Package {
        guard package.cleanupPath != nil else { return package }
        try await removeCleanupCopy(package, policy: policy, context: context)
        let uuid = package.uuid, logger = context.logger
        try await context.transaction { tx in try await tx.run(PackagesSQL.clearCleanup(uuid), logger: logger) }
        return try await Packages.get(uuid, on: context.db, logger: logger)
    }

    private static func removeCleanupCopy(_ package: Package, policy: LocationPolicy, context: JobContext) async throws {
        guard let path = package.cleanupPath else { return }
        // Never a replica the AIP keeps there: only the record of the leftover goes.
        if try await Copies.list(package.uuid, on: context.db, logger: context.logger).contains(where: { $0.state == .ok && $0.fullPath == path }) {
            context.logger.warning("not removing \(path): it is a replica of AIP \(package.uuid.uuidString.lowercased())")
            return
        }
        let locations = try await Locations.list(on: context.db, logger: context.logger)
        let real = FileSystem.realPath(path) ?? path, aip = FileSystem.realPath(package.fullPath) ?? package.fullPath
        guard let home = locations.first(where: { path.hasPrefix($0.path + "/") }),
              real != aip, !aip.hasPrefix(real + "/"), !real.hasPrefix(aip + "/") else {
            throw JobFailure.permanent("path_escape", "refusing to remove \(path): it is not inside a location, or it holds the AIP itself")
        }
        try require(policy) { try $0.check(home) }
        FaultInjection.crash(at: "\(step(context)).before-source-removal")
        try await BlockingIO.run(TransferControl()) {
            try FileSystem.removeTree(path)
            let relative = String(path.dropFirst(home.path.count + 1))
            if relative == PackageLayout.path(uuid: package.uuid, name: package.name) {
                FileSystem.pruneEmptyParents(of: relative, under: home.path)
            }
            let parent = (path as NSString).deletingLastPathComponent
            try FileSystem.syncDirectory(FileSystem.exists(parent) ? parent : home.path)
        }
        FaultInjection.crash(at: "\(step(context)).after-source-removal")
    }

    /// What reading a stored copy to the end found: nothing wrong (`problems` empty), the
    /// copy not there at all (`absent`: ENOENT, nothing else), or the problems: files
    /// missing, changed, untracked or unreadable (EIO, EACCES, a symlink or FIFO on the
    /// way: a bad sector is rot too), or the package's SHA-256 not the recorded one. Any
    /// other error (a full disk, a stale NFS handle, cancellation) is thrown: it says
    /// nothing about the copy.
    struct CopyCheck: Sendable {
        var absent = false
        var problems: [BagProblem] = []
        var bytes: Int64 = 0
        /// What the read found, when it read to the end.
        var report: PackageReport?
    }

    static func check(_ path: String, sha256 recorded: String?, type: PackageType, budget: ReadBudget? = nil,
                      context: JobContext) async throws -> CopyCheck {
        var st = stat()
        if lstat(path, &st) != 0 {
            let error = IOFailure(operation: "lstat", path: path, errno: Glibc.errno)
            guard error.errno == ENOENT else { return CopyCheck(problems: [unreadable(error, in: path)]) }
            return CopyCheck(absent: true, problems: [BagProblem(kind: .missing, path: "", message: "nothing at \(path)")])
        }
        let control = TransferControl(budget: budget)
        var found = CopyCheck()
        do {
            let report = try await Progress.track(control, context) {
                try await BlockingIO.run(control) { try PackageVerifier.verify(path, side: "stored copy", control: control, type: type) }
            }
            found.report = report
            if report.sha256 != recorded {
                found.problems = [BagProblem(kind: .changed, path: "", message: "the package's SHA-256 is \(report.sha256), recorded \(recorded ?? "none")",
                                             expected: recorded, actual: report.sha256, algorithm: "sha256")]
            }
        } catch let invalid as BagInvalid {
            found.problems = invalid.problems
        } catch let io as IOFailure where io.errno == ENOENT {
            found.problems = [BagProblem(kind: .missing, path: String(io.path.dropFirst(path.count + 1)), message: "a file is missing: \(io)")]
        } catch let io as IOFailure where [EIO, EACCES, EPERM, ELOOP, ENOTDIR, EBADMSG, ENXIO].contains(io.errno) {
            found.problems = [unreadable(io, in: path)]
        } catch let refused as StorageError where [.damaged, .pathEscape].contains(refused.code) {
            found.problems = [BagProblem(kind: .invalid, path: "", message: refused.message)]
        }
        found.bytes = control.bytesDone
        DataPathMetrics.verified(found.bytes)
        return found
    }

    private static func unreadable(_ io: IOFailure, in path: String) -> BagProblem {
        BagProblem(kind: .invalid, path: io.path == path ? "" : String(io.path.dropFirst(path.count + 1)), message: "cannot be read: \(io)")
    }

    /// Runs the policy's checks; a refusal ends the job for good (`refused_directory`,
    /// `outside_roots`), with nothing touched.
    static func require(_ policy: LocationPolicy, _ checks: (LocationPolicy) throws -> Void) throws {
        do { try checks(policy) } catch { throw StorageFailure.classify(error) }
    }

    static func event(_ type: String, _ outcome: String, _ detail: String, actor: String, _ context: JobContext) -> PackageEvent {
        PackageEvent(type: type, outcome: outcome, detail: detail, actor: actor, jobID: context.job.id)
    }

    /// Removes the package at `path` under `root`: renamed aside first, so that it
    /// vanishes from its path at once and a retry after a crash finishes the removal.
    static func remove(_ path: String, under root: String, uuid: UUID) async throws {
        let full = root + "/" + path, aside = root + "/" + PackageLayout.temporaryName(uuid: uuid, purpose: "delete")
        try await BlockingIO.run(TransferControl()) {
            if FileSystem.exists(full) {
                try FileSystem.rename(full, aside)
                try FileSystem.syncDirectory((full as NSString).deletingLastPathComponent)
            }
            try FileSystem.removeTree(aside)
            FileSystem.pruneEmptyParents(of: path, under: root)
            try FileSystem.syncDirectory(root)
        }
    }
}
