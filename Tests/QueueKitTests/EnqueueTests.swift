import Foundation
import PostgresNIO
import QueueKit
import StorageTesting
import Testing

@Suite struct EnqueueTests {
    @Test func bulkEnqueueReturnsIdsInOrderAndSetsStates() async throws {
        let db = try await TestDatabase.queueOnly()
        let later = Date().addingTimeInterval(3600)
        let jobs = [NewJob(kind: "system.noop"), NewJob(kind: "system.noop", runAt: later), NewJob(kind: "system.noop", priority: 5)]
        let ids = try await db.enqueue(jobs)
        #expect(ids == jobs.map(\.id))
        #expect(try await db.job(ids[0]).state == .queued)
        #expect(try await db.job(ids[1]).state == .scheduled)
        #expect(try await db.job(ids[2]).priority == 5)
    }

    @Test func theSameIdempotencyKeyGivesTheSameJob() async throws {
        let db = try await TestDatabase.queueOnly()
        let first = try await db.enqueue([NewJob(kind: "system.noop", idempotencyKey: "nightly-2026-11-29")])
        let second = try await db.enqueue([NewJob(kind: "system.noop", idempotencyKey: "nightly-2026-11-29"),
                                           NewJob(kind: "system.noop", idempotencyKey: "other")])
        #expect(second[0] == first[0])
        let count: [Int] = try await db.scalars("SELECT count(*) FROM jobs")
        #expect(count == [2])
    }

    @Test func enqueueJoinsTheCallersTransaction() async throws {
        let db = try await TestDatabase.queueOnly()
        let job = NewJob(kind: "system.noop")
        struct Rollback: Error {}
        _ = try? await db.withConnection { c in
            try await c.transaction(logger: db.logger) { tx in
                _ = try await db.queue.enqueue([job], on: tx)
                throw Rollback()
            }
        }
        await #expect(throws: QueueError.self) { try await db.job(job.id) }
        try await db.withConnection { c in
            try await c.transaction(logger: db.logger) { tx in _ = try await db.queue.enqueue([job], on: tx) }
        }
        #expect(try await db.job(job.id).state == .queued)
    }

