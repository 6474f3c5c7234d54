import Postgres

/// A5.1 / A36.1 / A38.1: registers and reads institutions and names their security officers. The only place with the
/// `institution` table's SQL.
///
/// The methods that take an ``Principal`` check who may act before they touch anything; the others are the plain
/// operations (seeding, tests) and check the regulation's rules only.
public struct InstitutionStore: Sendable {
    public init() {}

    /// The columns every read of a full record selects.
    private static let columns: SQL = """
        uscc, name, division_code, kind, created_at, security_officer_name, security_officer_title,
        security_officer_named_on, registered_by
        """

    /// A5.1: registers an institution for `actor` — the admin, or a reviewer of the authority of the institution's
    /// division or of a division above it. Who registered it is stamped from the transaction's audit context.
    @discardableResult
    public func register(_ institution: NewInstitution, by actor: Principal, on connection: Connection) throws -> Institution {
        try actor.require(.admin, .reviewer)
        let lineage = try DivisionStore().lineage(of: institution.divisionCode, on: connection)
        if !lineage.isEmpty { try actor.requireInstitutionRegistrar(lineage: lineage) }
        return try create(institution, on: connection)
    }

    /// Registers an institution in its division.
    ///
    /// - Throws: ``PlaceRuleViolation`` when the name is blank, the security officer incomplete (A36.1), the division
    ///   unknown or already served by a public data authority (A5.1) — checked first, in the database's order, and
    ///   again by the database, whose refusal reads the same; `RegistryError` for an invalid code (naming the failing
    ///   position, A14.1) or a code already registered (conflict).
    @discardableResult
    public func create(_ new: NewInstitution, on connection: Connection) throws -> Institution {
        let institution = try new.validated()
        if try get(uscc: institution.uscc, on: connection) != nil {
            throw RegistryError(.conflict, "统一社会信用代码为 \(institution.uscc) 的机构已登记。", field: "uscc")
        }
        guard try DivisionStore().get(code: institution.divisionCode, on: connection) != nil else {
            throw PlaceRuleViolation(PlaceRules.institutionDivisionExists)
        }
        if institution.kind == .publicDataAuthority, try authority(of: institution.divisionCode, on: connection) != nil {
            throw PlaceRuleViolation(PlaceRules.institutionOneAuthorityPerDivision)
        }
        let officer = institution.securityOfficer
        do {
            let row = try connection.queryOne(
                """
                insert into institution (uscc, name, division_code, kind, security_officer_name, security_officer_title,
                                         security_officer_named_on)
                values (\(institution.uscc), \(institution.name), \(institution.divisionCode),
                        \(institution.kind)::institution_kind, \(officer?.name), \(officer?.title), \(officer?.namedOn)::date)
                returning \(Self.columns)
                """
            )
            return try Self.institution(from: row)
        } catch let error as PostgresError where error.constraint == PlaceRules.institutionOneAuthorityPerDivision.constraint {
            throw PlaceRuleViolation(PlaceRules.institutionOneAuthorityPerDivision)
        } catch let error as PostgresError where error.constraint == PlaceRules.institutionDivisionExists.constraint {
            throw PlaceRuleViolation(PlaceRules.institutionDivisionExists)
        }
    }

    /// A36.1: names the security officer of an institution for `actor` — a clerk of the institution, or a reviewer of
    /// the authority of its division or of a division above it. The day named is today unless given.
    @discardableResult
    public func nameSecurityOfficer(
        _ officer: SecurityOfficer,
        of uscc: String,
        by actor: Principal,
        on connection: Connection
    ) throws -> Institution {
        try actor.require(.clerk, .reviewer)
        let institution = try existing(uscc, on: connection)
        try actor.requireSecurityOfficerEditor(of: institution, lineage: try lineage(of: institution, on: connection))
        try officer.validate()
        let row = try connection.queryOne(
            """
            update institution
               set security_officer_name = \(officer.name), security_officer_title = \(officer.title),
                   security_officer_named_on = \(officer.namedOn)::date
             where uscc = \(institution.uscc)
            returning \(Self.columns)
            """
        )
        return try Self.institution(from: row)
    }

    /// The full record of an institution (its security officer, who registered it) for `actor` — the admin, the
    /// committee, the institution's own clerks, or staff of the authority of its division or of a division above it.
    public func institution(_ uscc: String, readBy actor: Principal, on connection: Connection) throws -> Institution {
        try actor.requireRegistryStaff()
        let institution = try existing(uscc, on: connection)
        try actor.requireRecordReader(of: institution, lineage: try lineage(of: institution, on: connection))
        return institution
    }

