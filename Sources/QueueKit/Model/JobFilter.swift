import Foundation

/// What `job list` narrows by; nil means any.
public struct JobFilter: Sendable {
    public var state: JobState?
    public var kind: String?
    public var batchID: UUID?
    public var queue: String?
    public var limit: Int
    /// Only jobs listed after this one (a page's last), for paging through a long list.
    public var after: JobCursor?

    public init(state: JobState? = nil, kind: String? = nil, batchID: UUID? = nil, queue: String? = nil, limit: Int = 50,
                after: JobCursor? = nil) {
        self.state = state
        self.kind = kind
        self.batchID = batchID
        self.queue = queue
        self.limit = limit
        self.after = after
    }
}

/// A place in the list of jobs (newest first): the last job of a page. As text it is
/// opaque to clients, who pass back what they were given.
public struct JobCursor: Sendable, Equatable {
    public var createdAt: String
    public var id: UUID

    public init(after job: JobRecord) {
        createdAt = job.createdAt
        id = job.id
    }

    public init?(text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let plain = String(data: data, encoding: .utf8) else { return nil }
        let parts = plain.split(separator: " ")
        guard parts.count == 2, let id = UUID(uuidString: String(parts[1])), RFC3339.isValid(String(parts[0])) else { return nil }
        createdAt = String(parts[0])
        self.id = id
    }

    public var text: String {
        Data("\(createdAt) \(id.uuidString.lowercased())".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