    @Test func unknownJobsAreNotFound() async throws {
        let db = try await TestDatabase.queueOnly()
        await #expect { try await db.job(UUID()) } throws: { ($0 as? QueueError)?.code == .notFound }
        await #expect {
            try await db.withConnection { c in try await db.queue.cancel(UUID(), on: c) }
        } throws: { ($0 as? QueueError)?.code == .notFound }
    }
    /// A bulk enqueue goes by COPY: every byte of every field arrives, whatever COPY's
    /// text format gives meaning to (backslash, tab, newline, `\N`), and the jobs are
    /// queued with the database's clock. (A queue's name cannot hold such bytes: it is
    /// refused, with nothing enqueued.)
    @Test func aCopiedBulkKeepsEveryByteOfItsFields() async throws {
        let db = try await TestDatabase.queueOnly()
        let batch = UUID(), package = UUID()
        let awkward = "tab\there, newline\nthere, cr\r, backslash \\ and \\N, quote \" é 🗄"
        var jobs = (0..<500).map { i in
            NewJob(kind: i % 2 == 0 ? "system.noop" : "odd\tkind \\N", args: .object(["note": .string(awkward), "i": .number(Double(i))]),
                   queue: "q.\(i % 3)", priority: i % 7 - 3, maxAttempts: 1 + i % 5, batchID: i % 2 == 0 ? batch : nil,
                   packageUUID: i == 7 ? package : nil)
        }
        var refused = jobs
        refused[250].queue = "q\t1"
        await #expect { try await db.enqueue(refused) } throws: { ($0 as? QueueError)?.code == .invalidInput }
        #expect(try await db.scalars("SELECT count(*)::int FROM jobs", as: Int.self) == [0])
        jobs[3].submittedBy = "alice\\\tbob"
        let ids = try await db.enqueue(jobs)
        #expect(ids == jobs.map(\.id))
        for i in [0, 3, 7, 499] {
            let job = try await db.job(ids[i])
            #expect(job.state == .queued)
            #expect(job.args == jobs[i].args)
            #expect(job.kind == jobs[i].kind && job.queue == jobs[i].queue && job.priority == jobs[i].priority && job.maxAttempts == jobs[i].maxAttempts)
            #expect(job.batchID == jobs[i].batchID && job.packageUUID == jobs[i].packageUUID)
            #expect((job.submittedBy ?? "") == jobs[i].submittedBy)
        }
    }

    /// A COPY that fails (an id already taken) inserts none of its rows, says why, and
    /// leaves the connection usable.
    @Test func aFailedCopyInsertsNothing() async throws {
        let db = try await TestDatabase.queueOnly()
        let first = try await db.enqueue([NewJob(kind: "system.noop")])
        var jobs = (0..<200).map { _ in NewJob(kind: "system.noop") }
        jobs[150].id = first[0]
        try await db.withConnection { c in
            await #expect { try await db.queue.enqueue(jobs, on: c) } throws: { String(reflecting: $0).contains("jobs_pkey") }
            let count = try await c.query("SELECT count(*)::int FROM jobs", logger: db.logger).collect().map { try $0.decode(Int.self) }
            #expect(count == [1])
        }
    }

    /// A streamed enqueue makes each job once, in order, as the COPY reaches it, and
    /// hands back their ids; a job COPY cannot take (a key, a bad queue name) found after
    /// thousands of rows were sent fails the whole enqueue with a clear error, nothing
    /// inserted and the connection still usable. Under COPY's threshold the same rules hold.
    @Test func aStreamedEnqueueMakesEachJobOnceAndFailsWhole() async throws {
        let db = try await TestDatabase.queueOnly()
        let batch = UUID()
        var made: [Int] = []
        let ids = try await db.withConnection { c in
            try await db.queue.enqueue(count: 10_000, on: c) { i in
                made.append(i)
                return NewJob(kind: "system.noop", argsJSON: "{\"i\":\(i)}", queue: "q.\(i % 2)", batchID: batch)
            }
        }
        #expect(made == Array(0..<10_000))
        #expect(Set(ids).count == 10_000)
        #expect(try await db.job(ids[9_999]).args == .object(["i": .number(9_999)]))
        #expect(try await db.job(ids[1]).queue == "q.1")
        let rows: [Int] = try await db.scalars("SELECT count(*)::int FROM jobs WHERE batch_id = \(batch) AND state = 'queued'")
        #expect(rows == [10_000])

        for none in [0, -1] {
            let nothing = try await db.withConnection { c in try await db.queue.enqueue(count: none, on: c) { _ in NewJob(kind: "system.noop") } }
            #expect(nothing.isEmpty, "a count of \(none) enqueues nothing and does not trap")
        }

        let spoilers: [(Int, (inout NewJob) -> Void, String)] = [
            (9_000, { $0.idempotencyKey = "late" }, "job 9000 of a streamed enqueue has an idempotency key"),
            (8_500, { $0.runAt = Date() }, "a start time"),
            (9_500, { $0.queue = "no\nqueue" }, "invalid queue name"),
            (2, { $0.idempotencyKey = "small" }, "job 2 of a streamed enqueue"),
        ]
        for (at, spoil, message) in spoilers {
            let count = at < 64 ? 10 : 10_000
            try await db.withConnection { c in
                await #expect {
                    try await db.queue.enqueue(count: count, on: c) { i in
                        var job = NewJob(kind: "system.noop", argsJSON: "{}")
                        if i == at { spoil(&job) }
                        return job
                    }
                } throws: { ($0 as? QueueError)?.code == .invalidInput && ($0 as? QueueError)?.message.contains(message) == true }
                let total = try await c.query("SELECT count(*)::int FROM jobs", logger: db.logger).collect().map { try $0.decode(Int.self) }
                #expect(total == [10_000], "nothing of the failed enqueue inserted (\(message))")
            }
        }
    }
}
