import Postgres

/// A type decoded from a row by column name, whose statements select the columns it reads by name, never with `*`.
///
/// A prepared `select *` is bound to the row type of the table it read when it was prepared: after a migration adds,
/// drops or retypes a column, its next run fails (SQLSTATE 0A000). A statement that names its columns keeps running.
protocol RowColumns {
    /// The columns the type's `init(row:)` reads, in the order its statements select them.
    static var columnNames: [String] { get }
}

extension RowColumns {
    /// The columns the type reads, for `select \(T.columns) from …` or `returning \(T.columns)`.
    static var columns: SQL { SQL(stringLiteral: columnNames.joined(separator: ", ")) }

    /// The columns the type reads, each qualified by a statement's alias of its table: `select \(T.columns(of: "v")) from t v`.
    static func columns(of alias: String) -> SQL {
        SQL(stringLiteral: columnNames.map { "\(alias).\($0)" }.joined(separator: ", "))
    }
}
