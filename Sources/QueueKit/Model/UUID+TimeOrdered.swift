import Foundation
import Synchronization

extension UUID {
    private static let lastTimeOrdered = Mutex(TimeOrderedState())

    /// A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, a 12-bit counter, then
    /// random bits. Jobs created together get neighbouring ids, so a bulk insert appends
    /// to the primary key's index; and ids made by one process increase strictly (the
    /// counter, RFC 9562 method 1), so a batch's jobs sort in the order they were given.
    public static func timeOrdered(now: Date = Date()) -> UUID {
        var bytes = UUID.zero.uuid
        let (ms, counter) = lastTimeOrdered.withLock { last -> (UInt64, UInt16) in
            var ms = UInt64(max(0, now.timeIntervalSince1970 * 1000))
            var counter: UInt16
            if ms <= last.ms {
                ms = last.ms
                counter = last.counter + 1
                if counter > 0x0FFF { ms += 1; counter = 0 }
            } else {
                counter = UInt16(truncatingIfNeeded: last.random.next()) & 0x07FF  // headroom for many ids in this millisecond
            }
            last.ms = ms
            last.counter = counter
            withUnsafeMutableBytes(of: &bytes) { raw in
                raw.storeBytes(of: last.random.next(), toByteOffset: 8, as: UInt64.self)
            }
            return (ms, counter)
        }
        bytes.0 = UInt8(truncatingIfNeeded: ms >> 40)
        bytes.1 = UInt8(truncatingIfNeeded: ms >> 32)
        bytes.2 = UInt8(truncatingIfNeeded: ms >> 24)
        bytes.3 = UInt8(truncatingIfNeeded: ms >> 16)
        bytes.4 = UInt8(truncatingIfNeeded: ms >> 8)
        bytes.5 = UInt8(truncatingIfNeeded: ms)
        bytes.6 = 0x70 | UInt8(counter >> 8)
        bytes.7 = UInt8(truncatingIfNeeded: counter)
        bytes.8 = 0x80 | (bytes.8 & 0x3F)
        return UUID(uuid: bytes)
    }
}

/// The last id's millisecond and counter, and the random bits for the next ids.
private struct TimeOrderedState {
    var ms: UInt64 = 0
    var counter: UInt16 = 0
    var random = RandomPool()
}

/// Random words from the system's generator, 4 KiB per call: `UUID()` opens, reads and
/// closes `/dev/urandom` for each id, which was most of a million-job enqueue's system time.
private struct RandomPool {
    private var words = [UInt64](repeating: 0, count: 512)
    private var used = 512

    mutating func next() -> UInt64 {
        if used == words.count {
            words.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
            used = 0
        }
        defer { used += 1 }
        return words[used]
    }
}
