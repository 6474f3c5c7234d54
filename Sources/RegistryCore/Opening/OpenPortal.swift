import Foundation
import Postgres

/// A28.1: what a visitor of the public open data portal asks for — words, and one value per facet; every part optional.
public struct OpenPortalQuery: Sendable, Hashable {
    /// Words found (each of them) in an item's name, description or data items' names.
    public var text: String?
    /// A division: items of catalogs in it and in the divisions below it.
    public var division: String?
    /// Unified social credit code of the institution whose catalog holds the items.
    public var institution: String?
    /// A category code of the classification (A9.2).
    public var category: String?
    public var openType: OpenType?
    public var grade: DataGrade?
    public var updateFrequency: UpdateFrequency?

    public init(
        text: String? = nil, division: String? = nil, institution: String? = nil, category: String? = nil, openType: OpenType? = nil,
        grade: DataGrade? = nil, updateFrequency: UpdateFrequency? = nil
    ) {
        self.text = text
        self.division = division
        self.institution = institution
        self.category = category
        self.openType = openType
        self.grade = grade
        self.updateFrequency = updateFrequency
    }
}

/// The dimensions the portal's results are counted by.
public enum OpenPortalFacet: String, Sendable, Hashable, CaseIterable {
    case division, institution, category
    case openType = "open_type"
    case grade
    case updateFrequency = "update_frequency"
}

/// One value of a facet with the number of matching items that have it; `label` is the name of a division,
/// institution or category (enumerations are labelled by their types).
public struct OpenPortalFacetValue: Sendable, Hashable {
    public var facet: OpenPortalFacet
    public var value: String
    public var label: String?
    public var count: Int
}

/// An item of the open catalog as the portal lists it: public metadata only.
public struct OpenPortalEntry: Sendable, Hashable {
    public var itemID: UUID
    public var code: String
    public var name: String
    public var description: String?
    public var institutionName: String
    public var divisionName: String
    public var openType: OpenType
    public var grade: DataGrade?
    public var categoryName: String?
    public var updateFrequency: UpdateFrequency
    /// The day the item's catalog version was approved (its publication).
    public var publishedOn: CivilDate?

    init(row: Row) throws {
        itemID = try row.decode("item_id")
        code = try row.decode("code")
        name = try row.decode("name")
        description = try row.decodeIfPresent("description")
        institutionName = try row.decode("institution_name")
        divisionName = try row.decode("division_name")
        openType = try row.decode("open_type")
        grade = try row.decodeIfPresent("grade")
        categoryName = try row.decodeIfPresent("category_name")
        updateFrequency = try row.decode("update_frequency")
        publishedOn = try row.decodeIfPresent("published_on")
    }
}

/// A page of the portal's search: the matching items in the stable order (code, id), how many match, and the facets'
/// counts over every match.
public struct OpenPortalResult: Sendable, Hashable {
    public var total: Int
    public var entries: [OpenPortalEntry]
    public var facets: [OpenPortalFacetValue]
}

/// An open item's page: its public metadata and data items; nothing internal (sharing terms, departments inside the
/// administration, legal bases) and nothing personal.
public struct OpenPortalItem: Sendable, Hashable {
    public var entry: OpenPortalEntry
    public var dataForm: DataForm
    public var dataItems: [DataItem]
    /// 开放条件 of a conditionally open item.
    public var openConditions: String?
    public var providingDepartment: String
    public var dataUpdatedOn: CivilDate?
    public var livelihoodRelated: Bool
}

/// The portal's front page: the open catalog's counts, the newest items and the year's open plans in force.
public struct OpenPortalSummary: Sendable, Hashable {
    public var items: Int
    public var unconditional: Int
    public var conditional: Int
    public var institutions: Int
    public var newest: [OpenPortalEntry]
    public var plans: [OpenPortalPlan]
    public var year: Int
}

/// A published open plan in force as the portal lists it (A26.1).
public struct OpenPortalPlan: Sendable, Hashable {
    public var owner: String
    public var version: Int
    public var publishedOn: CivilDate?
    public var priorities: String
    public var itemCount: Int

