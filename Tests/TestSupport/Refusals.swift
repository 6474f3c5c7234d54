import Postgres
import RegistryCore
import Testing

/// The error `step` is refused with: `nil`, and an issue, when it was not refused or not with a ``RegistryError``.
public func refusal(
    sourceLocation: SourceLocation = #_sourceLocation,
    of step: () async throws -> Void
) async -> RegistryError? {
    do {
        try await step()
        Issue.record("the change was not refused", sourceLocation: sourceLocation)
        return nil
    } catch let error as RegistryError {
        return error
    } catch {
        Issue.record("not a RegistryError: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Runs plain statements as psql would: in one transaction, with no one named in the audit context.
public func runAsPsql(_ statements: [SQL], on database: RegistryDatabase) async throws {
    try await database.write(AuditContext(role: "psql")) { connection in
        for statement in statements { try connection.query(statement) }
    }
}

/// The error plain statements run as psql would (``runAsPsql(_:on:)``) are refused with.
public func sqlRefusal(
    _ statements: [SQL],
    on database: RegistryDatabase,
    sourceLocation: SourceLocation = #_sourceLocation
) async -> RegistryError? {
    await refusal(sourceLocation: sourceLocation) { try await runAsPsql(statements, on: database) }
}

/// Expects `swift` (through a workflow or a store) and `sql` (as psql would write) to be refused with `expected`, and
/// `unchanged` (a ``Fingerprint``'s reading) to read the same after both. Returns the refusal `swift` met.
@discardableResult
public func expectSameRefusal(
    _ expected: RegistryError?,
    swift: () async throws -> Void,
    sql: () async throws -> Void,
    unchanged: () async throws -> String,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws -> RegistryError? {
    #expect(expected != nil, "the rule is not in the rule catalog", sourceLocation: sourceLocation)
    let before = try await unchanged()
    let viaSwift = await refusal(sourceLocation: sourceLocation, of: swift)
    let viaSQL = await refusal(sourceLocation: sourceLocation, of: sql)
    #expect(viaSwift == expected, "Swift: \(String(describing: viaSwift))", sourceLocation: sourceLocation)
    #expect(viaSQL == expected, "SQL: \(String(describing: viaSQL))", sourceLocation: sourceLocation)
    #expect(try await unchanged() == before, "a refused change left something behind", sourceLocation: sourceLocation)
    return viaSwift
}

/// Everything a refused change must leave as it was, read as one string: the audit trail's length and every row of
/// the tables a part of the registry writes.
public struct Fingerprint: Sendable {
    /// A table, and the columns that order its rows.
    public struct Table: Sendable {
        public var name: String
        public var order: String

        public init(_ name: String, orderedBy order: String) {
            self.name = name
            self.order = order
        }
    }

    public var tables: [Table]

    public init(_ tables: [Table]) {
        self.tables = tables
    }

    /// The fingerprint now.
    public func read(on database: RegistryDatabase) async throws -> String {
        let parts = tables.map { table -> SQL in
            "(select string_agg(t::text, ';' order by \(unescaped: table.order)) from \(unescaped: table.name) t)"
        }
        let statement: SQL = "select concat_ws(' | ', (select count(*) from audit_log), \(SQL.joined(parts, separator: ", "))) as state"
        return try await database.read { try $0.queryOne(statement).decode("state", as: String.self) }
    }
}
