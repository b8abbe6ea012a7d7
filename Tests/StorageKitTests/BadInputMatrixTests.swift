import Foundation
import PostgresNIO
import QueueKit
import StorageTesting
import Testing
@testable import StorageKit

/// Rows of the bad-input matrix (docs/reliability.md) that no other suite covers: a
/// read-only destination, an empty or unreadable source, and two operations on one AIP
/// at once.
@Suite struct BadInputMatrixTests {
    @Test(.enabled(if: geteuid() == 0, "mounting a read-only filesystem needs root"))
    func aReadOnlyDestinationFailsClearlyAndTouchesNothing() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try await h.withMountedLocation("frozen", options: "ro,size=1m") { frozen in
            let bag = h.locations.incoming + "/bag"
            try BagFixture.random(at: bag, count: 2, size: 1000)
            let before = try PackageVerifier.verify(bag, side: "test", control: TransferControl())
            let aip = UUID()
            try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
                var options = SubmitOptions()
                options.maxAttempts = 1
                let job = try await h.finish(try await h.submit { [options] r, c in
                    try await r.store(path: "bag", from: "incoming", to: "frozen", uuid: aip, options: options, on: c)
                })
                #expect(job.state == .failed)
                guard case .array(let errors) = job.errors, case .string(let message) = errors.last?["message"] else { throw TestFailure("no error") }
                #expect(errors.last?["code"] == .string("io_error") && message.contains("Read-only file system"), "\(message)")
            }
            #expect(try await h.package(aip).status == .failed)
            #expect(try PackageVerifier.verify(bag, side: "test", control: TransferControl()).sha256 == before.sha256, "the source is untouched")
            #expect(try FileManager.default.contentsOfDirectory(atPath: frozen).isEmpty)
        }
    }

    @Test func anEmptySourceIsRefusedAtSubmission() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try FileManager.default.createDirectory(atPath: h.locations.incoming + "/empty", withIntermediateDirectories: true)
        let r = try runCLI(["aip", "store", "empty", "--from", "incoming", "--to", "vault"], databaseURL: h.db.url)
        #expect(r.status == 65 && r.stderr.contains("without bagit.txt"), "\(r.stderr)")
        #expect(try await h.jobCount() == 0)
    }

    @Test func twoMovesOfOneAIPSubmittedAtOnceRunOneAfterTheOther() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try BagFixture.random(at: h.locations.incoming + "/bag", count: 3, size: 20_000)
        let aip = UUID()
        try await withWorkers(h.db, count: 2, handlers: StorageJobs.handlers) { _ in
            #expect(try await h.finish(try await h.submit { r, c in
                try await r.store(path: "bag", from: "incoming", to: "vault", uuid: aip, on: c)
            }).state == .succeeded)
            async let first = h.submit { r, c in try await r.move(aip, to: "offsite", on: c) }
            async let second = h.submit { r, c in try await r.move(aip, to: "vault2", on: c) }
            let jobs = try await [first, second]
            let ended = try await [h.finish(jobs[0]), h.finish(jobs[1])]
            #expect(ended.allSatisfy { $0.state == .succeeded }, "\(ended.map(\.errors.jsonText))")
        }
        let package = try await h.package(aip)
        #expect(package.status == .stored && FileManager.default.fileExists(atPath: package.fullPath))
        #expect(h.locations.copies(named: "bag") == 2, "the source, and the AIP once where it is recorded")
        #expect(h.locations.temporaries().isEmpty)
        #expect(try PackageVerifier.verify(package.fullPath, side: "test", control: TransferControl()).sha256 == package.sha256)
    }

    /// Permission bits do not apply to root, so the worker runs as `nobody` here, as a
    /// worker under its own service account would. `setpriv` changes user and then execs
    /// the worker, so the process spawned is the worker itself and the kill below ends it
    /// (`runuser` forks, and killing it left the worker running, orphaned).
    @Test(.enabled(if: geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs root to run a worker as nobody"))
    func anUnreadableSourceFailsClearlyAndTouchesNothing() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let source = h.locations.incoming + "/locked.7z"
        let bytes = BagFixture.randomData(10_000)
        try bytes.write(to: URL(fileURLWithPath: source))
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: source)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: h.locations.vault)
        let log = h.locations.root + "/worker.log"
        var env = ProcessInfo.processInfo.environment
        env["SS_DATABASE_URL"] = h.db.url
        let worker = try Spawned("/usr/bin/setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", Binaries.worker],
                                 environment: env, stdout: log, stderr: log)
        defer {
            worker.signal(SIGKILL)
            _ = worker.wait(timeout: 10)
        }
        var options = SubmitOptions()
        options.maxAttempts = 1
        let job = try await h.finish(try await h.submit { [options] r, c in
            try await r.store(path: "locked.7z", from: "incoming", to: "vault", options: options, on: c)
        })
        #expect(job.state == .failed)
        guard case .array(let errors) = job.errors, case .string(let message)? = errors.last?["message"] else { throw TestFailure("no error") }
        #expect(message.contains("Permission denied") && message.contains("locked.7z"), "\(message)")
        #expect(h.locations.everything().filter { $0.hasPrefix("vault/") }.isEmpty, "nothing written")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: source)
        #expect(try Data(contentsOf: URL(fileURLWithPath: source)) == bytes, "the source is untouched")
    }

    /// A source swapped for a FIFO after it was checked: a worker that opened it blocking
    /// would wait for a writer for ever. The checked open refuses it at once.
    @Test func aSourceSwappedForAFIFOFailsAtOnceAndHangsNoWorker() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let source = h.locations.incoming + "/transfer.bin"
        try BagFixture.randomData(1000).write(to: URL(fileURLWithPath: source))
        let job = try await h.submit { r, c in try await r.store(path: "transfer.bin", from: "incoming", to: "vault", on: c) }
        try FileManager.default.removeItem(atPath: source)
        #expect(mkfifo(source, 0o644) == 0)
        let started = ContinuousClock.now
        let record = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in try await h.finish(job, timeout: .seconds(30)) }
        #expect(record.state == .failed && record.errors.jsonText.contains("damaged") && record.errors.jsonText.contains("not a regular file"), "\(record.errors)")
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(h.locations.everything().filter { $0.hasPrefix("vault/") }.isEmpty, "nothing written")
    }
}