    init(row: Row) throws {
        owner = try row.decode("owner")
        version = try row.decode("version")
        publishedOn = try row.decodeIfPresent("published_on")
        priorities = try row.decode("priorities")
        itemCount = try row.decode("item_count")
    }
}

/// A28.1: the public open data portal, read without an account. It reads the published catalog's search projection
/// (`catalog_listing`, its words through the grams index) and leaves out every item the open catalog leaves out
/// (`open_catalog`, `sql/0022_opening.sql`): not open, or suspended or withdrawn by an objection (A28.3).
public struct OpenPortal: Sendable {
    public let database: RegistryDatabase

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// The matching items from `offset`, `limit` of them, with the facets' counts.
    public func search(_ query: OpenPortalQuery, limit: Int, offset: Int) async throws -> OpenPortalResult {
        let hits = try Self.hits(query)
        return try await database.read { connection in
            let facets = try connection.query(
                """
                with hit as materialized (\(hits))
                select 'division' as facet, h.division_code::text as value, min(d.name) as label, count(*)::int as n
                  from hit h join division d on d.code = h.division_code group by h.division_code
                union all
                select 'institution', h.institution_uscc, min(i.name), count(*)::int
                  from hit h join institution i on i.uscc = h.institution_uscc group by h.institution_uscc
                union all
                select 'category', h.category_code, min(dc.name), count(*)::int
                  from hit h left join data_category dc on dc.scheme_code = h.category_scheme and dc.code = h.category_code
                 where h.category_code is not null group by h.category_code
                union all
                select 'open_type', h.open_type::text, null, count(*)::int from hit h group by h.open_type
                union all
                select 'grade', h.grade::text, null, count(*)::int from hit h where h.grade is not null group by h.grade
                union all
                select 'update_frequency', h.update_frequency::text, null, count(*)::int from hit h group by h.update_frequency
                order by 1, 4 desc, 2
                """
            ).map { row in
                OpenPortalFacetValue(
                    facet: OpenPortalFacet(rawValue: try row.decode("facet"))!, value: try row.decode("value"),
                    label: try row.decodeIfPresent("label"), count: try row.decode("n"))
            }
            let total = facets.filter { $0.facet == .openType }.reduce(0) { $0 + $1.count }
            let entries = try connection.query(
                """
                with hit as (\(hits))
                \(Self.entrySelect) from hit h join catalog_listing l on l.item_id = h.item_id \(Self.entryJoins)
                 order by h.code collate "C", h.item_id limit \(limit) offset \(offset)
                """
            ).map(OpenPortalEntry.init(row:))
            return OpenPortalResult(total: total, entries: entries, facets: facets)
        }
    }

    /// An item of the open catalog, or `nil` when it is not open (never published, not open, suspended or withdrawn).
    public func item(_ id: UUID) async throws -> OpenPortalItem? {
        try await database.read { connection in
            guard let row = try connection.query(
                """
                \(Self.entrySelect), r.data_form, r.data_items, r.open_conditions, r.providing_department, r.data_updated_on,
                       r.livelihood_related
                  from open_catalog oc join catalog_listing l on l.item_id = oc.item_id \(Self.entryJoins)
                 where oc.item_id = \(id)
                """
            ).first else { return nil }
            return OpenPortalItem(
                entry: try OpenPortalEntry(row: row), dataForm: try row.decode("data_form"),
                dataItems: try row.decode("data_items", as: PostgresJSON<[DataItem]>.self).value,
                openConditions: try row.decodeIfPresent("open_conditions"), providingDepartment: try row.decode("providing_department"),
                dataUpdatedOn: try row.decodeIfPresent("data_updated_on"), livelihoodRelated: try row.decode("livelihood_related"))
        }
    }

