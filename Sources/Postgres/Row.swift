/// One row of a query result, with its values in PostgreSQL's text format.
public struct Row: Sendable {
    let columns: ColumnIndex
    let values: [String?]

    /// Reads a non-NULL column; throws when the column is missing, NULL, or not of the requested type.
    public func decode<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        guard let value = try decodeIfPresent(column, as: type) else {
            throw PostgresDecodingError(type: type, reason: "value is NULL", column: column)
        }
        return value
    }

    /// Reads a column that may be NULL.
    public func decodeIfPresent<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value? {
        guard let position = columns.position(of: column) else {
            throw PostgresDecodingError(type: type, reason: "no such column in the result", column: column)
        }
        guard let text = values[position] else { return nil }
        do {
            return try Value(postgresText: text)
        } catch var error as PostgresDecodingError {
            error.column = column
            throw error
        }
    }

    /// Reads a column by position.
    public func decode<Value: PostgresDecodable>(at position: Int, as type: Value.Type = Value.self) throws -> Value {
        guard position < values.count, let text = values[position] else {
            throw PostgresDecodingError(type: type, reason: "value is NULL or missing", column: "#\(position)")
        }
        return try Value(postgresText: text)
    }

    /// The column names in result order.
    public var columnNames: [String] { columns.names }

    /// The raw text of a column, `nil` for NULL.
    public func text(at position: Int) -> String? { values[position] }
}

/// Column names of a result, shared by all of its rows.
final class ColumnIndex: Sendable {
    let names: [String]
    private let positions: [String: Int]

    init(names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (position, name) in names.enumerated() where positions[name] == nil {
            positions[name] = position
        }
        self.positions = positions
    }

    func position(of name: String) -> Int? { positions[name] }
}

/// The rows of a query and the count of rows a command affected.
public struct QueryResult: Sequence, Sendable {
    public var rows: [Row]
    /// Rows inserted, updated, deleted or copied by the command (0 for other commands).
    public var affectedRows: Int
    public var columnNames: [String]

    public var count: Int { rows.count }
    public var first: Row? { rows.first }

    public func makeIterator() -> IndexingIterator<[Row]> { rows.makeIterator() }
}
