import Postgres

/// A38.1 / A5.1 / A10.1: which records of institutions an actor may list — a clerk its own institution's, authority
/// staff (reviewers, planners) those of their authority's division and the divisions below it, committee members and
/// admins every one. Data users read none of these registers, nor do auditors: the audit authority reads through the
/// audit access, which records every read (A29.2, ``AuditAccessWorkflow``).
public enum OversightScope: Sendable, Hashable {
    /// A clerk: the records of this institution (USCC).
    case institution(String)
    /// Authority staff: the records of institutions in this division and below it.
    case division(String)
    /// The committee and the platform operator.
    case everything

    /// The scope of `actor`; refuses data users and accounts without an institution where one is needed.
    public init(for actor: Principal) throws(RegistryError) {
        switch actor.role {
        case .clerk:
            guard let institution = actor.institution else { throw Self.forbidden }
            self = .institution(institution)
        case .reviewer, .planner:
            guard actor.institutionKind == .publicDataAuthority, let division = actor.division else { throw Self.forbidden }
            self = .division(division)
        case .committee, .admin:
            self = .everything
        case .dataUser, .auditor:
            throw Self.forbidden
        }
    }

    /// The filter of a listing narrowed to this scope: refuses a filter that reaches beyond it (another institution
    /// for a clerk, a division or institution outside the authority's division for authority staff).
    public func narrowing(_ filter: OversightFilter, on connection: Connection) throws -> OversightFilter {
        var narrowed = filter
        switch self {
        case .everything:
            break
        case .institution(let own):
            if let institution = filter.institution, institution != own { throw Self.forbidden }
            narrowed.institution = own
        case .division(let own):
            if let division = filter.division, try !Self.division(division, liesWithin: own, on: connection) { throw Self.forbidden }
            if let institution = filter.institution, try !Self.institution(institution, liesWithin: own, on: connection) {
                throw Self.forbidden
            }
            if filter.division == nil { narrowed.division = own }
        }
        return narrowed
    }

    private static func division(_ code: String, liesWithin root: String, on connection: Connection) throws -> Bool {
        try connection.queryOne(
            "select exists (select 1 from division_and_descendants(\(root)::char(6)) d where d = \(code)::char(6)) as inside"
        ).decode("inside", as: Bool.self)
    }

    private static func institution(_ uscc: String, liesWithin root: String, on connection: Connection) throws -> Bool {
        try connection.queryOne(
            """
            select exists (select 1 from institution i join division_and_descendants(\(root)::char(6)) d on d = i.division_code
                            where i.uscc::text = \(uscc)) as inside
            """
        ).decode("inside", as: Bool.self)
    }

    static let forbidden = RegistryError(.forbidden, "无权查看该机构或区划的记录:登记员只能查看本机构的记录,主管部门只能查看本地区的记录。")
}

/// A listing's filter by institution and by division (the division and every division below it).
public struct OversightFilter: Sendable, Hashable {
    /// Unified social credit code of the institution responsible (A38.1).
    public var institution: String?
    /// GB/T 2260 code: the division and the divisions below it.
    public var division: String?

    public init(institution: String? = nil, division: String? = nil) {
        self.institution = institution
        self.division = division
    }

    /// The `where` condition on a listing's institution and division columns (names fixed in code).
    func condition(institutionColumn: String, divisionColumn: String) -> SQL {
        var parts: [SQL] = ["true"]
        if let institution {
            parts.append("\(unescaped: institutionColumn)::text = \(institution)")
        }
        if let division {
            parts.append("\(unescaped: divisionColumn) in (select division_and_descendants(\(division)::char(6)))")
        }
        return SQL.joined(parts, separator: " and ")
    }
}

/// A page of a listing: at most `limit` rows after skipping `offset`, in a stable order.
public struct ListingPage: Sendable, Hashable {
    public var limit: Int
    public var offset: Int

    /// The largest page served.
    public static let maximumLimit = 500

    public init(limit: Int = 50, offset: Int = 0) {
        self.limit = limit
        self.offset = offset
    }

    /// Refuses a limit outside 1…500 or a negative offset.
    public func validated() throws(RegistryError) -> ListingPage {
        guard (1...Self.maximumLimit).contains(limit) else {
            throw RegistryError.invalid("limit", "每页条数须为 1 至 \(Self.maximumLimit) 之间的整数。")
        }
        guard offset >= 0 else { throw RegistryError.invalid("offset", "偏移量须为非负整数。") }
        return self
    }
}

/// One page of a listing with the number of rows in the whole listing.
public struct ListingResult<Element: Sendable & Encodable>: Sendable, Encodable {
    public var items: [Element]
    /// Rows in the whole listing, across all pages.
    public var total: Int
    public var limit: Int
    public var offset: Int

    public init(items: [Element], total: Int, page: ListingPage) {
        self.items = items
        self.total = total
        self.limit = page.limit
        self.offset = page.offset
    }
}

extension ListingResult {
    /// One page of a listing: `count` counts the whole listing (a `select count(*) as n …`), `rows` selects it in its
    /// stable order; the page's `limit` and `offset` are appended to `rows`.
    static func fetch(
        count: SQL,
        rows: SQL,
        page: ListingPage,
        on connection: Connection,
        _ decode: (Row) throws -> Element
    ) throws -> ListingResult {
        let total = try connection.queryOne(count).decode("n", as: Int.self)
        let items = try connection.query("\(rows) limit \(page.limit) offset \(page.offset)").map(decode)
        return ListingResult(items: items, total: total, page: page)
    }
}