    /// The front page's counts, the `newest` items published last, and the plans in force in the registry's year.
    public func summary(newest: Int) async throws -> OpenPortalSummary {
        try await database.read { connection in
            let year = try RegistryClock.today(on: connection).year
            let counts = try connection.query(
                """
                select count(*)::int as items, count(*) filter (where open_type = 'unconditional')::int as unconditional,
                       count(*) filter (where open_type = 'conditional')::int as conditional,
                       count(distinct institution_uscc)::int as institutions
                  from open_catalog
                """
            ).first!
            let newestEntries = try connection.query(
                """
                \(Self.entrySelect) from open_catalog oc join catalog_listing l on l.item_id = oc.item_id \(Self.entryJoins)
                 order by v.decided_at desc, l.code collate "C", l.item_id limit \(newest)
                """
            ).map(OpenPortalEntry.init(row:))
            let plans = try connection.query(
                """
                select coalesce(d.name, i.name) as owner, p.version, p.published_on, p.priorities,
                       (select count(*)::int from open_plan_item pi where pi.plan_id = p.id) as item_count
                  from (select distinct on (division_code, institution_uscc) * from open_plan
                         where year = \(year) and state = 'published'
                         order by division_code nulls last, institution_uscc, version desc) p
                  left join division d on d.code = p.division_code
                  left join institution i on i.uscc = p.institution_uscc
                 order by p.division_code nulls last, p.institution_uscc
                """
            ).map(OpenPortalPlan.init(row:))
            return OpenPortalSummary(
                items: try counts.decode("items"), unconditional: try counts.decode("unconditional"),
                conditional: try counts.decode("conditional"), institutions: try counts.decode("institutions"), newest: newestEntries,
                plans: plans, year: year)
        }
    }

    // MARK: SQL

    /// The open items matching `query`: published, open, and neither suspended nor withdrawn by an objection (as
    /// `open_catalog` decides), with the columns the facets count.
    static func hits(_ query: OpenPortalQuery) throws -> SQL {
        var conditions: [SQL] = [
            "l.open_type <> 'not_open'",
            """
            not exists (select 1 from open_objection o where o.item_id = l.item_id and o.state in ('received', 'processing'))
            """,
            """
            not exists (select 1 from open_objection o where o.item_id = l.item_id and o.state = 'withdrawn'
                                                        and o.decided_at > v.decided_at)
            """,
        ]
        if let division = query.division { conditions.append("l.divisions @> array[\(division)]::char(6)[]") }
        if let institution = query.institution { conditions.append("l.institution_uscc = \(institution)::text") }
        if let category = query.category { conditions.append("r.category_code = \(category)") }
        if let openType = query.openType { conditions.append("l.open_type = \(openType)::open_type") }
        if let grade = query.grade { conditions.append("l.grade = \(grade)::data_grade") }
        if let frequency = query.updateFrequency { conditions.append("r.update_frequency = \(frequency)::update_frequency") }
        for word in (query.text ?? "").split(whereSeparator: \.isWhitespace).map(String.init) {
            conditions.append("catalog_search_grams(l.search_text) @> catalog_search_word_grams(\(word))")
            conditions.append("l.search_text like lower(\(SQLText.containsPattern(word))::text)")
        }
        return """
            select l.item_id, l.code, l.institution_uscc::text as institution_uscc, l.open_type, l.grade, c.division_code,
                   r.category_scheme, r.category_code, r.update_frequency
              from catalog_listing l
              join catalog c on c.id = l.catalog_id
              join catalog_item_revision r on r.id = l.revision_id
              join catalog_version v on v.id = r.version_id
             where \(SQL.joined(conditions, separator: " and "))
            """
    }

    /// The columns of ``OpenPortalEntry`` over `catalog_listing l` joined by ``entryJoins``.
    static let entrySelect: SQL = """
        select l.item_id, l.code, r.name, r.description, ins.name as institution_name, d.name as division_name, l.open_type,
               l.grade, dc.name as category_name, r.update_frequency, civil_date(v.decided_at) as published_on
        """

    /// The revision, catalog, version, institution, division and category of `catalog_listing l`.
    static let entryJoins: SQL = """
        join catalog_item_revision r on r.id = l.revision_id
        join catalog c on c.id = l.catalog_id
        join catalog_version v on v.id = r.version_id
        join institution ins on ins.uscc = l.institution_uscc
        join division d on d.code = c.division_code
        left join data_category dc on dc.scheme_code = r.category_scheme and dc.code = r.category_code
        """
}
