import Foundation

/// A5.1: an institution of the registry — an authority, a public institution or another public service
/// organisation — identified by its unified social credit code (A14.1) and belonging to one division.
public struct Institution: Sendable, Hashable, Codable {
    /// 统一社会信用代码 (GB 32100-2015), canonical upper-case form.
    public var uscc: String
    public var name: String
    /// The division the institution belongs to.
    public var divisionCode: String
    public var kind: InstitutionKind
    public var createdAt: Date
    /// A36.1: its security officer (安全管理责任人); `nil` while none is named (the compliance report lists it).
    public var securityOfficer: SecurityOfficer?
    /// A38.1: the account that registered it; `nil` when it was registered outside an account (seeding, psql).
    public var registeredBy: UUID?

    public init(
        uscc: String,
        name: String,
        divisionCode: String,
        kind: InstitutionKind,
        createdAt: Date,
        securityOfficer: SecurityOfficer? = nil,
        registeredBy: UUID? = nil
    ) {
        self.uscc = uscc
        self.name = name
        self.divisionCode = divisionCode
        self.kind = kind
        self.createdAt = createdAt
        self.securityOfficer = securityOfficer
        self.registeredBy = registeredBy
    }
}

/// A5.1: what is needed to register an institution; the registry stamps `createdAt` and who registered it.
public struct NewInstitution: Sendable, Hashable, Codable {
    public var uscc: String
    public var name: String
    public var divisionCode: String
    public var kind: InstitutionKind
    /// A36.1: optional at registration; an institution without one is listed by the compliance report.
    public var securityOfficer: SecurityOfficer?

    public init(uscc: String, name: String, divisionCode: String, kind: InstitutionKind, securityOfficer: SecurityOfficer? = nil) {
        self.uscc = uscc
        self.name = name
        self.divisionCode = divisionCode
        self.kind = kind
        self.securityOfficer = securityOfficer
    }

    /// The checks the database makes on the row itself, in its order (A14.1, A5.1, A36.1); returns the institution
    /// with its code in canonical upper-case form.
    ///
    /// - Throws: `RegistryError` naming the failing position of an invalid code (A14.1), ``PlaceRuleViolation`` for a
    ///   blank name or an incomplete security officer.
    public func validated() throws -> NewInstitution {
        var valid = self
        valid.uscc = try NewAccount.normalisedUSCC(uscc, field: "uscc")
        try Division.requireFitsColumn(divisionCode)
        if name.isBlankInDatabase { throw PlaceRuleViolation(PlaceRules.institutionNameNotBlank) }
        try securityOfficer?.validate()
        return valid
    }
}

/// A5.1: an institution as the directory lists it to every member of staff: who it is and whether it has named its
/// security officer (A36.1), without the officer's person.
public struct InstitutionEntry: Sendable, Hashable, Codable {
    public var uscc: String
    public var name: String
    public var divisionCode: String
    public var kind: InstitutionKind
    public var createdAt: Date
    /// A36.1: whether a security officer is named.
    public var securityOfficerNamed: Bool

    public init(uscc: String, name: String, divisionCode: String, kind: InstitutionKind, createdAt: Date, securityOfficerNamed: Bool) {
        self.uscc = uscc
        self.name = name
        self.divisionCode = divisionCode
        self.kind = kind
        self.createdAt = createdAt
        self.securityOfficerNamed = securityOfficerNamed
    }
}

/// A5.1: which institutions a directory listing shows, one page at a time in a stable order (division code, the
/// authority first, then name and code).
public struct InstitutionFilter: Sendable, Hashable {
    /// The division whose institutions are listed, with every division below it.
    public var division: String?
    public var kind: InstitutionKind?
    /// Part of the name, or the beginning of the unified social credit code.
    public var text: String?
    /// A36.1: only institutions with (`true`) or without (`false`) a named security officer.
    public var securityOfficerNamed: Bool?
    /// Page size, 1…``maximumLimit``.
    public var limit: Int
    public var offset: Int

    public static let defaultLimit = 100
    public static let maximumLimit = 500

    public init(
        division: String? = nil,
        kind: InstitutionKind? = nil,
        text: String? = nil,
        securityOfficerNamed: Bool? = nil,
        limit: Int = InstitutionFilter.defaultLimit,
        offset: Int = 0
    ) {
        self.division = division
        self.kind = kind
        self.text = text
        self.securityOfficerNamed = securityOfficerNamed
        self.limit = limit
        self.offset = offset
    }
}

/// A5.1: one page of the institution directory and the number of institutions the filter matches.
public struct InstitutionListing: Sendable, Hashable, Codable {
    public var institutions: [InstitutionEntry]
    public var total: Int
    public var limit: Int
    public var offset: Int

    public init(institutions: [InstitutionEntry], total: Int, limit: Int, offset: Int) {
        self.institutions = institutions
        self.total = total
        self.limit = limit
        self.offset = offset
    }
}

extension Division {
    /// Refuses a division code longer than the `char(6)` columns that hold it, which the database refuses as too long
    /// before any rule is asked (a shorter unknown code is refused as an unknown division).
    static func requireFitsColumn(_ code: String) throws(RegistryError) {
        if code.count > 6 { throw RegistryError.invalid("division_code", "区划代码须为6位数字(GB/T 2260)。", article: "A3.1") }
    }
}

extension String {
    /// Whether PostgreSQL's `btrim(value) = ''` holds: nothing but ASCII spaces. The Swift mirror of the
    /// not-blank checks, so both refuse exactly the same names.
    var isBlankInDatabase: Bool { allSatisfy { $0 == " " } }
}
