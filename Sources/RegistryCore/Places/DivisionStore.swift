import Postgres

/// A3.1: reads and seeds the `division` table. The only place with the divisions' SQL.
public struct DivisionStore: Sendable {
    public init() {}

    /// Every division, ordered by code (the region first, each league/city before its banners and counties).
    public func list(on connection: Connection) throws -> [Division] {
        try connection.query("select code, name, level, parent_code from division order by code")
            .map(Self.division(from:))
    }

    /// The divisions of one level, ordered by code.
    public func list(level: DivisionLevel, on connection: Connection) throws -> [Division] {
        try connection.query(
            "select code, name, level, parent_code from division where level = \(level)::division_level order by code"
        ).map(Self.division(from:))
    }

    /// The division with this GB/T 2260 code, if any.
    public func get(code: String, on connection: Connection) throws -> Division? {
        try connection.query("select code, name, level, parent_code from division where code = \(code)::char(6)")
            .first.map(Self.division(from:))
    }

    /// The divisions directly below `code`, ordered by code.
    public func children(of code: String, on connection: Connection) throws -> [Division] {
        try connection.query(
            "select code, name, level, parent_code from division where parent_code = \(code)::char(6) order by code"
        ).map(Self.division(from:))
    }

    /// The codes a report for `code` covers: the division itself and every division below it, ordered by code.
    /// Empty when the code is unknown.
    public func codesCovered(by code: String, on connection: Connection) throws -> [String] {
        try connection.query("select code from division_and_descendants(\(code)::char(6)) as code order by code")
            .map { try $0.decode("code", as: String.self) }
    }

    /// The division and every division above it, the region first (`["150000", "150100", "150102"]` for 新城区); empty
    /// when the code is unknown. The authorities of these divisions are the ones responsible for it (A5.1).
    public func lineage(of code: String, on connection: Connection) throws -> [String] {
        try connection.query(
            """
            with recursive up (code, parent_code, depth) as (
                select code, parent_code, 0 from division where code = \(code)
                union all
                select d.code, d.parent_code, up.depth + 1 from division d join up on d.code = up.parent_code
            )
            select code from up order by depth desc
            """
        ).map { try $0.decode("code", as: String.self) }
    }

    /// Inserts the division, or updates it when its stored name, level or parent differ; leaves it untouched
    /// (no write, no audit row) when they are the same.
    @discardableResult
    public func upsert(_ division: Division, on connection: Connection) throws -> UpsertOutcome {
        let result = try connection.query(
            """
            insert into division (code, name, level, parent_code)
            values (\(division.code), \(division.name), \(division.level)::division_level, \(division.parentCode))
            on conflict (code) do update
                set name = excluded.name, level = excluded.level, parent_code = excluded.parent_code
                where (division.name, division.level, division.parent_code)
                      is distinct from (excluded.name, excluded.level, excluded.parent_code)
            returning (xmax = 0) as inserted
            """
        )
        guard let row = result.first else { return .unchanged }
        return try row.decode("inserted", as: Bool.self) ? .inserted : .updated
    }

    static func division(from row: Row) throws -> Division {
        Division(
            code: try row.decode("code"),
            name: try row.decode("name"),
            level: try row.decode("level"),
            parentCode: try row.decodeIfPresent("parent_code")
        )
    }
}
