import Foundation
import PostgresNIO

extension JobQueue {
    /// How quickly a batch's jobs were started and finished after submission (ms),
    /// measured by the database clock alone.
    public struct BatchLatency: Sendable, Codable {
        public var jobs: Int
        public var startP50: Double
        public var startP95: Double
        public var startP99: Double
        public var startMax: Double
        public var roundTripP50: Double
        public var roundTripMax: Double

        enum CodingKeys: String, CodingKey {
            case jobs
            case startP50 = "start_p50_ms", startP95 = "start_p95_ms", startP99 = "start_p99_ms", startMax = "start_max_ms"
            case roundTripP50 = "round_trip_p50_ms", roundTripMax = "round_trip_max_ms"
        }
    }

    public func latency(batch: UUID, on db: some PostgresExecutor) async throws -> BatchLatency {
        let rows = try await db.decode(JobsSQL.latency(batch: batch), as: (Int, Double, Double, Double, Double, Double, Double).self, logger: logger)
        for r in rows {
            return BatchLatency(jobs: r.0, startP50: r.1, startP95: r.2, startP99: r.3, startMax: r.4,
                                roundTripP50: r.5, roundTripMax: r.6)
        }
        return BatchLatency(jobs: 0, startP50: 0, startP95: 0, startP99: 0, startMax: 0, roundTripP50: 0, roundTripMax: 0)
    }
}
