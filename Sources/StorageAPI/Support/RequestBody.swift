import Foundation
import Hummingbird
import NIOCore
import QueueKit
import StorageKit

/// Reading a request's body: within the server's size limit, as JSON or as a form, with
/// a clear 4xx for anything else. A body without a Content-Type is read as the route
/// expects, because Archivematica's clients send JSON without one.
struct BodyReader: Sendable {
    var limit: Int

    func bytes(_ request: Request) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw tooLarge
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge  // a chunked body that grew past the limit
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge
        }
    }

    private var tooLarge: APIError {
        APIError(.contentTooLarge, "the request body is larger than the server's limit of \(limit) bytes")
    }

    /// A JSON object (or, with `array`, a JSON array); an empty body is `{}`.
    func json(_ request: Request, allowEmpty: Bool = true) async throws -> JSONValue {
        try requireType(request, ["application/json"], what: "JSON")
        let buffer = try await bytes(request)
        if buffer.readableBytes == 0, allowEmpty { return .object([:]) }
        do {
            return try JSONValue(jsonText: String(buffer: buffer))
        } catch {
            throw APIError(.badRequest, "the request body is not valid JSON")
        }
    }

    /// `application/x-www-form-urlencoded` fields; a body without a Content-Type is read as one.
    func form(_ request: Request) async throws -> [String: String] {
        try requireType(request, ["application/x-www-form-urlencoded"], what: "a form (application/x-www-form-urlencoded)")
        let text = String(buffer: try await bytes(request))
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Query.decode(parts[0])
            fields[key] = try checkedText(parts.count > 1 ? Query.decode(parts[1]) : "", field: key)
        }
        return fields
    }

    private func requireType(_ request: Request, _ accepted: [String], what: String) throws {
        guard let type = request.headers[.contentType] else { return }
        let base = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard accepted.contains(base) || base.isEmpty else {
            throw APIError(.unsupportedMediaType, "this endpoint takes \(what), not \(base)")
        }
    }
}

extension JSONValue {
    /// A string field, or nil when absent or null; `invalidInput` when of another type.
    func string(_ key: String) throws -> String? {
        switch self[key] {
        case nil, .null?: return nil
        case .string(let s)?: return try checkedText(s, field: key)
        default: throw APIError(.badRequest, "'\(key)' must be a string")
        }
    }

    func int(_ key: String) throws -> Int? {
        switch self[key] {
        case nil, .null?: return nil
        case .number(let n)? where n.rounded() == n && abs(n) < 1e15: return Int(n)
        case .string(let s)? where Int(s) != nil: return Int(s)
        default: throw APIError(.badRequest, "'\(key)' must be an integer")
        }
    }

    func bool(_ key: String) throws -> Bool? {
        switch self[key] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        default: throw APIError(.badRequest, "'\(key)' must be true or false")
        }
    }

    /// A required UUID field.
    func uuid(_ key: String) throws -> UUID? {
        guard let text = try string(key) else { return nil }
        guard let uuid = UUID(uuidString: text) else { throw APIError(.badRequest, "'\(key)' is not a UUID: '\(text)'") }
        return uuid
    }
}

extension JSONValue {
    /// An array of UUIDs, or none when absent or null.
    func uuids(_ key: String) throws -> [UUID] {
        switch self[key] {
        case nil, .null?: return []
        case .array(let items)?:
            return try items.map { item in
                guard case .string(let text) = item, let uuid = UUID(uuidString: text) else {
                    throw APIError(.badRequest, "'\(key)' must be an array of UUIDs")
                }
                return uuid
            }
        default: throw APIError(.badRequest, "'\(key)' must be an array of UUIDs")
        }
    }
}

/// `text` if PostgreSQL can store it: a NUL byte is refused here with a 400 that names the
/// field, where the database would have refused the whole statement.
func checkedText(_ text: String, field: String) throws -> String {
    guard !text.utf8.contains(0) else {
        throw StorageError(.invalidValue, "'\(field)' contains a NUL byte, which no name or path may hold", .init(field: field))
    }
    return text
}
