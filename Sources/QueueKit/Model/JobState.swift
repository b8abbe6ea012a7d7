/// The seven states of a job, as stored in the `state` column.
///
/// The transition table here mirrors the guards in `JobsSQL` and the chart in
/// `docs/job-states.md`; a test checks all three agree.
public enum JobState: String, Sendable, Codable, CaseIterable {
    case queued, scheduled, running, retryable, succeeded, failed, cancelled

    /// States a job never leaves by itself (only `job retry` revives failed/cancelled).
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .cancelled: true
        default: false
        }
    }

    /// States from which a worker may claim the job once `run_at` has passed.
    public var isClaimable: Bool {
        switch self {
        case .queued, .scheduled, .retryable: true
        default: false
        }
    }

    /// Every transition the queue performs, with the event that causes it.
    public static let transitions: [(from: JobState, event: String, to: JobState)] = [
        (.queued, "claim", .running),
        (.scheduled, "claim", .running),
        (.retryable, "claim", .running),
        (.running, "complete", .succeeded),
        (.running, "fail retryable", .retryable),
        (.running, "fail permanent or attempts spent", .failed),
        (.running, "lease expired (rescue)", .retryable),
        (.running, "lease expired, attempts spent (rescue)", .failed),
        (.running, "lease expired, cancel requested (rescue, for a worker to undo)", .retryable),
        (.running, "cancel observed", .cancelled),
        (.running, "graceful shutdown (release)", .queued),
        (.queued, "cancel", .cancelled),
        (.scheduled, "cancel", .cancelled),
        (.retryable, "cancel", .cancelled),
        (.failed, "retry", .queued),
        (.cancelled, "retry", .queued),
    ]

    /// Whether the queue ever moves a job from `self` to `next`.
    public func canTransition(to next: JobState) -> Bool {
        Self.transitions.contains { $0.from == self && $0.to == next }
    }
}
