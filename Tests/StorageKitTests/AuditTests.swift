import Foundation
import QueueKit
import StorageTesting
import Testing
@testable import StorageKit

/// An audit verifies every copy and repairs the bad ones from one that verified in the
/// same job; with none good it touches nothing and the AIP is damaged. The scheduler picks
/// the oldest audits that would otherwise be late, and one worker's audits read within
/// their budget.
@Suite struct AuditTests {
    static func audit(_ h: StorageHarness, _ aip: UUID, budget: ReadBudget? = nil) async throws -> JobRecord {
        try await withWorkers(h.db, handlers: StorageJobs.handlers(auditBudget: budget)) { _ in
            let job = try await h.submit { r, c in try await r.submit(.audit(aip), on: c) }
            return try await h.finish(job)
        }
    }

    static func copies(_ h: StorageHarness, _ aip: UUID) async throws -> [PackageCopy] {
        try await h.db.withConnection { c in try await Copies.list(aip, on: c, logger: h.db.logger) }
    }

    /// bagit-python's `--validate` (scripts/test installs it from PyPI), as a second
    /// opinion on each copy.
    static func bagitValidates(_ path: String) throws -> Bool {
        let tool = try #require(ProcessInfo.processInfo.environment["SS_TEST_BAGIT"], "run through scripts/test, which installs bagit-python")
        let run = try runProcess("/bin/sh", ["-c", "\"$0\" --validate \"$1\" 2>&1", tool, path], environment: [:], timeout: 60)
        return run.status == 0
    }

