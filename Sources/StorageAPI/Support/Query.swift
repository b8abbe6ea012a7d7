import Foundation
import Hummingbird

/// Query parameters, percent-decoded, with typed accessors that answer 400 on a bad value.
struct Query: Sendable {
    let values: [String: String]
    /// In the order given, for links that keep the query (`meta.next`).
    let pairs: [(String, String)]

    /// 400 for a value with a NUL byte (see `checkedText`).
    init(_ request: Request) throws {
        try self.init(encoded: request.uri.query ?? "")
    }

    /// A query string, or a form's `application/x-www-form-urlencoded` body.
    init(encoded text: String) throws {
        var values: [String: String] = [:]
        var pairs: [(String, String)] = []
        // From the raw query, decoded once here (`+` is a space, `%2B` a plus).
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let k = Self.decode(parts[0]), v = try checkedText(parts.count > 1 ? Self.decode(parts[1]) : "", field: k)
            values[k] = v
            pairs.append((k, v))
        }
        self.values = values
        self.pairs = pairs
    }

    /// `application/x-www-form-urlencoded` decoding of one key or value.
    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    subscript(_ key: String) -> String? { values[key].flatMap { $0.isEmpty ? nil : $0 } }

    /// A Tastypie filter's values: `key=a`, or `key__in=a,b`; nil when neither is given.
    func values(of key: String) -> [String]? {
        let given = [self[key]].compactMap { $0 } + (self[key + "__in"]?.split(separator: ",").map(String.init) ?? [])
        return given.isEmpty ? nil : given
    }

    func int(_ key: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = self[key] else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw APIError(.badRequest, "'\(key)' must be an integer from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return n
    }

    func uuid(_ key: String) throws -> UUID? {
        guard let text = self[key] else { return nil }
        guard let uuid = UUID(uuidString: text) else { throw APIError(.badRequest, "'\(key)' is not a UUID: '\(text)'") }
        return uuid
    }

    /// `path?query` with `changes` applied (nil removes a key), keeping the other keys in
    /// their order.
    func link(_ path: String, changing changes: [String: String?]) -> String {
        var out = pairs.filter { changes[$0.0] == nil }
        for key in changes.keys.sorted() { if let v = changes[key] ?? nil { out.append((key, v)) } }
        let allowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+?#"))
        let encode = { (s: String) in s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s }
        return out.isEmpty ? path : path + "?" + out.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }
}

/// A path parameter as a UUID; 400 when it is not one.
func uuidParameter(_ context: some RequestContext, _ name: String = "uuid", what: String) throws -> UUID {
    let text = try context.parameters.require(name)
    guard let uuid = UUID(uuidString: text) else { throw APIError(.badRequest, "'\(text)' is not a UUID, so it names no \(what)") }
    return uuid
}
