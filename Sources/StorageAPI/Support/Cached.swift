/// A value read at most every `freshness`: callers that come while a reading is being made
/// wait for it (never a reading each), and a failed one is kept a second, so that any
/// number of callers (scrapers, people refreshing a page) cost one reading every few seconds.
actor Cached<Value: Sendable> {
    let freshness: Duration
    private let load: @Sendable () async throws -> Value
    private var cached: (at: ContinuousClock.Instant, result: Result<Value, any Error>)?
    private var reading: Task<Value, any Error>?

    init(freshness: Duration, _ load: @escaping @Sendable () async throws -> Value) {
        self.freshness = freshness
        self.load = load
    }

    func value() async throws -> Value {
        if let cached {
            let age = ContinuousClock.now - cached.at
            if case .success(let value) = cached.result, age < freshness { return value }
            if case .failure(let error) = cached.result, age < .seconds(1) { throw error }
        }
        if let reading { return try await reading.value }
        let task = Task { [load] in try await load() }
        reading = task
        let result = await task.result
        reading = nil
        cached = (.now, result)
        return try result.get()
    }
}
