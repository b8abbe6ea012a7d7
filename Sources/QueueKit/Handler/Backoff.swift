import Foundation

/// Exponential back-off with jitter between attempts: about 2^attempt seconds, capped at
/// an hour, scaled by a random factor in [0.5, 1.0] so that a burst of failures spreads out.
public struct Backoff: Sendable {
    public var base: Double
    public var cap: Double

    public init(base: Double = 1, cap: Double = 3600) {
        self.base = base
        self.cap = cap
    }

    /// Seconds to wait after failed attempt number `attempt` (1-based).
    public func delay(afterAttempt attempt: Int, jitter: Double = Double.random(in: 0.5...1)) -> Double {
        let exponent = Double(min(max(attempt, 1), 30))
        return min(cap, base * pow(2, exponent)) * jitter
    }
}