    static func flipAByte(in path: String) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: 100)
        let byte = try #require(try handle.read(upToCount: 1)).first!
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data([byte ^ 0xFF]))
    }

    @Test func aCorruptReplicaAndAMissingOneAreRepairedFromAGoodCopy() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try await ReplicationTests.replicating(h)
        let (aip, name) = try await ReplicationTests.storedAndReplicated(h)
        let p = try await h.package(aip)
        let made = try await Self.copies(h, aip)
        #expect(made.count == 2)
        for path in [p.fullPath] + made.map(\.fullPath) { #expect(try Self.bagitValidates(path), "\(path) is a valid bag") }

        let corrupt = try #require(made.first { $0.locationName == "vault2" }), gone = try #require(made.first { $0.locationName == "offsite" })
        try Self.flipAByte(in: corrupt.fullPath + "/data/objects/file-1.bin")
        try FileManager.default.removeItem(atPath: gone.fullPath)
        #expect(try !Self.bagitValidates(corrupt.fullPath))

        let record = try await Self.audit(h, aip)
        #expect(record.state == .succeeded, "\(record.errors)")
        let after = try await Self.copies(h, aip)
        #expect(after.allSatisfy { $0.state == .ok && $0.verifiedAt != nil && $0.verifiedAt! > made[0].verifiedAt! }, "\(after)")
        for path in [p.fullPath] + after.map(\.fullPath) {
            #expect(try Self.bagitValidates(path), "\(path) is a valid bag again")
            #expect(BagFixture.contents(of: path) == BagFixture.contents(of: p.fullPath))
        }
        let repaired = try await h.events(aip).filter { $0.type == "repaired" }
        #expect(repaired.count == 2, "\(repaired)")
        #expect(repaired.contains { $0.detail.hasPrefix("the replica in vault2: corrupt (data/objects/file-1.bin changed") && $0.detail.contains("repaired from the primary in vault") },
                "\(repaired.map(\.detail))")
        #expect(repaired.contains { $0.detail.hasPrefix("the replica in offsite: missing") }, "\(repaired.map(\.detail))")
        #expect(try await h.events(aip).last?.type == "audit")
        #expect(h.locations.copies(named: name) == 3 && h.locations.temporaries().isEmpty, "\(h.locations.everything())")
        let read = try await h.db.scalars("SELECT bytes FROM audit_reads", as: Int64.self)
        #expect(read.count == 1 && read[0] >= 3 * 60_000, "the primary read, and both copies made: \(read)")
        #expect(try await h.package(aip).status == .stored)
    }

    @Test func aCorruptPrimaryIsRepairedFromAReplica() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try await ReplicationTests.replicating(h)
        let (aip, _) = try await ReplicationTests.storedAndReplicated(h)
        let p = try await h.package(aip)
        let original = BagFixture.contents(of: p.fullPath)
        try Self.flipAByte(in: p.fullPath + "/data/objects/file-0.bin")
        let record = try await Self.audit(h, aip)
        #expect(record.state == .succeeded, "\(record.errors)")
        #expect(BagFixture.contents(of: p.fullPath) == original)
        let repaired = try await h.events(aip).filter { $0.type == "repaired" }.map(\.detail)
        #expect(repaired.count == 1 && repaired[0].hasPrefix("the primary in vault: corrupt (data/objects/file-0.bin changed") && repaired[0].contains("from the replica in offsite"),
                "\(repaired)")
        let shown = try JSONValue(jsonText: try runCLI(["aip", "show", "--json", aip.uuidString], databaseURL: h.db.url).stdout)
        #expect(shown.list("copies").compactMap { $0.text("state") } == ["ok", "ok", "ok"])
        #expect(h.locations.temporaries().isEmpty)
    }

    /// Every copy bad: nothing is written, the job fails naming each, the AIP is damaged
    /// (and `aip audit --wait` exits 1); once a person puts a good copy back, the next
    /// audit repairs the rest and the AIP is stored again.
    @Test func withNoGoodCopyNothingIsTouchedAndTheAIPIsDamaged() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try await ReplicationTests.replicating(h)
        let (aip, _) = try await ReplicationTests.storedAndReplicated(h)
        let p = try await h.package(aip)
        let good = BagFixture.contents(of: p.fullPath)
        let copies = try await Self.copies(h, aip)
        try Self.flipAByte(in: p.fullPath + "/data/objects/file-0.bin")
        try Self.flipAByte(in: copies[0].fullPath + "/data/objects/file-1.bin")
        try FileManager.default.removeItem(atPath: copies[1].fullPath)
        let before = [p.fullPath, copies[0].fullPath].map(BagFixture.contents(of:))

        let run = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            try runCLI(["aip", "audit", aip.uuidString, "--wait"], databaseURL: h.db.url, timeout: 60)
        }
        #expect(run.status == 1, "\(run.stdout) \(run.stderr)")
        let job = try #require(UUID(uuidString: run.stdout.split(separator: "\n").first.map(String.init) ?? ""))
        let record = try await h.db.job(job)
        guard case .array(let errors) = record.errors else { Issue.record("no errors: \(record.errors)"); return }
        let error = errors.last
        #expect(record.state == .failed && error?.text("code") == "no_good_copy", "\(record.errors)")
        let message = error?.text("message") ?? ""
        for part in ["the primary in vault: corrupt (data/objects/file-0.bin changed", "the replica in \(copies[0].locationName): corrupt (data/objects/file-1.bin changed",
                     "the replica in \(copies[1].locationName): missing"] {
            #expect(message.contains(part), "\(message)")
        }
        #expect([p.fullPath, copies[0].fullPath].map(BagFixture.contents(of:)) == before, "nothing was written")
        #expect(!FileManager.default.fileExists(atPath: copies[1].fullPath))
        #expect(try await h.events(aip).filter { $0.type == "repaired" }.isEmpty)
        #expect(try await h.package(aip).status == .damaged)
        #expect(try await Self.copies(h, aip).map(\.state) == [.corrupt, .missing])
        let shown = try JSONValue(jsonText: try runCLI(["aip", "show", "--json", aip.uuidString], databaseURL: h.db.url).stdout)
        #expect(shown.text("status") == "damaged" && shown.list("copies").compactMap { $0.text("state") } == ["corrupt", "corrupt", "missing"], "\(shown)")
        let status = try JSONValue(jsonText: try runCLI(["audit", "status", "--json"], databaseURL: h.db.url).stdout)
        #expect(status.integer("damaged") == 1 && status.integer("aips") == 1, "\(status)")
        _ = try await h.db.withConnection { c in
            await #expect(throws: QueueError.self, "a damaged AIP is not moved") { _ = try await h.requests.move(aip, to: "vault2", on: c) }
        }

        try Self.flipAByte(in: p.fullPath + "/data/objects/file-0.bin")  // a person put it right
        #expect(BagFixture.contents(of: p.fullPath) == good)
        #expect(try await Self.audit(h, aip).state == .succeeded)
        #expect(try await h.package(aip).status == .stored)
        #expect(try await Self.copies(h, aip).allSatisfy { $0.state == .ok && BagFixture.contents(of: $0.fullPath) == good })

        // Damaged again, and deleted: every copy goes.
        try Self.flipAByte(in: p.fullPath + "/data/objects/file-0.bin")
        for copy in try await Self.copies(h, aip) { try FileManager.default.removeItem(atPath: copy.fullPath) }
        #expect(try await Self.audit(h, aip).state == .failed)
        #expect(try await h.package(aip).status == .damaged)
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let delete = try await h.submit { r, c in try await r.delete(aip, reason: "beyond repair", on: c) }
            #expect(try await h.finish(delete).state == .succeeded)
        }
        #expect(try await h.package(aip).status == .deleted && !FileManager.default.fileExists(atPath: p.fullPath))
        #expect(h.locations.temporaries().isEmpty && h.locations.copies(named: p.name) == 0, "\(h.locations.everything())")
    }

    /// What an audit cannot read is rot too (here a symlink where a payload file was, in a
    /// replica): repaired. A location whose directory is empty is an unmounted filesystem:
    /// nothing is called missing, nothing is repaired into it, and the job says why.
    @Test func anUnreadableCopyIsRepairedAndAnEmptyLocationIsNotRepairedInto() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try await ReplicationTests.replicating(h)
        let (aip, _) = try await ReplicationTests.storedAndReplicated(h)
        let p = try await h.package(aip)
        let copies = try await Self.copies(h, aip)
        let inside = copies[0].fullPath + "/data/objects/file-2.bin"
        try FileManager.default.removeItem(atPath: inside)
        try FileManager.default.createSymbolicLink(atPath: inside, withDestinationPath: p.fullPath + "/data/objects/file-2.bin")
        #expect(try await Self.audit(h, aip).state == .succeeded)
        #expect(FileSystem.kind(at: inside) == .file && BagFixture.contents(of: copies[0].fullPath) == BagFixture.contents(of: p.fullPath))
        let repaired = try await h.events(aip).filter { $0.type == "repaired" }.map(\.detail)
        #expect(repaired.count == 1 && repaired[0].contains("the replica in \(copies[0].locationName): corrupt"), "\(repaired)")

        // The other replica's location, unmounted: its directory is there, and empty.
        let root = copies[1].locationPath, away = root + "-unmounted"
        try FileManager.default.moveItem(atPath: root, toPath: away)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        let record = try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            var once = SubmitOptions()
            once.maxAttempts = 1
            let job = try await h.submit { [once] r, c in try await r.submit(.audit(aip), options: once, on: c) }
            return try await h.finish(job)
        }
        guard case .array(let errors) = record.errors else { Issue.record("no errors: \(record.errors)"); return }
        #expect(record.state == .failed && errors.last?.text("code") == "location_unavailable", "\(record.errors)")
        #expect((try FileManager.default.contentsOfDirectory(atPath: root)).isEmpty, "nothing was repaired into it")
        #expect(try await Self.copies(h, aip).map(\.state) == [.ok, .ok])
        try FileManager.default.removeItem(atPath: root)
        try FileManager.default.moveItem(atPath: away, toPath: root)
    }

    /// The scheduler enqueues, oldest first, the AIPs that would be late at its next pass,
    /// earlier by the time a pass over every copy takes at the bandwidth; never one whose
    /// audit is still to run; and nothing while another scheduler holds the lock.
    @Test func theSchedulerPicksTheOldestThatWouldBeLate() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        var aips: [UUID] = []
        for _ in 0..<4 {
            let aip = UUID(), name = "bag-\(aip.uuidString.lowercased())"
            try BagFixture.random(at: h.locations.incoming + "/" + name, count: 2, size: 50_000)
            try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
                let store = try await h.submit { r, c in try await r.store(path: name, from: "incoming", to: "vault", removeSource: true, on: c) }
                #expect(try await h.finish(store).state == .succeeded)
            }
            aips.append(aip)
        }
        let now = Date(timeIntervalSince1970: 1_800_000_000), day = 86_400.0
        for (aip, age) in zip(aips, [100 * day, 90 * day - 30, 75 * day, 10 * day]) {
            try await h.db.execute("UPDATE packages SET audited_at = \(now.addingTimeInterval(-age)) WHERE uuid = \(aip)")
        }
        let total = try await h.db.scalars("SELECT sum(size)::bigint FROM packages", as: Int64.self)[0]
        func scheduler(_ bandwidth: Double) async throws -> [UUID]? {
            try await h.db.withPool { pool in
                var c = AuditScheduler.Configuration(settings: AuditSettings(every: .seconds(90 * day), bandwidth: bandwidth))
                c.interval = .seconds(60)
                return try await AuditScheduler(db: pool, queue: h.db.queue, configuration: c, logger: h.db.logger).runOnce(now: now)
            }
        }
        #expect(try await scheduler(0) == [aips[0], aips[1]], "overdue, and due before the next pass")
        #expect(try await scheduler(0) == [], "their audits are queued")
        // At this bandwidth a pass takes 20 days: an AIP audited 75 days ago is due now.
        #expect(try await scheduler(Double(total) / (20 * day)) == [aips[2]])
        let jobs = try await h.db.scalars("SELECT package_uuid FROM jobs WHERE kind = 'aip.audit' AND priority = -10 ORDER BY id", as: UUID.self)
        #expect(jobs == Array(aips.prefix(3)))

        // Their audits failed without a verdict: not given another until a day has passed.
        try await h.db.execute("UPDATE jobs SET state = 'failed', finished_at = now() WHERE kind = 'aip.audit'")
        #expect(try await scheduler(0) == [])
        let later = try await h.db.withPool { pool in
            try await AuditScheduler(db: pool, queue: h.db.queue, configuration: .init(settings: AuditSettings(every: .seconds(90 * day))), logger: h.db.logger)
                .runOnce(now: now.addingTimeInterval(2 * day))
        }
        #expect(later == [aips[0], aips[1]], "a day on, the overdue are given one again, oldest first")
        try await h.db.execute("UPDATE jobs SET state = 'failed', finished_at = now() WHERE kind = 'aip.audit'")

        try await h.db.execute("UPDATE packages SET audited_at = \(now.addingTimeInterval(-200 * day)) WHERE uuid = \(aips[3])")
        try await h.db.withConnection { holder in
            _ = try await holder.query("SELECT pg_advisory_lock(\(AuditsSQL.schedulerLock))", logger: h.db.logger)
            #expect(try await scheduler(0) == nil, "another scheduler holds the lock")
            _ = try await holder.query("SELECT pg_advisory_unlock(\(AuditsSQL.schedulerLock))", logger: h.db.logger)
        }
        #expect(try await scheduler(0) == [aips[3]])
    }

    /// Two audits at once share one worker's budget: three copies of 6 MB each, twice,
    /// at 12 MB/s, take at least three seconds (the burst allowance aside).
    @Test func auditsReadWithinTheWorkersBudget() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try await ReplicationTests.replicating(h)
        var aips: [UUID] = []
        for _ in 0..<2 {
            let aip = UUID(), name = "bag-\(aip.uuidString.lowercased())"
            try BagFixture.random(at: h.locations.incoming + "/" + name, count: 6, size: 1_000_000)
            try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
                let store = try await h.submit { r, c in try await r.store(path: name, from: "incoming", to: "vault", removeSource: true, on: c) }
                #expect(try await h.finish(store).state == .succeeded)
                for job in try await ReplicationTests.replications(h, of: aip) { #expect(try await h.finish(job).state == .succeeded) }
            }
            aips.append(aip)
        }
        let budget = try #require(ReadBudget(bytesPerSecond: 12_000_000)), audited = aips
        let started = ContinuousClock.now
        try await withWorkers(h.db, handlers: StorageJobs.handlers(auditBudget: budget)) { _ in
            let lines: [(line: Int, operation: AIPOperation)] = audited.enumerated().map { ($0.offset + 1, .audit($0.element)) }
            let batch = try await h.db.withConnection { c in try await h.requests.submitBatch(lines, on: c) }
            for job in batch.jobs { #expect(try await h.finish(job).state == .succeeded) }
        }
        let elapsed = ContinuousClock.now - started
        let read = try await h.db.scalars("SELECT bytes FROM audit_reads", as: Int64.self)[0]
        #expect(read >= 36_000_000, "\(read)")
        #expect(elapsed >= .seconds(Double(read) / 12_000_000 - 0.5), "read \(read) bytes in \(elapsed)")
    }

    @Test(arguments: [("90d", 90 * 86_400.0), ("12h", 43_200), ("30m", 1_800), ("90s", 90), ("2w", 1_209_600), ("7", 604_800), (" 1.5d ", 129_600)])
    func durationsAreRead(_ text: String, _ seconds: Double) throws {
        #expect(try AuditSettings.duration(text, name: "audit.every") == .seconds(seconds))
    }

    @Test(arguments: [("100MiB", 104_857_600.0), ("100M", 104_857_600), ("1GB", 1e9), ("500KiB/s", 512_000), ("0", 0), ("2048", 2048), ("1.5 GiB", 1_610_612_736)])
    func bandwidthsAreRead(_ text: String, _ bytes: Double) throws {
        #expect(try AuditSettings.bytesPerSecond(text, name: "audit.bandwidth") == bytes)
    }

    @Test(arguments: ["", "0d", "-1d", "soon", "90x", "nan", "1e300", "30s"])
    func aBadDurationIsRefused(_ text: String) {
        #expect(throws: QueueError.self) { try AuditSettings.duration(text, name: "audit.every") }
    }

    @Test(arguments: ["fast", "-1MiB", "10XB", "inf", "1e-300", "100", "2PB"])
    func aBadBandwidthIsRefused(_ text: String) {
        #expect(throws: QueueError.self) { try AuditSettings.bytesPerSecond(text, name: "audit.bandwidth") }
    }
}
