import Postgres

/// A8.1 / A38.1: registers and lists public data platforms. The only place with the `platform` table's SQL.
public struct PlatformStore: Sendable {
    public init() {}

    private static let columns: SQL = """
        id, name, division_code, operator_uscc, exception_reason, exception_document, exception_recorded_on,
        registered_by, created_at
        """

    /// A8.1: registers a platform for `actor` — the admin, or a reviewer of the authority of the platform's division or
    /// of a division above it; a banner/county exception only the admin or a reviewer of a division above it.
    @discardableResult
    public func register(_ platform: NewPlatform, by actor: Principal, on connection: Connection) throws -> Platform {
        try actor.require(.admin, .reviewer)
        let lineage = try DivisionStore().lineage(of: platform.divisionCode, on: connection)
        if !lineage.isEmpty {
            try actor.requirePlatformRegistrar(lineage: lineage, recordsException: platform.exception != nil)
        }
        return try create(platform, on: connection)
    }

    /// Registers a platform.
    ///
    /// - Throws: ``PlaceRuleViolation`` for each rule of ``PlatformRules``, checked in the order the database applies
    ///   them so that both refuse a bad platform with the same rule; `RegistryError` for an invalid operator code
    ///   (naming the failing position, A14.1).
    @discardableResult
    public func create(_ new: NewPlatform, on connection: Connection) throws -> Platform {
        let platform = try Self.validated(new)
        let division = try DivisionStore().get(code: platform.divisionCode, on: connection)
        let operating = try InstitutionStore().get(uscc: platform.operatorInstitution, on: connection)
        if let division, let operating { try Self.checkPlace(platform, division: division, operator: operating) }
        if division != nil, try hasPlatform(platform.divisionCode, on: connection) {
            throw PlaceRuleViolation(PlatformRules.onePerDivision)
        }
        guard division != nil else { throw PlaceRuleViolation(PlatformRules.divisionExists) }
        guard operating != nil else { throw PlaceRuleViolation(PlatformRules.operatorExists) }
        let exception = platform.exception
        let row = try connection.queryOne(
            """
            insert into platform (name, division_code, operator_uscc, exception_reason, exception_document, exception_recorded_on)
            values (\(platform.name), \(platform.divisionCode), \(platform.operatorInstitution), \(exception?.reason),
                    \(exception?.approvingDocument), \(exception?.recordedOn)::date)
            returning \(Self.columns)
            """
        )
        return try Self.platform(from: row)
    }

    /// A8.1: the platforms matching `filter` for `actor`, any member of staff (not data users).
    public func list(_ filter: PlatformFilter, readBy actor: Principal, on connection: Connection) throws -> [Platform] {
        try actor.requireRegistryStaff()
        return try list(filter, on: connection)
    }

    /// A8.1: the platforms matching `filter`, by division code.
    public func list(_ filter: PlatformFilter, on connection: Connection) throws -> [Platform] {
        try connection.query(
            """
            select \(Self.columns) from platform
             where (\(filter.division)::text is null
                    or division_code in (select division_and_descendants(\(filter.division)::char(6))))
               and (not \(filter.exceptionsOnly)::boolean or exception_reason is not null)
             order by division_code
            """
        ).map(Self.platform(from:))
    }

    /// Whether the division has a platform already (A8 ¶2: one per division).
    private func hasPlatform(_ divisionCode: String, on connection: Connection) throws -> Bool {
        try connection.queryOne("select exists (select 1 from platform where division_code = \(divisionCode)) as found")
            .decode("found", as: Bool.self)
    }

    /// The rules on the row itself, in the database's order: the codes fit their columns, the exception is complete,
    /// the name is not blank.
    static func validated(_ new: NewPlatform) throws -> NewPlatform {
        var valid = new
        try Division.requireFitsColumn(new.divisionCode)
        valid.operatorInstitution = try NewAccount.normalisedUSCC(new.operatorInstitution, field: "operator_institution")
        if let exception = new.exception, exception.reason.isBlankInDatabase || exception.approvingDocument.isBlankInDatabase {
            throw PlaceRuleViolation(PlatformRules.exceptionComplete)
        }
        if new.name.isBlankInDatabase { throw PlaceRuleViolation(PlatformRules.nameNotBlank) }
        return valid
    }

    /// The rules `platform_check()` applies once the division and the operator are known (A8.1, A8 ¶2).
    static func checkPlace(_ platform: NewPlatform, division: Division, operator operating: Institution) throws {
        if division.level == .bannerCounty, platform.exception == nil {
            throw PlaceRuleViolation(PlatformRules.regionOrLeagueLevel)
        }
        if division.level != .bannerCounty, platform.exception != nil {
            throw PlaceRuleViolation(PlatformRules.exceptionOnlyForBannerCounty)
        }
        if operating.divisionCode != division.code || operating.kind == .publicServiceOrg {
            throw PlaceRuleViolation(PlatformRules.operatorOfItsDivision)
        }
    }

    static func platform(from row: Row) throws -> Platform {
        let reason: String? = try row.decodeIfPresent("exception_reason")
        let exception = try reason.map { reason in
            PlatformException(
                reason: reason,
                approvingDocument: try row.decode("exception_document"),
                recordedOn: try row.decode("exception_recorded_on", as: CivilDate.self)
            )
        }
        return Platform(
            id: try row.decode("id"),
            name: try row.decode("name"),
            divisionCode: try row.decode("division_code"),
            operatorInstitution: try row.decode("operator_uscc"),
            exception: exception,
            registeredBy: try row.decodeIfPresent("registered_by"),
            createdAt: try row.decode("created_at")
        )
    }
}
