import Foundation
@testable import QueueKit
import Testing

/// The long polls' bookkeeping, step by step: each row is a sequence of events and what
/// must be resumed after each. Waiters are named by strings; `L` is the looker.
@Suite struct WaitBookTests {
    enum Step {
        /// A waiter arrives for a job (nil: any ending), having seen `seen` notifications.
        case park(String, job: Int?, seen: UInt64)
        case ended
        case parkLooker
        /// A look that found these jobs ended.
        case look(ended: [Int])
        case leave(String)
    }

    static let jobs = (0..<4).map { _ in UUID() }

    /// What each step resumed (waiters, and `L` for the looker), sorted.
    func run(_ steps: [Step]) -> [[String]] {
        var book = WaitBook<String>()
        var ids: [String: UUID] = [:]
        return steps.map { step -> [String] in
            switch step {
            case .park(let name, let job, let seen):
                let id = ids[name, default: UUID()]
                ids[name] = id
                let (now, looker) = book.park(id, job: job.map { Self.jobs[$0] }, seen: seen, name)
                return ((now ? [name] : []) + (looker.map { [$0] } ?? [])).sorted()
            case .ended:
                let (woken, looker) = book.jobsEnded()
                return (woken + (looker.map { [$0] } ?? [])).sorted()
            case .parkLooker:
                return book.parkLooker("L") ? [] : ["L"]
            case .look(let ended):
                _ = book.startLook()
                return book.looked(ended: Set(ended.map { Self.jobs[$0] })).sorted()
            case .leave(let name):
                return ids[name].flatMap { book.leave($0) }.map { [$0] } ?? []
            }
        }
    }

    static let table: [(String, [Step], [[String]])] = [
        ("a waiter for any ending wakes at the next notification",
         [.park("a", job: nil, seen: 0), .ended], [[], ["a"]]),
        ("one that missed a notification returns at once",
         [.ended, .park("a", job: nil, seen: 0)], [[], ["a"]]),
        ("a job's waiter wakes the parked looker, not itself",
         [.parkLooker, .park("a", job: 0, seen: 0)], [[], ["L"]]),
        ("a notification wakes the looker, not the job's waiter",
         [.park("a", job: 0, seen: 0), .look(ended: []), .parkLooker, .ended], [[], [], [], ["L"]]),
        ("the look wakes only the waiters of the jobs it found ended",
         [.park("a", job: 0, seen: 0), .park("b", job: 1, seen: 0), .park("c", job: 0, seen: 0), .look(ended: [0])],
         [[], [], [], ["a", "c"]]),
        ("a look that found nothing ended wakes nobody; the next one does",
         [.park("a", job: 2, seen: 0), .look(ended: []), .look(ended: [2])], [[], [], ["a"]]),
        ("a look wanted while none runs is not lost: the looker does not park",
         [.park("a", job: 0, seen: 0), .parkLooker], [[], ["L"]]),
        ("a notification with nobody parked still wants a look",
         [.ended, .parkLooker], [[], ["L"]]),
        ("a waiter that left is not resumed again, and leaving twice resumes nothing",
         [.park("a", job: nil, seen: 0), .leave("a"), .leave("a"), .ended], [[], ["a"], [], []]),
        ("a job's waiter that left is not woken by the look",
         [.park("a", job: 0, seen: 0), .leave("a"), .look(ended: [0])], [[], ["a"], []]),
        ("waiters for any ending and for jobs, together",
         [.park("a", job: nil, seen: 0), .park("b", job: 3, seen: 0), .ended, .look(ended: [3])], [[], [], ["a"], ["b"]]),
    ]

    @Test(arguments: 0..<table.count) func step(_ row: Int) {
        let (name, steps, expected) = Self.table[row]
        #expect(run(steps) == expected, "\(name)")
    }

    @Test func theLookAsksForEveryJobWaitedOnOnce() {
        var book = WaitBook<String>()
        for (i, job) in [0, 1, 1, 2].enumerated() {
            _ = book.park(UUID(), job: Self.jobs[job], seen: 0, "w\(i)")
        }
        _ = book.park(UUID(), job: nil, seen: 0, "any")
        #expect(book.lookWanted)
        #expect(book.startLook() == Set(Self.jobs[0...2]))
        #expect(!book.lookWanted, "a look taken is no longer wanted")
        #expect(book.count == 5)
    }
}
