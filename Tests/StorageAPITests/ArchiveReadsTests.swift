import Foundation
import Testing
@testable import StorageAPI

/// Files read out of compressed AIPs at once are bounded: past the limit a request is
/// refused at once (503), and a slot comes back when its response is done or dropped.
@Suite struct ArchiveReadsTests {
    @Test func pastTheLimitARequestIsRefusedAndSlotsComeBack() throws {
        let reads = ArchiveReads(limit: 2)
        let first = try reads.enter()
        var second: ArchiveReads.Ticket? = try reads.enter()
        #expect {
            _ = try reads.enter()
        } throws: { ($0 as? APIError)?.status == .serviceUnavailable && "\($0)".contains("2 long reads") }
        first.release()
        first.release()  // twice gives back one slot only
        let third = try reads.enter()
        #expect(throws: APIError.self) { _ = try reads.enter() }
        second = nil  // a response dropped unwritten
        _ = second
        let fourth = try reads.enter()
        #expect(throws: APIError.self) { _ = try reads.enter() }
        _ = (third, fourth)
    }
}
