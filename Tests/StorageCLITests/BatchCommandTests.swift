import Foundation
import QueueKit
@testable import StorageCLI
import StorageKit
import StorageTesting
import Testing

/// `ss-cli batch …` as scripts use it: all or nothing, idempotent, and waitable.
@Suite struct BatchCommandTests {
    func cli(_ h: StorageHarness, _ args: [String], stdin: String? = nil) throws -> CommandResult {
        if let stdin {
            let file = h.locations.root + "/batch-\(UUID().uuidString.prefix(8)).txt"
            try Data(stdin.utf8).write(to: URL(fileURLWithPath: file))
            return try runCLI(args.map { $0 == "-" ? file : $0 }, databaseURL: h.db.url)
        }
        return try runCLI(args, databaseURL: h.db.url)
    }

    func batchCount(_ h: StorageHarness) async throws -> Int {
        try await h.db.scalars("SELECT count(*)::int FROM batches", as: Int.self).first ?? 0
    }

    @Test func aBadLineEnqueuesNothingAndNamesItsLine() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try BagFixture.random(at: h.locations.incoming + "/a", count: 1, size: 10)
        let unknown = UUID().uuidString.lowercased()
        let cases: [(String, String)] = [
            ("store a --from incoming --to vault\n\n# a comment\nmove \(unknown) --to vault\n", "line 4: no AIP \(unknown)"),
            ("store a --from incoming --to vault\nfrobnicate a\n", "line 2: "),
            ("fixity not-a-uuid\n", "line 1: "),
            ("delete \(unknown) --reason \"unclosed\n", "line 1: the \" quote is not closed"),
            ("store a --from incoming --to vault --uuid \(unknown)\nstore a --from incoming --to vault2 --uuid \(unknown)\n",
             "line 2: AIP \(unknown) is stored twice in this submission"),
            ("store a --from incoming --to vault --wait\n", "line 1: --wait, --priority"),
            ("\n# nothing\n", "no operations"),
        ]
        for (text, message) in cases {
            let r = try cli(h, ["batch", "submit", "-"], stdin: text)
            #expect(r.status == 65, "\(text): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(text): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        #expect(try await h.jobCount() == 0, "nothing was enqueued")
        #expect(try await batchCount(h) == 0)
        #expect(try await h.db.scalars("SELECT count(*)::int FROM packages", as: Int.self) == [0])
        #expect(try cli(h, ["batch", "submit", h.locations.root + "/no-such-file"]).status == 66)
    }

