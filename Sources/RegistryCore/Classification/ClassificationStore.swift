import Postgres

/// A9.1: classification and grading schemes (分类分级规则) and their category trees. The only place with their SQL.
///
/// The region's scheme is the default; league/city and industry schemes are recorded as filed (备案) with the region
/// authority by one of its reviewers. Writes check the shape of a scheme first; the rules of
/// `sql/0007_classification.sql` that need data are judged by the database alone, its refusals worded by
/// ``ClassificationRules``.
public struct ClassificationStore: Sendable {
    public init() {}

    // MARK: - Reading

    /// Every scheme: the default first, then by kind and code.
    public func schemes(on connection: Connection) throws -> [ClassificationScheme] {
        try connection.query(
            """
            select code, name, kind, division_code, industry, is_default, filed_on from classification_scheme
            order by is_default desc, kind, code collate "C"
            """
        ).map(Self.scheme(from:))
    }

    /// The scheme with this code, if any.
    public func scheme(code: String, on connection: Connection) throws -> ClassificationScheme? {
        try connection.query(
            """
            select code, name, kind, division_code, industry, is_default, filed_on from classification_scheme
            where code = \(code)
            """
        ).first.map(Self.scheme(from:))
    }

    /// The default scheme (the region's), if one is loaded.
    public func defaultScheme(on connection: Connection) throws -> ClassificationScheme? {
        try connection.query(
            """
            select code, name, kind, division_code, industry, is_default, filed_on from classification_scheme
            where is_default
            """
        ).first.map(Self.scheme(from:))
    }

    /// The categories of a scheme, ordered by code (byte order); empty for an unknown scheme.
    public func categories(of schemeCode: String, on connection: Connection) throws -> [DataCategory] {
        try connection.query(
            """
            select scheme_code, code, name, parent_code from data_category
            where scheme_code = \(schemeCode) order by code collate "C"
            """
        ).map(Self.category(from:))
    }

    /// The category tree of a scheme: its top categories, each with the categories below it, ordered by code.
    public func categoryTree(of schemeCode: String, on connection: Connection) throws -> [DataCategoryNode] {
        DataCategoryNode.trees(of: try categories(of: schemeCode, on: connection))
    }

    /// One category of a scheme, if it exists.
    public func category(scheme schemeCode: String, code: String, on connection: Connection) throws -> DataCategory? {
        try connection.query(
            "select scheme_code, code, name, parent_code from data_category where scheme_code = \(schemeCode) and code = \(code)"
        ).first.map(Self.category(from:))
    }

    // MARK: - Filing

    /// A9.1: records a league/city or industry scheme filed (备案) with the region authority, with its category tree.
    ///
    /// Only a reviewer of the region's public data authority may record it. Categories are inserted parents first;
    /// a category whose parent is not in the filing is refused by `data_category_parent_in_scheme_a9_1`.
    ///
    /// - Throws: ``RegistryError`` — `forbidden` for anyone else, `invalid_input` for a league/city scheme without
    ///   its division, and the rule of `sql/0007_classification.sql` the filing breaks.
    @discardableResult
    public func recordFiledScheme(
        _ filing: ClassificationSchemeFiling,
        by actor: Principal,
        on connection: Connection
    ) throws -> ClassificationScheme {
        let region = try regionCode(on: connection)
        try actor.requireAuthority(of: region)
        guard let division = filing.divisionCode ?? (filing.kind == .leagueCity ? nil : region) else {
            throw RegistryError.missing("division_code", "备案的盟市", article: "A9.1")
        }
        let scheme = ClassificationScheme(
            code: filing.code,
            name: filing.name,
            kind: filing.kind,
            divisionCode: division,
            industry: filing.industry,
            isDefault: false,
            filedOn: filing.filedOn
        )
        if let rule = Self.brokenCheck(scheme) { throw rule.error }
        let categories = Self.insertionOrder(filing.categories)
        if let rule = Self.brokenRule(categories) { throw rule.error }
        try insert(scheme, on: connection)
        for category in categories {
            try insert(
                DataCategory(schemeCode: scheme.code, code: category.code, name: category.name, parentCode: category.parentCode),
                on: connection
            )
        }
        return scheme
    }

    // MARK: - Seeding

    /// Inserts the scheme, or updates it when a stored value differs; leaves it untouched (no write, no audit row)
    /// when nothing differs. A default scheme takes the default over from any other.
    @discardableResult
    public func upsert(_ scheme: ClassificationScheme, on connection: Connection) throws -> UpsertOutcome {
        if scheme.isDefault {
            try connection.query("update classification_scheme set is_default = false where is_default and code <> \(scheme.code)")
        }
        let result = try connection.query(
            """
            insert into classification_scheme (code, name, kind, division_code, industry, is_default, filed_on)
            values (\(scheme.code), \(scheme.name), \(scheme.kind)::classification_scheme_kind, \(scheme.divisionCode),
                    \(scheme.industry), \(scheme.isDefault), \(scheme.filedOn)::date)
            on conflict (code) do update
                set name = excluded.name, kind = excluded.kind, division_code = excluded.division_code,
                    industry = excluded.industry, is_default = excluded.is_default, filed_on = excluded.filed_on
                where (classification_scheme.name, classification_scheme.kind, classification_scheme.division_code,
                       classification_scheme.industry, classification_scheme.is_default, classification_scheme.filed_on)
                      is distinct from (excluded.name, excluded.kind, excluded.division_code, excluded.industry,
                                        excluded.is_default, excluded.filed_on)
            returning (xmax = 0) as inserted
            """
        )
        guard let row = result.first else { return .unchanged }
        return try row.decode("inserted", as: Bool.self) ? .inserted : .updated
    }

