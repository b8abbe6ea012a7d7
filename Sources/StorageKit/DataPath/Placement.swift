import Foundation
import QueueKit

/// Puts a package at its final path inside a destination location, so that a crash at
/// any step leaves either the old state or a complete, verified copy, never a partial one
/// at the final path:
///
/// 1. temporaries of this package left by a crashed attempt are removed;
/// 2. a complete copy already at the final path (renamed there before a crash) is
///    verified and adopted instead of copied again;
/// 3. within one filesystem a move is a `rename` of the package itself;
/// 4. otherwise the package is copied into a temporary inside the destination, validated
///    at both ends, made durable, its digest recorded (`recordDigest`), and renamed into
///    place; the directory entry is made durable too.
///
/// With `replacing` (a repair), what is at the final path is known bad: it is not adopted,
/// and the verified copy takes its place in one `renameat2(RENAME_EXCHANGE)`, the bad one
/// then removed under the temporary's name.
///
/// Steps are named for `SS_TEST_CRASH_AT` as `<step>.after-copy` and `<step>.after-rename`.
struct Placement: Sendable {
    var uuid: UUID
    /// The package now (absolute), or nil when a previous attempt already removed it.
    var source: String?
    /// The directory of the location `source` is in, when `source` sits at `relativePath`
    /// in it (a move): the emptied directories above it are removed after a rename.
    var sourceRoot: String?
    var destinationRoot: String
    var relativePath: String
    /// The digest the package must have (a move, or a store whose copy was recorded).
    var expectedSHA256: String?
    var renameWithinFilesystem: Bool
    var step: String
    /// How a copy found at the final path is verified (a DIP may be a plain directory).
    var type = PackageType.aip
    /// A repair: the final path holds a bad copy, to be swapped out.
    var replacing = false
    /// What the reads may use (an audit's repair); nil for no limit.
    var budget: ReadBudget?
    /// Checked after the copy is verified, just before it is renamed into place (a
    /// repair makes sure the job and the AIP are still the ones it audited).
    var beforeRename: (@Sendable () async throws -> Void)?

    var finalPath: String { destinationRoot + "/" + relativePath }

    /// How the package got to its final path.
    enum Outcome {
        /// Renamed there, within one filesystem: nothing was read, nothing is left behind.
        case renamed
        /// Copied (or a previous attempt's complete copy adopted) and verified; the source,
        /// if it is still there, is left for the caller to remove after its commit.
        case copied(PackageReport)
    }

    func run(context: JobContext, recordDigest: @Sendable (PackageReport) async throws -> Void) async throws -> Outcome {
        try await BlockingIO.run(TransferControl()) { [self] in try PackageLayout.removeTemporaries(of: uuid, in: destinationRoot) }
        if !replacing, FileSystem.exists(finalPath), let adopted = try await adopt(context: context) {
            return .copied(adopted)
        }
        guard let source, FileSystem.exists(source) else {
            throw JobFailure.permanent("source_missing", "the package is gone from \(source ?? "its source") and no complete copy is at \(finalPath)")
        }
        if renameWithinFilesystem, expectedSHA256 != nil,
           try FileSystem.device(of: source) == FileSystem.device(of: destinationRoot) {
            let created = try FileSystem.makeDirectories((relativePath as NSString).deletingLastPathComponent, under: destinationRoot)
            try FileSystem.syncParents(of: created)  // the new directories, before the AIP moves into them
            try FileSystem.renameNoReplace(source, finalPath)
            try FileSystem.syncDirectory((finalPath as NSString).deletingLastPathComponent)
            if let sourceRoot {
                FileSystem.pruneEmptyParents(of: relativePath, under: sourceRoot)
                try FileSystem.syncDirectory(sourceRoot)
            }
            FaultInjection.crash(at: "\(step).after-rename")
            return .renamed
        }
        return .copied(try await copy(from: source, context: context, recordDigest: recordDigest))
    }

    private var temporary: String {
        destinationRoot + "/" + PackageLayout.temporaryName(uuid: uuid, purpose: "copy")
    }

