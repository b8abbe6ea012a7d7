import Foundation
import Hummingbird
import QueueKit

/// Tastypie's list envelope and paging: `limit` (default 20, 0 means the maximum of
/// 1000) and `offset`; `meta.next` and `meta.previous` are paths that keep the rest of
/// the query (API key included, as amclient follows them as they are).
struct Tastypie {
    static let defaultLimit = 20
    static let maxLimit = 1000

    let query: Query
    let path: String
    let limit: Int
    let offset: Int

    init(_ request: Request) throws {
        query = try Query(request)
        path = request.uri.path.hasSuffix("/") ? request.uri.path : request.uri.path + "/"
        let asked = try query.int("limit", default: Self.defaultLimit, range: 0...1_000_000_000)
        limit = asked == 0 ? Self.maxLimit : min(asked, Self.maxLimit)
        offset = try query.int("offset", default: 0, range: 0...1_000_000_000)
    }

    func list(_ objects: [JSONValue], total: Int) -> JSONValue {
        let next = offset + limit < total ? query.link(path, changing: ["offset": "\(offset + limit)", "limit": "\(limit)"]) : nil
        let previous = offset > 0 ? query.link(path, changing: ["offset": "\(max(0, offset - limit))", "limit": "\(limit)"]) : nil
        return [
            "meta": [
                "limit": .number(Double(limit)),
                "next": next.map(JSONValue.string) ?? .null,
                "offset": .number(Double(offset)),
                "previous": previous.map(JSONValue.string) ?? .null,
                "total_count": .number(Double(total)),
            ],
            "objects": .array(objects),
        ]
    }

    /// A page of an already filtered list that is small enough to hold (locations, …).
    func list(all objects: [JSONValue]) -> JSONValue {
        list(Array(objects.dropFirst(offset).prefix(limit)), total: objects.count)
    }
}
