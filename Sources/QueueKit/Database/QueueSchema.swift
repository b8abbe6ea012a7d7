/// The PostgreSQL schema that holds one installation's tables, and the NOTIFY channels
/// derived from it. Tests use a schema each, so channels must be per schema too.
public struct QueueSchema: Sendable, Hashable {
    public let name: String

    /// Accepts only a plain lower-case identifier, so it can be spliced into `LISTEN`
    /// and `CREATE SCHEMA` (which take no bind parameters) without quoting games.
    public init(_ name: String) throws(QueueError) {
        let valid = !name.isEmpty && name.count <= 40
            && name.first.map { $0 == "_" || ("a"..."z").contains($0) } == true
            && name.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        guard valid else { throw QueueError(.invalidInput, "invalid schema name '\(name)': use lower-case letters, digits and _") }
        self.name = name
    }

    public static let `default` = try! QueueSchema("ss")

    /// What workers listen to: `ready <queue>` when jobs become claimable, `cancel <job-id>`
    /// when a running job is to stop. One channel, so one LISTEN connection per worker.
    public var workerChannel: String { "\(name)_worker" }
    /// Woken (empty payload, one per finishing statement) when jobs finish; `job wait` listens.
    public var doneChannel: String { "\(name)_done" }
}
