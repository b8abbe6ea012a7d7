import Foundation
import PostgresNIO

/// What `/metrics` shows of the queue.
public struct QueueFigures: Sendable {
    public var jobs: [(state: String, kind: String, queue: String, count: Int64)]
    /// Seconds the oldest job that could run has waited, per queue.
    public var oldestWaiting: [(queue: String, seconds: Double)]
    /// Per worker: running jobs, and seconds until the first of their leases runs out.
    public var workers: [(worker: String, running: Int64, leaseLeft: Double)]
}

extension JobQueue {
    public func figures(on db: some PostgresExecutor) async throws -> QueueFigures {
        QueueFigures(
            jobs: try await db.decode(JobsSQL.countsByStateKindQueue, as: (String, String, String, Int64).self, logger: logger)
                .map { ($0.0, $0.1, $0.2, $0.3) },
            oldestWaiting: try await db.decode(JobsSQL.oldestWaiting, as: (String, Double).self, logger: logger).map { ($0.0, $0.1) },
            workers: try await db.decode(JobsSQL.workerLeases, as: (String, Int64, Double).self, logger: logger).map { ($0.0, $0.1, $0.2) })
    }

    /// Jobs that succeeded and failed in each of the last 24 hours; index 0 is the hour
    /// just past.
    public func endingsPerHour(on db: some PostgresExecutor) async throws -> [(succeeded: Int, failed: Int)] {
        var hours = Array(repeating: (succeeded: 0, failed: 0), count: 24)
        for (ago, succeeded, failed) in try await db.decode(JobsSQL.endingsPerHour, as: (Int, Int, Int).self, logger: logger) where (0..<24).contains(ago) {
            hours[ago] = (succeeded, failed)
        }
        return hours
    }
}
