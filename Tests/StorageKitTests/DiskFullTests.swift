import Foundation
import QueueKit
import StorageTesting
import Testing
@testable import StorageKit

/// A destination that fills up: the job fails with `no_space` (retryable until its
/// attempts are spent), the partial copy is removed, and the source is untouched. The
/// full disk is a real 1 MiB tmpfs, which needs root to mount (the suite runs as root in
/// CI; as another user this test is skipped).
@Suite(.enabled(if: geteuid() == 0, "mounting a tmpfs needs root"))
struct DiskFullTests {
    @Test func aFullDestinationFailsRetryablyAndLeavesNothingBehind() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try await h.withMountedLocation("tiny", options: "size=1m") { tiny in
            let bytes = BagFixture.randomData(3_000_000)
            try bytes.write(to: URL(fileURLWithPath: h.locations.incoming + "/big.bin"))
            let aip = UUID()
            try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
                var options = SubmitOptions()
                options.maxAttempts = 1
                let store = try await h.submit { [options] r, c in
                    try await r.store(path: "big.bin", from: "incoming", to: "tiny", uuid: aip, options: options, on: c)
                }
                let job = try await h.finish(store)
                #expect(job.state == .failed)
                guard case .array(let errors) = job.errors, case .string(let message) = errors.last?["message"] else {
                    throw TestFailure("no error recorded")
                }
                #expect(errors.last?["code"] == .string("no_space"))
                #expect(errors.last?["retryable"] == .bool(true), "worth a retry once space is freed")
                #expect(message.contains("No space left on device"), "\(message)")
            }
            #expect(try await h.package(aip).status == .failed)
            #expect(try FileManager.default.contentsOfDirectory(atPath: tiny).isEmpty, "the partial copy is removed")
            #expect(try Data(contentsOf: URL(fileURLWithPath: h.locations.incoming + "/big.bin")) == bytes, "the source is untouched")
        }
    }

    /// What the chaos run found: a move that met ENOSPC waits to retry with its AIP
    /// `moving`; cancelled then, no worker runs it again, so the cancel itself must put
    /// the AIP back (`stored`, where it was).
    @Test func cancellingAMoveWaitingAfterENOSPCPutsTheAIPBack() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try await h.withMountedLocation("tiny", options: "size=1m") { tiny in
            try BagFixture.randomData(3_000_000).write(to: URL(fileURLWithPath: h.locations.incoming + "/big.bin"))
            let aip = UUID()
            try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
                let store = try await h.submit { r, c in try await r.store(path: "big.bin", from: "incoming", to: "vault", uuid: aip, on: c) }
                #expect(try await h.finish(store).state == .succeeded)
                let move = try await h.submit { r, c in try await r.move(aip, to: "tiny", on: c) }
                try await TestDatabase.eventually("the move waits to retry", timeout: .seconds(30)) {
                    try await h.db.job(move).state == .retryable
                }
                #expect(try await h.package(aip).status == .moving)
                let result = try await h.db.withConnection { c in try await h.db.queue.cancel(move, on: c) }
                #expect(result == .cancelled)
            }
            let package = try await h.package(aip)
            #expect(package.status == .stored && package.locationName == "vault", "back where it was: \(package.status)")
            #expect(FileManager.default.fileExists(atPath: package.fullPath))
            #expect(try FileManager.default.contentsOfDirectory(atPath: tiny).isEmpty, "no partial copy in the full location")
        }
    }
}
