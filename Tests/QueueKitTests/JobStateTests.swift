import Foundation
import NIOCore
import Testing
@testable import QueueKit

@Suite struct JobStateTests {
    /// The Swift transition table and the chart in docs/job-states.md say the same.
    @Test func transitionTableMatchesTheStateChart() throws {
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/job-states.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        var chart: Set<String> = []
        for line in text.split(separator: "\n") {
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 3)
            guard parts.count == 4, parts[1] == "-->", parts[0] != "[*]" else { continue }
            let to = parts[2].replacingOccurrences(of: ":", with: "")
            let event = String(parts[3])
            chart.insert("\(parts[0]) -> \(to): \(event)")
        }
        let table = Set(JobState.transitions.map { "\($0.from.rawValue) -> \($0.to.rawValue): \($0.event)" })
        #expect(chart == table)
        #expect(table.count == JobState.transitions.count)
    }

    /// The claim statement takes exactly the states Swift calls claimable.
    @Test func theClaimSQLTakesTheClaimableStates() {
        let claimable = JobState.allCases.filter(\.isClaimable).map { "'\($0.rawValue)'" }.joined(separator: ",")
        #expect(claimable == "'queued','scheduled','retryable'")
        #expect(JobsSQL.Claim.sql.contains("j.state IN (\(claimable))"))
        let claimedFrom = JobState.transitions.filter { $0.to == .running }.map(\.from)
        #expect(Set(claimedFrom) == Set(JobState.allCases.filter(\.isClaimable)))
    }

    @Test func terminalStatesHaveNoWayOutButRetry() {
        for state in JobState.allCases where state.isTerminal {
            let exits = JobState.transitions.filter { $0.from == state }
            #expect(exits.allSatisfy { $0.event == "retry" && $0.to == .queued })
        }
        #expect(JobState.running.canTransition(to: .queued))
        #expect(!JobState.succeeded.canTransition(to: .running))
    }
}

@Suite struct BackoffTests {
    @Test func growsExponentiallyWithJitterAndACap() {
        let b = Backoff(base: 1, cap: 3600)
        #expect(b.delay(afterAttempt: 1, jitter: 1) == 2)
        #expect(b.delay(afterAttempt: 3, jitter: 1) == 8)
        #expect(b.delay(afterAttempt: 3, jitter: 0.5) == 4)
        #expect(b.delay(afterAttempt: 25, jitter: 1) == 3600)
        for _ in 0..<100 {
            let d = b.delay(afterAttempt: 4)
            #expect(d >= 8 && d <= 16)
        }
    }
}

@Suite struct WakeSignalTests {
    @Test func aSignalBeforeTheWaitIsNotLost() async {
        let s = WakeSignal()
        s.signal()
        #expect(await s.wait(timeout: .seconds(5)))
    }

    @Test func timesOutWithoutASignal() async {
        let s = WakeSignal()
        let start = ContinuousClock.now
        #expect(await s.wait(timeout: .milliseconds(50)) == false)
        #expect(ContinuousClock.now - start >= .milliseconds(45))
    }

    @Test func wakesAWaiter() async {
        let s = WakeSignal()
        async let woke = s.wait(timeout: .seconds(10))
        try? await Task.sleep(for: .milliseconds(20))
        s.signal()
        #expect(await woke)
    }
}

@Suite struct JSONValueTests {
    @Test func textRoundTripsAndEscapes() throws {
        let value: JSONValue = ["b": [1, 2.5, true, nil], "a": "quote \" backslash \\ newline \n tab \t bell \u{07} é"]
        let text = value.jsonText
        #expect(text.hasPrefix(#"{"a":"quote \" backslash \\ newline \n tab \t bell \u0007 é","b":[1,2.5,true,null]}"#))
        #expect(try JSONValue(jsonText: text) == value)
    }

    @Test func timeOrderedIdsAreVersion7AndSortByTime() {
        let a = UUID.timeOrdered(now: Date(timeIntervalSince1970: 1_000))
        let b = UUID.timeOrdered(now: Date(timeIntervalSince1970: 1_001))
        #expect(a.uuidString.lowercased() < b.uuidString.lowercased())
        #expect(Array(a.uuidString)[14] == "7")
    }

    @Test func timeOrderedIdsFromOneProcessIncreaseStrictly() {
        let ids = (0..<10_000).map { _ in UUID.timeOrdered().uuidString.lowercased() }
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 }, "in the order they were made, even within one millisecond")
    }

    /// Their random bits come from a pool refilled every 512 ids: no two ids share them.
    @Test func timeOrderedIdsHaveFreshRandomBits() {
        let tails = (0..<10_000).map { _ in UUID.timeOrdered().uuidString.suffix(17) }
        #expect(Set(tails).count == tails.count)
    }

    /// The hand-written text forms of a UUID (the COPY of jobs, batch lines) say what
    /// Foundation's does, and accept the canonical form only: never a text that Foundation
    /// reads otherwise. (Foundation also takes whitespace that `sscanf` skips: " c1d4bd5-…"
    /// is C1D4BD05-…; a batch line with such a word goes to the `aip` commands.)
    @Test func uuidTextAgreesWithFoundation() {
        for id in (0..<2_000).map({ $0.isMultiple(of: 2) ? UUID() : UUID.timeOrdered() }) {
            var buffer = ByteBuffer()
            id.writeHexText(to: &buffer)
            #expect(String(buffer: buffer) == id.uuidString.lowercased())
            #expect(UUID(hexText: id.uuidString) == id)
            #expect(UUID(hexText: id.uuidString.lowercased()[...]) == id)
        }
        let good = "6c1d4bd5-3f55-4c6e-9d6e-1c2b3a4d5e6f"
        #expect(UUID(hexText: good) == UUID(uuidString: good) && UUID(hexText: good.uppercased()) == UUID(uuidString: good))
        for text in ["", "-", String(good.dropLast()), good + "0", "{\(good)}",
                     good.replacingOccurrences(of: "-", with: ""), good.replacingOccurrences(of: "-", with: "+"),
                     String(good.dropLast()) + "g", String(good.dropLast()) + "é", "6c1d4bd5-3f55-4c6e-9d6e1-c2b3a4d5e6f",
                     " " + String(good.dropFirst()), "6c1d4bd5-3f55-4c6e-9d6e-1c2b3a4d5e6\u{0}"] {
            #expect(UUID(hexText: text) == nil, "\(text.debugDescription)")
        }
    }
}
