import Foundation
import QueueKit
import StorageTesting
import Testing

/// A worker whose endings are written slowly (a database that answers late): claiming
/// waits at the concurrency limit, the endings keep their leases while they wait, and a
/// graceful shutdown writes every one of them. Before, the claimer went on claiming while
/// endings piled up unwritten, and their leases ran out under them (issue 13).
@Suite struct BackPressureTests {
    @Test func claimingWaitsForEndingsAndPendingEndingsKeepTheirLeases() async throws {
        let db = try await TestDatabase.queueOnly()
        _ = try await db.enqueue((0..<3000).map { _ in NewJob(kind: "system.noop") })
        let concurrency = 20
        let (mostRunning, expired) = try await withWorkers(db, configure: {
            $0.concurrency = concurrency
            $0.completionDelay = .seconds(2)  // longer than the lease
            $0.leaseSeconds = 1.5
        }) { _ in
            var most = 0, expired = 0
            let end = ContinuousClock.now + .seconds(6)
            while ContinuousClock.now < end {
                most = max(most, try await db.scalars("SELECT count(*)::int FROM jobs WHERE state = 'running'", as: Int.self).first ?? 0)
                expired += try await db.scalars("SELECT count(*)::int FROM jobs WHERE state = 'running' AND lease_expires_at < now()", as: Int.self).first ?? 0
                try await Task.sleep(for: .milliseconds(100))
            }
            return (most, expired)
        }
        #expect(mostRunning <= concurrency, "never more than --concurrency between claim and committed ending: \(mostRunning)")
        #expect(mostRunning > 0)
        #expect(expired == 0, "no lease ran out under an ending waiting to be written")
        let states = Dictionary(uniqueKeysWithValues: try await db.withConnection { c in
            try await c.query("SELECT state, count(*)::int FROM jobs GROUP BY state", logger: db.logger).collect().map { try $0.decode((String, Int).self) }
        })
        #expect(states["running"] == nil && states["failed"] == nil, "the shutdown wrote every ending: \(states)")
        #expect((states["succeeded"] ?? 0) >= 2 * concurrency, "\(states)")
    }
}
