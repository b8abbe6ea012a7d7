import NIOCore
import Foundation

/// UUIDs as text without Foundation's C formatting and scanning (`snprintf`, `sscanf`),
/// which took a tenth of a 100,000-line batch submission and of a million-job COPY.
extension UUID {
    /// The canonical 8-4-4-4-12 form in either case, and nothing else (`UUID(uuidString:)`
    /// also skips whitespace between the digits, as `sscanf` does).
    public init?(hexText text: some StringProtocol) {
        var bytes = UUID.zero.uuid
        let parsed = text.utf8.withContiguousStorageIfAvailable { Self.parse($0, into: &bytes) }
            ?? Self.parse(Array(text.utf8), into: &bytes)
        guard parsed else { return nil }
        self.init(uuid: bytes)
    }

    /// All zeros: the starting bytes of a UUID being made.
    static let zero = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    private static func parse(_ utf8: some RandomAccessCollection<UInt8>, into bytes: inout uuid_t) -> Bool {
        guard utf8.count == 36 else { return false }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        return withUnsafeMutableBytes(of: &bytes) { out in
            var i = utf8.startIndex
            for n in 0..<16 {
                if n == 4 || n == 6 || n == 8 || n == 10 {
                    guard utf8[i] == UInt8(ascii: "-") else { return false }
                    i = utf8.index(after: i)
                }
                guard let high = nibble(utf8[i]), let low = nibble(utf8[utf8.index(after: i)]) else { return false }
                out[n] = high << 4 | low
                i = utf8.index(i, offsetBy: 2)
            }
            return true
        }
    }

    /// Writes the lowercase canonical form (36 bytes).
    public func writeHexText(to buffer: inout ByteBuffer) {
        let hex: StaticString = "0123456789abcdef"
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 36) { out in
            withUnsafeBytes(of: uuid) { bytes in
                var o = 0
                for i in 0..<16 {
                    if i == 4 || i == 6 || i == 8 || i == 10 { out[o] = UInt8(ascii: "-"); o += 1 }
                    out[o] = hex.utf8Start[Int(bytes[i] >> 4)]
                    out[o + 1] = hex.utf8Start[Int(bytes[i] & 0x0F)]
                    o += 2
                }
            }
            return 36
        }
    }
}
