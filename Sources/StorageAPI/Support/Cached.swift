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

    /// The value. With `stale`, one older than `freshness` but younger than `stale` is
    /// given at once while a new reading is made for the next caller: a page a person
    /// reloads never waits on counting a million jobs, and says how old its counts are.
    func value(acceptingUpTo stale: Duration? = nil) async throws -> (value: Value, age: Duration) {
        if let cached {
            let age = ContinuousClock.now - cached.at
            switch cached.result {
            case .success(let value) where age < freshness:
                return (value, age)
            case .success(let value) where stale.map({ age < $0 }) ?? false:
                _ = startReading()
                return (value, age)
            case .failure(let error) where age < .seconds(1):
                throw error
            default:
                break
            }
        }
        return (try await startReading().value, .zero)
    }

    func value() async throws -> Value { try await value(acceptingUpTo: nil).value }

    /// Makes a first reading that only callers accepting a stale value take (its age
    /// starts at `freshness`): a server primes its pages when it starts without a scrape
    /// then being given the counts of before its first request.
    func prime() async {
        guard cached == nil, reading == nil else { return }
        let task = Task { [load] in try await load() }
        reading = task
        let result = await task.result
        reading = nil
        cached = (.now - freshness, result)
    }

    private func startReading() -> Task<Value, any Error> {
        if let reading { return reading }
        let task = Task { [load] in try await load() }
        reading = task
        Task { await settle(task) }
        return task
    }

    private func settle(_ task: Task<Value, any Error>) async {
        let result = await task.result
        cached = (.now, result)
        reading = nil
    }
}