    private func copy(from source: String, context: JobContext,
                      recordDigest: @Sendable (PackageReport) async throws -> Void) async throws -> PackageReport {
        let temporary = self.temporary
        let control = TransferControl(budget: budget)
        do {
            let report = try await Progress.track(control, context) {
                try await BlockingIO.run(control) { [self] in
                    let report = try PackageCopier.copy(from: source, to: temporary, type: type, control: control)
                    // The final path's directories too, so one syncfs makes all of it durable.
                    try FileSystem.makeDirectories((relativePath as NSString).deletingLastPathComponent, under: destinationRoot)
                    try FileSystem.syncFilesystem(of: destinationRoot)
                    return report
                }
            }
            if let expected = expectedSHA256, report.sha256 != expected {
                throw JobFailure.permanent("checksum_mismatch", "the package at \(source) no longer matches its recorded SHA-256 (\(expected), read \(report.sha256)); nothing was moved")
            }
            FaultInjection.crash(at: "\(step).after-copy")
            try await recordDigest(report)
            try await beforeRename?()
            try control.check()
            let old = try await BlockingIO.run(control) { [self] () throws -> String? in
                try FileSystem.makeDirectories((relativePath as NSString).deletingLastPathComponent, under: destinationRoot)  // again: a move may have pruned an emptied parent
                var old: String?
                if replacing, FileSystem.exists(finalPath) {
                    old = try FileSystem.replace(temporary, finalPath)
                } else {
                    try FileSystem.renameNoReplace(temporary, finalPath)
                }
                try FileSystem.syncDirectory((finalPath as NSString).deletingLastPathComponent)
                try FileSystem.syncDirectory(destinationRoot)
                return old
            }
            FaultInjection.crash(at: "\(step).after-rename")
            // A repair's bad copy, swapped out under a temporary's name (a crash before
            // this leaves it to the next attempt's removal of temporaries).
            if let old { try await BlockingIO.run(TransferControl()) { try FileSystem.removeTree(old); try FileSystem.syncDirectory(destinationRoot) } }
            DataPathMetrics.copied(report.size)
            return report
        } catch {
            try? await BlockingIO.run(TransferControl()) { try FileSystem.removeTree(temporary) }
            throw error
        }
    }

    /// A copy at the final path is ours only if it verifies against the recorded digest;
    /// anything else there is set aside and removed so the copy can be made again.
    private func adopt(context: JobContext) async throws -> PackageReport? {
        let finalPath = self.finalPath
        let control = TransferControl()
        let report: PackageReport?
        do {
            report = try await Progress.track(control, context) {
                try await BlockingIO.run(control) { try PackageVerifier.verify(finalPath, side: "destination", control: control, type: type) }
            }
        } catch is BagInvalid {
            report = nil  // read to the end, and it does not match
        }  // anything else (an I/O error, cancellation) ends the attempt and touches nothing
        if let report, let expected = expectedSHA256, report.sha256 == expected {
            context.logger.info("adopting the complete copy a previous attempt left at \(finalPath)")
            return report
        }
        guard expectedSHA256 != nil else {
            throw JobFailure.permanent("destination_occupied", "\(finalPath) exists and is not a copy ss recorded; remove it or store under another UUID")
        }
        // Only a copy that can be made again may be removed: without the source, what is
        // at the final path may be the only copy there is.
        guard let source, FileSystem.exists(source) else {
            throw JobFailure.permanent("checksum_mismatch", "\(finalPath) does not match the recorded SHA-256 and the source is gone; it is left as it is for a person to look at")
        }
        context.logger.warning("the copy at \(finalPath) does not verify; removing it and copying again from \(source)")
        let aside = destinationRoot + "/" + PackageLayout.temporaryName(uuid: uuid, purpose: "unverified")
        try await BlockingIO.run(control) {
            try FileSystem.rename(finalPath, aside)
            try FileSystem.removeTree(aside)
        }
        return nil
    }

}

/// Copies a transfer's byte count into the job's progress while `work` runs.
enum Progress {
    static func track<R: Sendable>(_ control: TransferControl, _ context: JobContext,
                                   _ work: @Sendable () async throws -> R) async throws -> R {
        try await withThrowingTaskGroup(of: R?.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    context.reportProgress(done: control.bytesDone, total: control.total)
                    try? await Task.sleep(for: .milliseconds(250))
                }
                return nil
            }
            let result = try await work()
            context.reportProgress(done: control.bytesDone, total: control.total)
            group.cancelAll()
            return result
        }
    }
}
