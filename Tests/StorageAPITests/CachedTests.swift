@testable import StorageAPI
import Synchronization
import Testing

/// One reading for any number of callers, and, where a caller accepts it, the last
/// reading at once while the next is made behind it.
@Suite struct CachedTests {
    final class Counter: Sendable {
        let readings = Atomic<Int>(0)
    }

    @Test func aStaleValueIsGivenAtOnceAndTheNextOneReadBehindIt() async throws {
        let counter = Counter()
        let cached = Cached(freshness: .milliseconds(50)) {
            try await Task.sleep(for: .milliseconds(200))
            return counter.readings.add(1, ordering: .relaxed).newValue
        }
        async let a = cached.value()
        async let b = cached.value()
        #expect(try await [a, b] == [1, 1], "two callers, one reading")

        try await Task.sleep(for: .milliseconds(100))
        let start = ContinuousClock.now
        let stale = try await cached.value(acceptingUpTo: .seconds(60))
        #expect(stale.value == 1 && stale.age >= .milliseconds(50) && ContinuousClock.now - start < .milliseconds(150),
                "the old reading, at once, with its age")
        #expect(try await cached.value() == 2, "a caller that wants it fresh waits for the reading begun behind")
        try await Task.sleep(for: .milliseconds(100))
        #expect(try await cached.value(acceptingUpTo: .milliseconds(60)).value == 3, "too old to give: read again")
        #expect(counter.readings.load(ordering: .relaxed) == 3)
    }

    @Test func aPrimedReadingServesOnlyCallersThatAcceptAStaleOne() async throws {
        let counter = Counter()
        let cached = Cached(freshness: .seconds(60)) { counter.readings.add(1, ordering: .relaxed).newValue }
        await cached.prime()
        let stale = try await cached.value(acceptingUpTo: .seconds(120))
        #expect(stale.value == 1 && stale.age >= .seconds(60), "a page takes the primed reading, and knows its age")
        #expect(try await cached.value() == 2, "a scrape does not: it reads")
        await cached.prime()
        #expect(counter.readings.load(ordering: .relaxed) == 2, "priming a cache that has a reading reads nothing")
    }
}
