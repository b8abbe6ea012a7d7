import Foundation
import QueueKit

/// How the dashboard writes numbers and times: for a person, not a parser.
enum Format {
    static func bytes(_ n: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(n), unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(n) B" : String(format: value < 10 ? "%.1f %@" : "%.0f %@", value, units[unit])
    }

    /// A number as a whole one, saturating (NaN as 0), where `Int64(_:)` would trap.
    static func whole(_ d: Double) -> Int64 {
        if d.isNaN { return 0 }
        return d >= 9.2e18 ? .max : d <= -9.2e18 ? .min : Int64(d)
    }

    /// How old a reading is: `now`, or `12 s ago`.
    static func age(_ age: Duration) -> String {
        age < .seconds(1) ? "now" : duration(Double(age.components.seconds)) + " ago"
    }

    /// `3 s`, `4 min`, `2 h 5 min`, `3 d 4 h`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(whole(max(0, seconds.rounded())))
        switch s {
        case ..<60: return "\(s) s"
        case ..<3600: return "\(s / 60) min"
        case ..<86_400: return "\(s / 3600) h \(s % 3600 / 60) min"
        default: return "\(s / 86_400) d \(s % 86_400 / 3600) h"
        }
    }

    static func ago(_ date: Date, now: Date = Date()) -> String {
        duration(now.timeIntervalSince(date)) + " ago"
    }

    /// `2026-12-03 07:41:05 UTC`, sortable and the same for every reader.
    static func time(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return f.string(from: date)
    }

    /// A timestamp of a job document (RFC 3339) the same way.
    static func time(_ text: String?) -> String {
        guard let text else { return "" }
        return date(text).map(time) ?? text
    }

    static func date(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text)
    }

    /// A text, or nil when empty: a mustache section shows an empty text as present.
    static func shown(_ text: String) -> String? { text.isEmpty ? nil : text }

    static func uuid(_ id: UUID) -> String { id.uuidString.lowercased() }

    static func count(_ n: Int) -> String {
        let f = NumberFormatter()
        f.numberStyle = .decimal
        f.locale = Locale(identifier: "en_US_POSIX")
        f.groupingSeparator = ","
        f.usesGroupingSeparator = true
        return f.string(from: NSNumber(value: n)) ?? "\(n)"
    }

    /// A JSON value laid out for reading.
    static func json(_ value: JSONValue?) -> String {
        guard let value, let data = try? JSONEncoder.pretty.encode(value) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension JSONEncoder {
    static var pretty: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }
}