    @Test func aBatchIsSubmittedOnceWaitedForAndReported() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        for name in ["a", "b", "c"] { try BagFixture.random(at: h.locations.incoming + "/" + name, count: 2, size: 1000) }
        let text = """
            # tonight's intake
            store a --from incoming --to vault
            store 'b' --from incoming --to vault

            store c --from incoming --to offsite   # offsite directly
            """
        let worker = try WorkerProcess(databaseURL: h.db.url)
        let first = try cli(h, ["batch", "submit", "--print-jobs", "--idempotency-key", "intake-2026-11-29", "-"], stdin: text)
        #expect(first.status == 0, "\(first.stderr)")
        let lines = first.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "the batch, then one job per operation")
        let batch = try #require(UUID(uuidString: lines[0]))
        let again = try cli(h, ["batch", "submit", "--idempotency-key", "intake-2026-11-29", "-"], stdin: text)
        #expect(again.status == 0 && again.stdout == lines[0] + "\n", "the same key answers with the same batch")
        #expect(again.stderr.contains("was used before"))
        #expect(try await h.jobCount() == 3)

        let wait = try cli(h, ["batch", "wait", "--timeout", "60", lines[0]])
        #expect(wait.status == 0, "\(wait.stderr)")
        #expect(wait.stdout.contains("succeeded 3"))
        let status = try cli(h, ["batch", "status", "--json", lines[0]])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(Set(doc.keys) == ["id", "jobs", "states", "bytes_done", "bytes_total", "errors"])
        #expect((doc["states"] as? [String: Int]) == ["succeeded": 3])
        let listed: [UUID] = try await h.db.scalars("SELECT id FROM jobs WHERE batch_id = \(batch) ORDER BY created_at, id")
        #expect(listed.map { $0.uuidString.lowercased() } == Array(lines.dropFirst()), "jobs in line order")

        // A failing job fails the wait, and its error is named.
        let aip = try #require(try await h.db.scalars("SELECT package_uuid FROM jobs WHERE id = \(listed[0])", as: UUID.self).first)
        let p = try await h.package(aip)
        try Data("rot".utf8).write(to: URL(fileURLWithPath: p.fullPath + "/data/objects/file-0.bin"))
        let check = try cli(h, ["batch", "submit", "--wait", "-"], stdin: "fixity \(aip)\n")
        #expect(check.status == 1, "--wait waits like batch wait: \(check.stderr)")
        let checkBatch = String(check.stdout.split(separator: "\n")[0])
        let failed = try cli(h, ["batch", "wait", "--timeout", "60", checkBatch])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("fixity_failed") && failed.stderr.contains("data/objects/file-0.bin"), "\(failed.stderr)")
        worker.signal(SIGTERM)
        #expect(worker.waitForExit(timeout: 20) == 0)
    }

    @Test func aBatchCanBeCancelledAndUnknownBatchesAreNotFound() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        for name in ["a", "b"] { try BagFixture.random(at: h.locations.incoming + "/" + name, count: 1, size: 10) }
        let submit = try cli(h, ["batch", "submit", "-"], stdin: "store a --from incoming --to vault\nstore b --from incoming --to vault\n")
        let batch = submit.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let cancel = try cli(h, ["batch", "cancel", batch])
        #expect(cancel.status == 0 && cancel.stderr.contains("cancelled 2 jobs"), "\(cancel.stderr)")
        let wait = try cli(h, ["batch", "wait", "--timeout", "10", batch])
        #expect(wait.status == 1 && wait.stdout.contains("cancelled 2"))
        let waitJSON = try cli(h, ["batch", "wait", "--json", batch])
        let doc = try JSONSerialization.jsonObject(with: Data(waitJSON.stdout.utf8)) as? [String: Any]
        #expect(waitJSON.status == 1 && (doc?["states"] as? [String: Int]) == ["cancelled": 2])
        let jobs = try runCLI(["job", "list", "--batch", batch, "--quiet"], databaseURL: h.db.url).stdout.split(separator: "\n").map(String.init)
        let jobWait = try cli(h, ["job", "wait", "--json"] + jobs)
        #expect(jobWait.status == 1)
        for line in jobWait.stdout.split(separator: "\n") {
            let ended = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
            #expect(ended?["state"] == "cancelled" && Set(ended?.keys ?? [:].keys) == ["id", "state"])
        }
        let unknown = UUID().uuidString.lowercased()
        for command in [["batch", "status", unknown], ["batch", "wait", unknown], ["batch", "cancel", unknown]] {
            let r = try cli(h, command)
            #expect(r.status == 66 && r.stderr.contains("no batch \(unknown)"), "\(command): \(r.stderr)")
        }
    }

    @Test func theSameIdempotencyKeyTwiceGivesOneJob() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try BagFixture.random(at: h.locations.incoming + "/a", count: 1, size: 10)
        let args = ["aip", "store", "a", "--from", "incoming", "--to", "vault", "--idempotency-key", "store-a"]
        let first = try cli(h, args)
        let second = try cli(h, args)
        #expect(first.status == 0 && second.status == 0, "\(second.stderr)")
        #expect(first.stdout == second.stdout)
        #expect(try await h.jobCount() == 1)
    }

    @Test func aBadLineAfterTheFirstSliceStillEnqueuesNothing() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        let aip = UUID()
        try await h.db.execute("""
            INSERT INTO packages (uuid, name, status, location_uuid, path, size, sha256, stored_at)
            SELECT \(aip), 'a', 'stored', uuid, 'p/a', 1, repeat('0', 64), now() FROM locations WHERE name = 'vault'
            """)
        let lines = String(repeating: "fixity \(aip)\n", count: AIPRequests.slice + 5) + "move \(aip) --to nowhere\n"
        let r = try cli(h, ["batch", "submit", "-"], stdin: lines)
        #expect(r.status == 65 && r.stderr.contains("line \(AIPRequests.slice + 6): no location 'nowhere'"), "\(r.stderr)")
        #expect(try await h.jobCount() == 0, "the slices already sent are rolled back")
        #expect(try await batchCount(h) == 0)
        let good = try cli(h, ["batch", "submit", "-"], stdin: String(repeating: "fixity \(aip)\n", count: AIPRequests.slice + 5))
        #expect(good.status == 0, "\(good.stderr)")
        #expect(try await h.jobCount() == AIPRequests.slice + 5)
    }

    /// Slices are read as the batch goes, but each AIP as it was before the batch: one
    /// stored in the first slice is still unknown to a move in the second, on the CLI's
    /// second connection (which does not see the batch's writes) and on the transaction's
    /// own (which would, and so reads each AIP once, in the slice that first names it).
    @Test func laterSlicesSeeEachAIPAsItWasBeforeTheBatch() async throws {
        let h = try await StorageHarness.make()
        defer { h.locations.remove() }
        try BagFixture.random(at: h.locations.incoming + "/a", count: 1, size: 10)
        let aip = UUID(), new = UUID()
        try await h.db.execute("""
            INSERT INTO packages (uuid, name, status, location_uuid, path, size, sha256, stored_at)
            SELECT \(aip), 'a', 'stored', uuid, 'p/a', 1, repeat('0', 64), now() FROM locations WHERE name = 'vault'
            """)
        let id = new.uuidString.lowercased()
        let line = AIPRequests.slice + 2
        let text = "store a --from incoming --to vault --uuid \(id)\n" + String(repeating: "fixity \(aip)\n", count: AIPRequests.slice)
            + "move \(id) --to vault2\n"
        let r = try cli(h, ["batch", "submit", "-"], stdin: text)
        #expect(r.status == 65 && r.stderr.contains("line \(line): no AIP \(id)"), "\(r.stderr)")
        let direct = try BatchFile.parse(text)
        let error = await #expect(throws: QueueError.self) {
            try await h.db.withConnection { c in _ = try await h.requests.submitBatch(direct, on: c) }
        }
        #expect(error?.message.hasPrefix("line \(line): no AIP \(id)") == true, "\(String(describing: error))")
        #expect(try await h.jobCount() == 0)
        #expect(try await batchCount(h) == 0)
        #expect(try await h.db.scalars("SELECT count(*)::int FROM packages", as: Int.self) == [1], "no pending row is left")
    }
}
