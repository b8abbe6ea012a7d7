import Foundation

/// What an API key may do. Every route of `ss-cli serve` names the one scope it needs;
/// `admin` stands in for every other.
public enum Scope: String, Sendable, CaseIterable, Comparable {
    /// Every GET: lists, details, downloads, job and batch status.
    case read
    /// Store, move, fixity, batches, deletion requests; cancel or retry of its own jobs.
    case submit
    /// Approve or reject deletion requests, never one the same key made.
    case review
    /// Everything: locations, pipelines, direct deletes, any job.
    case admin

    public static func < (a: Scope, b: Scope) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A key's scopes, as `read,submit` in the CLI and `{read,submit}` in the database.
public struct Scopes: Sendable, Equatable, CustomStringConvertible {
    public let members: Set<Scope>

    public init(_ members: Set<Scope>) {
        self.members = members
    }

    /// What a pipeline needs, and what keys made before scopes existed were given.
    public static let `default` = Scopes([.read, .submit])

    /// `read,submit`; an unknown or missing scope is `invalidInput`, naming the choices.
    public init(parsing text: String) throws {
        var members: Set<Scope> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let word = part.trimmingCharacters(in: .whitespaces)
            guard let scope = Scope(rawValue: word) else {
                throw StorageError(.invalidValue, "unknown scope '\(word)': give one or more of \(Scope.allCases.map(\.rawValue).joined(separator: ", ")), comma-separated",
                                   .init(field: "scope"))
            }
            members.insert(scope)
        }
        self.init(members)
    }

    /// Whether a request that needs `scope` is allowed.
    public func allow(_ scope: Scope) -> Bool { members.contains(scope) || members.contains(.admin) }

    public var sorted: [Scope] { members.sorted() }
    public var description: String { sorted.map(\.rawValue).joined(separator: ",") }
}