    /// Inserts the category, or updates its name or parent when they differ; otherwise writes nothing.
    @discardableResult
    public func upsert(_ category: DataCategory, on connection: Connection) throws -> UpsertOutcome {
        let result = try connection.query(
            """
            insert into data_category (scheme_code, code, name, parent_code)
            values (\(category.schemeCode), \(category.code), \(category.name), \(category.parentCode))
            on conflict (scheme_code, code) do update
                set name = excluded.name, parent_code = excluded.parent_code
                where (data_category.name, data_category.parent_code) is distinct from (excluded.name, excluded.parent_code)
            returning (xmax = 0) as inserted
            """
        )
        guard let row = result.first else { return .unchanged }
        return try row.decode("inserted", as: Bool.self) ? .inserted : .updated
    }

    // MARK: - Rules

    /// The first check constraint of `classification_scheme` the scheme breaks, in name order as PostgreSQL checks.
    static func brokenCheck(_ scheme: ClassificationScheme) -> Rule? {
        let checks: [(Rule, Bool)] = [
            (ClassificationRules.schemeCodeFormat, ClassificationScheme.isValidCode(scheme.code)),
            (ClassificationRules.schemeDefaultIsRegion, !scheme.isDefault || scheme.kind == .region),
            (ClassificationRules.schemeFiled, (scheme.kind == .region) == (scheme.filedOn == nil)),
            (ClassificationRules.schemeIndustryNamed, (scheme.kind == .industry) == !SQLText.isBlank(scheme.industry)),
            (ClassificationRules.schemeNameNotBlank, !SQLText.isBlank(scheme.name)),
        ]
        return checks.first { !$0.1 }?.0
    }

    /// The first rule of `data_category` broken by inserting `categories` in this order into a scheme that holds the
    /// codes `existing`: per category its checks by name, then the primary key, then the parent's foreign key.
    static func brokenRule(_ categories: [ClassificationSchemeFiling.Category], after existing: Set<String> = []) -> Rule? {
        var inserted = existing
        for category in categories {
            if !ClassificationScheme.isValidCode(category.code) { return ClassificationRules.categoryCodeFormat }
            if SQLText.isBlank(category.name) { return ClassificationRules.categoryNameNotBlank }
            if category.parentCode == category.code { return ClassificationRules.categoryNotOwnParent }
            if inserted.contains(category.code) { return ClassificationRules.categoryCodeUnique }
            if let parent = category.parentCode, !inserted.contains(parent) { return ClassificationRules.categoryParentInScheme }
            inserted.insert(category.code)
        }
        return nil
    }

    /// Parents before children, otherwise in the order given; categories whose parent never comes last, as given.
    static func insertionOrder(_ categories: [ClassificationSchemeFiling.Category]) -> [ClassificationSchemeFiling.Category] {
        var placed: Set<String> = []
        var ordered: [ClassificationSchemeFiling.Category] = []
        var pending = categories
        while !pending.isEmpty {
            var waiting: [ClassificationSchemeFiling.Category] = []
            for category in pending {
                if let parent = category.parentCode, parent == category.code || !placed.contains(parent) {
                    waiting.append(category)
                } else {
                    ordered.append(category)
                    placed.insert(category.code)
                }
            }
            if waiting.count == pending.count { break }
            pending = waiting
        }
        return ordered + pending
    }

    // MARK: - SQL

    private func insert(_ scheme: ClassificationScheme, on connection: Connection) throws {
        try connection.query(
            """
            insert into classification_scheme (code, name, kind, division_code, industry, is_default, filed_on)
            values (\(scheme.code), \(scheme.name), \(scheme.kind)::classification_scheme_kind, \(scheme.divisionCode),
                    \(scheme.industry), \(scheme.isDefault), \(scheme.filedOn)::date)
            """
        )
    }

    private func insert(_ category: DataCategory, on connection: Connection) throws {
        try connection.query(
            """
            insert into data_category (scheme_code, code, name, parent_code)
            values (\(category.schemeCode), \(category.code), \(category.name), \(category.parentCode))
            """
        )
    }

    /// The GB/T 2260 code of the region (150000).
    func regionCode(on connection: Connection) throws -> String {
        guard let row = try connection.query("select code from division where level = 'region'").first else {
            throw RegistryError.notFound("自治区行政区划")
        }
        return try row.decode("code")
    }

    static func scheme(from row: Row) throws -> ClassificationScheme {
        ClassificationScheme(
            code: try row.decode("code"),
            name: try row.decode("name"),
            kind: try row.decode("kind"),
            divisionCode: try row.decode("division_code"),
            industry: try row.decodeIfPresent("industry"),
            isDefault: try row.decode("is_default"),
            filedOn: try row.decodeIfPresent("filed_on")
        )
    }

    static func category(from row: Row) throws -> DataCategory {
        DataCategory(
            schemeCode: try row.decode("scheme_code"),
            code: try row.decode("code"),
            name: try row.decode("name"),
            parentCode: try row.decodeIfPresent("parent_code")
        )
    }
}
