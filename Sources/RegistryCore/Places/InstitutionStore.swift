import Postgres

/// A5.1: registers and reads institutions. The only place with the `institution` table's SQL.
public struct InstitutionStore: Sendable {
    public init() {}

    /// Registers an institution in its division.
    ///
    /// - Throws: ``PlaceRuleViolation`` when the name is blank, the division does not exist or already has a public
    ///   data authority (A5.1) — checked first for a readable message, and again by the database's constraints, whose
    ///   refusal is reported the same way; `PostgresError` for anything else (an invalid USCC is refused by
    ///   `uscc_valid_a14_1`).
    @discardableResult
    public func create(_ institution: NewInstitution, on connection: Connection) throws -> Institution {
        guard !institution.name.allSatisfy({ $0 == " " }) else {  // btrim(name) <> ''
            throw PlaceRuleViolation(PlaceRules.institutionNameNotBlank)
        }
        guard try DivisionStore().get(code: institution.divisionCode, on: connection) != nil else {
            throw Self.unknownDivision(institution.divisionCode)
        }
        if institution.kind == .publicDataAuthority, let existing = try authority(of: institution.divisionCode, on: connection) {
            throw Self.secondAuthority(division: institution.divisionCode, existing: existing.name)
        }
        do {
            let row = try connection.query(
                """
                insert into institution (uscc, name, division_code, kind)
                values (\(institution.uscc), \(institution.name), \(institution.divisionCode), \(institution.kind)::institution_kind)
                returning uscc, name, division_code, kind, created_at
                """
            ).first!
            return try Self.institution(from: row)
        } catch let error as PostgresError where error.constraint == PlaceRules.institutionOneAuthorityPerDivision.constraint {
            throw Self.secondAuthority(division: institution.divisionCode, existing: nil)
        } catch let error as PostgresError where error.constraint == PlaceRules.institutionDivisionExists.constraint {
            throw Self.unknownDivision(institution.divisionCode)
        }
    }

    /// The institution with this unified social credit code, if registered.
    public func get(uscc: String, on connection: Connection) throws -> Institution? {
        try connection.query(
            "select uscc, name, division_code, kind, created_at from institution where uscc = \(uscc)::text"
        ).first.map(Self.institution(from:))
    }

    /// The institutions of one division, the authority first, then by name.
    public func list(inDivision code: String, on connection: Connection) throws -> [Institution] {
        try connection.query(
            """
            select uscc, name, division_code, kind, created_at from institution
            where division_code = \(code)::char(6)
            order by kind <> 'public_data_authority', name, uscc
            """
        ).map(Self.institution(from:))
    }

    /// A5.1: the public data authority (公共数据主管部门) of a division, if registered.
    public func authority(of divisionCode: String, on connection: Connection) throws -> Institution? {
        try connection.query(
            """
            select uscc, name, division_code, kind, created_at from institution
            where division_code = \(divisionCode)::char(6) and kind = 'public_data_authority'
            """
        ).first.map(Self.institution(from:))
    }

    static func institution(from row: Row) throws -> Institution {
        Institution(
            uscc: try row.decode("uscc"),
            name: try row.decode("name"),
            divisionCode: try row.decode("division_code"),
            kind: try row.decode("kind"),
            createdAt: try row.decode("created_at"))
    }

    private static func unknownDivision(_ code: String) -> PlaceRuleViolation {
        PlaceRuleViolation(PlaceRules.institutionDivisionExists, "区划 \(code) 不存在,机构必须属于一个行政区划。")
    }

    private static func secondAuthority(division: String, existing: String?) -> PlaceRuleViolation {
        PlaceRuleViolation(
            PlaceRules.institutionOneAuthorityPerDivision,
            "区划 \(division) 已有公共数据主管部门\(existing.map { "(\($0))" } ?? ""),每个区划只有一个公共数据主管部门。")
    }
}
