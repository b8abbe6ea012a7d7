import PostgresNIO

/// Runs a prepared statement but hands back its undecoded rows, which are `Sendable`,
/// so the statement can run in a task of its own (see `Deadline`).
struct RawRows<Statement: PostgresPreparedStatement>: PostgresPreparedStatement {
    static var sql: String { Statement.sql }
    static var name: String { Statement.name }
    static var bindingDataTypes: [PostgresDataType] { Statement.bindingDataTypes }

    let statement: Statement

    init(_ statement: Statement) { self.statement = statement }

    func makeBindings() throws -> PostgresBindings { try statement.makeBindings() }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
