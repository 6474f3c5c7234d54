import Postgres

/// A9.1: whose classification and grading rules (分类分级规则) a scheme is.
public enum ClassificationSchemeKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// 自治区分类分级规则: the region's scheme, the default for every catalog item.
    case region
    /// 盟市分类分级规则: a league/city's scheme, filed (备案) with the region authority.
    case leagueCity = "league_city"
    /// 行业分类分级实施细则: an industry's scheme, filed (备案) with the region authority.
    case industry

    /// The Chinese label.
    public var label: String {
        switch self {
        case .region: "自治区分类分级规则"
        case .leagueCity: "盟市分类分级规则"
        case .industry: "行业分类分级实施细则"
        }
    }

    /// Whether a scheme of this kind is filed (备案) with the region authority and so carries a filing date.
    public var isFiled: Bool { self != .region }
}

extension ClassificationSchemeKind: PostgresEnum {}

/// A9.1: a classification and grading scheme (分类分级规则) with its category tree in ``DataCategory`` rows.
///
/// The region's scheme is the default (`NM-2024` from `sql/reference/`); league/city and industry schemes are recorded
/// as filed with the region authority, with their filing date (``ClassificationSchemeFiling``).
public struct ClassificationScheme: Sendable, Hashable, Codable {
    /// Stable ASCII code, e.g. `NM-2024`.
    public var code: String
    public var name: String
    public var kind: ClassificationSchemeKind
    /// The region for the region's and industry schemes, the league/city for a league/city's scheme.
    public var divisionCode: String
    /// The industry an industry scheme covers (e.g. 交通运输); `nil` for other kinds.
    public var industry: String?
    /// Whether this is the default scheme (only the region's scheme can be).
    public var isDefault: Bool
    /// The day the scheme was filed (备案) with the region authority; `nil` for the region's own scheme.
    public var filedOn: CivilDate?

    public init(
        code: String,
        name: String,
        kind: ClassificationSchemeKind,
        divisionCode: String,
        industry: String? = nil,
        isDefault: Bool = false,
        filedOn: CivilDate? = nil
    ) {
        self.code = code
        self.name = name
        self.kind = kind
        self.divisionCode = divisionCode
        self.industry = industry
        self.isDefault = isDefault
        self.filedOn = filedOn
    }

    /// Whether `code` is ASCII letters, digits, `.`, `_` and `-`, starting with a letter or digit
    /// (`classification_scheme_code_format`, `data_category_code_format`).
    public static func isValidCode(_ code: String) -> Bool {
        code.wholeMatch(of: /[A-Za-z0-9][A-Za-z0-9._\-]*/) != nil
    }
}

/// A9.1: a league/city or industry scheme filed (备案) with the region authority, with its category tree.
///
/// Recorded by a reviewer of the region's public data authority through ``ClassificationStore/recordFiledScheme(_:by:on:)``.
public struct ClassificationSchemeFiling: Sendable, Hashable, Codable {
    /// One category of the filed scheme's tree; a parent is named by its code within the same filing.
    public struct Category: Sendable, Hashable, Codable {
        public var code: String
        public var name: String
        public var parentCode: String?

        public init(code: String, name: String, parentCode: String? = nil) {
            self.code = code
            self.name = name
            self.parentCode = parentCode
        }
    }

    public var code: String
    public var name: String
    /// `league_city` or `industry` (a region scheme is not filed: it is refused by `classification_scheme_filed_a9_1`).
    public var kind: ClassificationSchemeKind
    /// The league/city of a league/city scheme; defaults to the region for an industry scheme.
    public var divisionCode: String?
    /// The industry of an industry scheme.
    public var industry: String?
    /// The filing date (备案日期).
    public var filedOn: CivilDate
    public var categories: [Category]

    public init(
        code: String,
        name: String,
        kind: ClassificationSchemeKind,
        divisionCode: String? = nil,
        industry: String? = nil,
        filedOn: CivilDate,
        categories: [Category] = []
    ) {
        self.code = code
        self.name = name
        self.kind = kind
        self.divisionCode = divisionCode
        self.industry = industry
        self.filedOn = filedOn
        self.categories = categories
    }
}