    /// The institution with this unified social credit code, if registered.
    public func get(uscc: String, on connection: Connection) throws -> Institution? {
        try connection.query("select \(Self.columns) from institution where uscc = \(uscc)::text")
            .first.map(Self.institution(from:))
    }

    /// The institutions of one division, the authority first, then by name.
    public func list(inDivision code: String, on connection: Connection) throws -> [Institution] {
        try connection.query(
            """
            select \(Self.columns) from institution
            where division_code = \(code)::char(6)
            order by kind <> 'public_data_authority', name, uscc
            """
        ).map(Self.institution(from:))
    }

    /// A5.1: one page of the directory for `actor`, any member of staff (not data users).
    public func list(_ filter: InstitutionFilter, readBy actor: Principal, on connection: Connection) throws -> InstitutionListing {
        try actor.requireRegistryStaff()
        return try list(filter, on: connection)
    }

    /// A5.1: one page of the directory: the institutions matching `filter` in a stable order (division code, the
    /// authority first, name, code) and how many match in all.
    public func list(_ filter: InstitutionFilter, on connection: Connection) throws -> InstitutionListing {
        let condition: SQL = """
            (\(filter.division)::text is null or division_code in (select division_and_descendants(\(filter.division)::char(6))))
            and (\(filter.kind)::institution_kind is null or kind = \(filter.kind)::institution_kind)
            and (\(filter.text)::text is null or strpos(lower(name), lower(\(filter.text)::text)) > 0
                 or starts_with(uscc::text, upper(\(filter.text)::text)))
            and (\(filter.securityOfficerNamed)::boolean is null
                 or (security_officer_name is not null) = \(filter.securityOfficerNamed)::boolean)
            """
        let total = try connection.queryOne("select count(*) as n from institution where \(condition)").decode("n", as: Int.self)
        let entries = try connection.query(
            """
            select uscc, name, division_code, kind, created_at, security_officer_name is not null as security_officer_named
              from institution where \(condition)
             order by division_code, kind <> 'public_data_authority', name, uscc
             limit \(filter.limit) offset \(filter.offset)
            """
        ).map(Self.entry(from:))
        return InstitutionListing(institutions: entries, total: total, limit: filter.limit, offset: filter.offset)
    }

    /// A5.1: the public data authority (公共数据主管部门) of a division, if registered.
    public func authority(of divisionCode: String, on connection: Connection) throws -> Institution? {
        try connection.query(
            """
            select \(Self.columns) from institution
            where division_code = \(divisionCode)::char(6) and kind = 'public_data_authority'
            """
        ).first.map(Self.institution(from:))
    }

    /// RP.3 / A36.1: the institutions registered by `day` without a security officer named on that day.
    public func missingSecurityOfficer(asOf day: CivilDate, on connection: Connection) throws -> [InstitutionEntry] {
        try connection.query(
            """
            select m.uscc, m.name, m.division_code, m.kind, i.created_at, false as security_officer_named
              from institutions_missing_security_officer(\(day)::date) m join institution i on i.uscc = m.uscc
             order by m.division_code, m.kind <> 'public_data_authority', m.name, m.uscc
            """
        ).map(Self.entry(from:))
    }

    /// The registered institution with this code, or `not_found`.
    private func existing(_ uscc: String, on connection: Connection) throws -> Institution {
        guard let institution = try get(uscc: uscc, on: connection) else {
            throw RegistryError.notFound("统一社会信用代码为 \(uscc) 的机构", field: "uscc")
        }
        return institution
    }

    private func lineage(of institution: Institution, on connection: Connection) throws -> [String] {
        try DivisionStore().lineage(of: institution.divisionCode, on: connection)
    }

    static func institution(from row: Row) throws -> Institution {
        let officerName: String? = try row.decodeIfPresent("security_officer_name")
        let officer = try officerName.map { name in
            SecurityOfficer(
                name: name,
                title: try row.decode("security_officer_title"),
                namedOn: try row.decode("security_officer_named_on", as: CivilDate.self)
            )
        }
        return Institution(
            uscc: try row.decode("uscc"),
            name: try row.decode("name"),
            divisionCode: try row.decode("division_code"),
            kind: try row.decode("kind"),
            createdAt: try row.decode("created_at"),
            securityOfficer: officer,
            registeredBy: try row.decodeIfPresent("registered_by")
        )
    }

    static func entry(from row: Row) throws -> InstitutionEntry {
        InstitutionEntry(
            uscc: try row.decode("uscc"),
            name: try row.decode("name"),
            divisionCode: try row.decode("division_code"),
            kind: try row.decode("kind"),
            createdAt: try row.decode("created_at"),
            securityOfficerNamed: try row.decode("security_officer_named")
        )
    }
}
