import Foundation
import Postgres

/// A28.1: what a visitor of the public open data portal, or a client of `GET /api/v1/open-catalog`, asks for — words,
/// and one value per facet; every part optional.
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
    /// A distribution format (`CSV`, `JSON` …: the format given, else the EU file type of its media type) of an item
    /// open unconditionally.
    public var format: String?

    public init(
        text: String? = nil,
        division: String? = nil,
        institution: String? = nil,
        category: String? = nil,
        openType: OpenType? = nil,
        grade: DataGrade? = nil,
        updateFrequency: UpdateFrequency? = nil,
        format: String? = nil
    ) {
        self.text = text
        self.division = division
        self.institution = institution
        self.category = category
        self.openType = openType
        self.grade = grade
        self.updateFrequency = updateFrequency
        self.format = format
    }

    /// The query the parameters of a search ask for (`q` and each facet's name, ``OpenPortalFacet``); an empty value is
    /// none. A malformed value is refused naming its parameter.
    public init(parameters: [String: String]) throws(RegistryError) {
        func value(_ facet: OpenPortalFacet) -> String? {
            parameters[facet.rawValue].flatMap { $0.isEmpty ? nil : $0 }
        }
        func choice<Value: RawRepresentable & CaseIterable>(_ facet: OpenPortalFacet, _ label: String) throws(RegistryError) -> Value?
        where Value.RawValue == String {
            guard let text = value(facet) else { return nil }
            guard let choice = Value(rawValue: text) else {
                throw RegistryError.invalid(facet.rawValue, "\(label)须为 \(Value.allCases.map(\.rawValue).joined(separator: "、")) 之一。")
            }
            return choice
        }
        text = try SearchText(validating: parameters["q"] ?? "", field: "q")?.text
        division = value(.division)
        if let division, !Division.isWellFormedCode(division) {
            throw RegistryError.invalid("division", "行政区划代码须为6位数字(GB/T 2260)。", article: "A3.1")
        }
        institution = value(.institution)?.uppercased()
        if let institution, (try? UnifiedSocialCreditCode(validating: institution)) == nil {
            throw RegistryError.invalid("institution", "提供机构须为有效的18位统一社会信用代码(GB 32100)。")
        }
        category = value(.category)
        if let category, category.count > 64 || !ClassificationScheme.isValidCode(category) {
            throw RegistryError.invalid("category", "数据分类代码须为至多64个字母、数字、“.”、“_”或“-”。")
        }
        openType = try choice(.openType, "开放属性")
        grade = try choice(.grade, "数据分级")
        updateFrequency = try choice(.updateFrequency, "更新频率")
        format = value(.format)?.uppercased()
        if let format, format.wholeMatch(of: /[A-Z0-9][A-Z0-9._+\-]{0,19}/) == nil {
            throw RegistryError.invalid("format", "格式须为至多20个字母、数字、“.”、“_”、“+”或“-”(如 CSV)。")
        }
    }
}

extension OpenPortalQuery {
    /// The value this query chose for `facet`, as its parameter carries it.
    func value(of facet: OpenPortalFacet) -> String? {
        switch facet {
        case .division: division
        case .institution: institution
        case .category: category
        case .openType: openType?.rawValue
        case .grade: grade?.rawValue
        case .updateFrequency: updateFrequency?.rawValue
        case .format: format
        }
    }
}

/// The dimensions the open catalog's search results are counted by; the raw value names the filter's parameter.
public enum OpenPortalFacet: String, Sendable, Hashable, CaseIterable, PostgresEnum {
    case division, institution, category
    case openType = "open_type"
    case grade
    case updateFrequency = "update_frequency"
    case format
}

/// Where a page of the search starts: `offset` matches after the match a cursor names, or after the start.
public struct OpenPortalPageStart: Sendable, Hashable {
    public var cursor: OpenPortalCursor?
    public var offset: Int

    public init(after cursor: OpenPortalCursor? = nil, offset: Int = 0) {
        self.cursor = cursor
        self.offset = offset
    }

    /// `offset` matches from the start.
    public static func offset(_ offset: Int) -> OpenPortalPageStart { OpenPortalPageStart(offset: offset) }
}

/// The position of a match in the search's order (rank, code, id), handed out as an opaque token (`next_cursor`) and
/// taken back (`cursor`) to read the page after it: pages by cursor neither skip nor repeat a match when items open
/// or close meanwhile.
public struct OpenPortalCursor: Sendable, Hashable {
    /// 0: the name is the words asked; 1: the name holds every word; 2: the words are elsewhere (always 0 without words).
    public var rank: Int
    public var code: String
    public var itemID: UUID

    /// The longest token taken.
    public static let maximumLength = 400

    init(rank: Int, code: String, itemID: UUID) {
        self.rank = rank
        self.code = code
        self.itemID = itemID
    }

    /// The token a client hands back: base64url (no padding) of the position.
    public var token: String {
        let text = "\(rank)\u{1F}\(itemID.uuidString.lowercased())\u{1F}\(code)"
        return Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The position a token names; anything else is refused naming `field`.
    public init(token: String, field: String = "cursor") throws(RegistryError) {
        let refused = RegistryError.invalid(field, "游标无效:请使用上一页返回的 next_cursor。")
        guard token.count <= Self.maximumLength, token.wholeMatch(of: /[A-Za-z0-9_\-]+/) != nil else { throw refused }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
            !text.unicodeScalars.contains(where: { $0.value == 0 })
        else { throw refused }
        let parts = text.split(separator: "\u{1F}", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let rank = Int(parts[0]), (0...2).contains(rank), let id = UUID(uuidString: String(parts[1])),
            !parts[2].isEmpty
        else { throw refused }
        self.init(rank: rank, code: String(parts[2]), itemID: id)
    }
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

/// A page of the portal's search: the matching items in the search's order, how many match, the facets' counts over
/// every match, and the cursor of the next page (`nil` on the last).
public struct OpenPortalResult: Sendable, Hashable {
    public var total: Int
    public var entries: [OpenPortalEntry]
    public var facets: [OpenPortalFacetValue]
    public var next: OpenPortalCursor?
}

/// What the open catalog's one search finds: the page's items in order, how many match, the facets' counts over every
/// match and the cursor of the next page. The portal and the API each read the page's items as they show them.
struct OpenPortalMatches: Sendable, Equatable {
    var total: Int
    var itemIDs: [UUID]
    var facets: [OpenPortalFacetValue]
    var next: OpenPortalCursor?

    init(total: Int, itemIDs: [UUID], facets: [OpenPortalFacetValue], next: OpenPortalCursor?) {
        self.total = total
        self.itemIDs = itemIDs
        self.facets = facets
        self.next = next
    }

    /// The search statement's answer: facet values (no item), then the page's items in order, one more than `limit`
    /// when a next page exists. Every match has one open type, so their counts add up to the total.
    init(rows: QueryResult, limit: Int) throws {
        var facets: [OpenPortalFacetValue] = []
        var page: [OpenPortalCursor] = []
        for row in rows {
            if let itemID: UUID = try row.decodeIfPresent("item_id") {
                page.append(OpenPortalCursor(rank: try row.decode("rank"), code: try row.decode("code"), itemID: itemID))
            } else {
                let facet = OpenPortalFacetValue(
                    facet: try row.decode("facet"),
                    value: try row.decode("value"),
                    label: try row.decodeIfPresent("label"),
                    count: try row.decode("n")
                )
                facets.append(facet)
            }
        }
        total = facets.filter { $0.facet == .openType }.reduce(0) { $0 + $1.count }
        itemIDs = page.prefix(limit).map(\.itemID)
        self.facets = facets
        next = page.count > limit ? page[limit - 1] : nil
    }
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

/// A28.1: the public open data portal, read without an account. It reads the items the open catalog serves
/// (`open_catalog_entry`, `sql/0128`: published, open, neither suspended nor withdrawn by an objection, A28.3), their
/// facets' kept counts, and the entries' index of words and facets (`sql/0130`).
public struct OpenPortal: Sendable {
    public let database: RegistryDatabase
    /// The open catalog held in memory, which answers searches with words when it is current; `nil`: the statement
    /// answers every search.
    public let searchIndex: OpenCatalogSearchIndex?

    public init(database: RegistryDatabase, searchIndex: OpenCatalogSearchIndex? = nil) {
        self.database = database
        self.searchIndex = searchIndex
    }

    /// The matching items of a page of `limit` from `start`, with the facets' counts: the `facetValues` most frequent
    /// values of each facet (and the value chosen), or all of them when `nil`.
    public func search(
        _ query: OpenPortalQuery,
        limit: Int,
        from start: OpenPortalPageStart = .offset(0),
        facetValues: Int? = nil
    ) async throws -> OpenPortalResult {
        try await database.read { [searchIndex] connection in
            let matches = try Self.matches(query, limit: limit, from: start, facetValues: facetValues, index: searchIndex, on: connection)
            // The ids do not change the best plan: it is planned once per session.
            let rows = try connection.withGenericPlans {
                try connection.query(
                    """
                    \(Self.entrySelect) from unnest(\(matches.itemIDs.map(\.uuidString))::uuid[]) with ordinality m(item_id, n)
                      join catalog_listing l on l.item_id = m.item_id \(Self.entryJoins)
                     order by m.n
                    """
                ).map(OpenPortalEntry.init(row:))
            }
            return OpenPortalResult(total: matches.total, entries: rows, facets: matches.facets, next: matches.next)
        }
    }

    /// The open catalog's search (A28.1), for the portal and the API alike: the open items matching `query` — ranked
    /// when it has words: the name exactly the words first, then names holding every word, then the rest; otherwise by
    /// code — with every facet counted over all of them, in one statement. A division's count covers the divisions
    /// below it: the facet lists the division chosen (or the region) and those directly below it. Without words the
    /// counts are sums of the kept counts, not a count of the matches: the institutions' of the cells
    /// (`open_catalog_facet_cell`, `sql/0128`), the other facets' of the cells summed over institutions
    /// (`open_catalog_facet_sum`, `sql/0140`) unless an institution is chosen. Each facet lists its `facetValues` most
    /// frequent values and the value chosen, or every value when `nil`. A search with words is answered by `index`
    /// instead when it holds the generation of the open catalog that `connection` sees: the same answer, counted in
    /// memory.
    static func matches(
        _ query: OpenPortalQuery,
        limit: Int,
        from start: OpenPortalPageStart,
        facetValues: Int? = nil,
        index: OpenCatalogSearchIndex? = nil,
        on connection: Connection
    ) throws -> OpenPortalMatches {
        let words = (query.text ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
        if !words.isEmpty, let index,
            let found = try index.matches(query, words: words, limit: limit, from: start, facetValues: facetValues, on: connection)
        {
            return found
        }
        // Without words the facets sum the kept counts, and the page walks the entries by code; with words both read the
        // hits, found once, and the facets count them grouped into cells first, as the kept counts are.
        let hit: SQL =
            words.isEmpty
            ? ""
            : """
            hit as materialized (\(Self.hits(query, words: words))),
            hit_cell as materialized (
            select institution_uscc, top_division, below_division, category_code, open_type, grade, update_frequency, formats,
                   count(*)::int as n
              from hit group by institution_uscc, top_division, below_division, category_code, open_type, grade,
                                update_frequency, formats),
            """
        let summed: SQL = query.institution == nil ? "open_catalog_facet_sum" : "open_catalog_facet_cell"
        let counted: SQL =
            words.isEmpty
            ? """
            select \(Self.facetColumns(query, of: "c")), c.items as n
              from \(summed) c where c.items > 0 and \(Self.facetConditions(query, of: "c"))
            """
            : "select * from hit_cell"
        let institutions: SQL =
            words.isEmpty
            ? """
            select c.institution_uscc::text as value, sum(c.items)::int as n
              from open_catalog_facet_cell c where c.items > 0 and \(Self.facetConditions(query, of: "c")) group by c.institution_uscc
            """
            : "select c.institution_uscc::text as value, sum(c.n)::int as n from hit_cell c group by c.institution_uscc"
        let ordered: SQL =
            words.isEmpty
            ? "select e.item_id, 0 as rank, e.code from open_catalog_entry e where \(Self.facetConditions(query, of: "e"))"
            : "select item_id, rank, code from hit"
        let after: SQL =
            start.cursor.map {
                "(h.rank, h.code collate \"C\", h.item_id) > (\($0.rank), \($0.code)::text collate \"C\", \($0.itemID)::uuid)"
            } ?? "true"
        let rows = try connection.query(
            """
            with \(hit) \(Self.facetCounts(of: counted, institutions: institutions, query: query, facetValues: facetValues)),
            page as (
            select h.item_id, h.rank, h.code from (\(ordered)) h where \(after)
             order by h.rank, h.code collate "C", h.item_id limit \(limit + 1) offset \(start.offset))
            select facet, value, label, n, null::uuid as item_id, null::int as rank, null::text as code, 0::bigint as place from facet
             union all
            select null, null, null, null, p.item_id, p.rank, p.code, row_number() over (order by p.rank, p.code collate "C", p.item_id)
              from page p
             order by place, facet, n desc, value
            """
        )
        return try OpenPortalMatches(rows: rows, limit: limit)
    }

    /// The common table expressions that count each facet's values ending in `facet`: the `facetValues` most frequent
    /// values of each facet and the value `query` chose (or all), labelled. `counted` — rows of
    /// ``facetColumns(_:of:)`` and a number `n` of the items each stands for — is counted in one pass of grouping sets;
    /// the formats are grouped by their sets, then counted one by one. `institutions` are the institutions' counts
    /// (`value`, `n`): thousands of values, they keep their most frequent without sorting the rest; an institution
    /// chosen is in every match, so it is the only one counted.
    private static func facetCounts(of counted: SQL, institutions: SQL, query: OpenPortalQuery, facetValues: Int?) -> SQL {
        let chosen = OpenPortalFacet.allCases.compactMap { facet in query.value(of: facet).map { (facet.rawValue, $0) } }
        return """
            tallied as (
            select case when grouping(top_division) = 0 or grouping(below_division) = 0 then 'division'
                        when grouping(category_code) = 0 then 'category' when grouping(open_type) = 0 then 'open_type'
                        when grouping(grade) = 0 then 'grade' when grouping(update_frequency) = 0 then 'update_frequency'
                        else 'formats' end as facet,
                   coalesce(top_division::text, below_division::text, category_code, open_type::text, grade::text,
                            update_frequency::text) as value,
                   formats, sum(n)::int as n
              from (\(counted)) c
             group by grouping sets ((top_division), (below_division), (category_code), (open_type), (grade), (update_frequency),
                                     (formats))),
            counts as (
            select t.facet, t.value, t.n from tallied t where t.facet <> 'formats' and t.value is not null
            union all
            select 'format', f, sum(t.n)::int from tallied t cross join unnest(t.formats) f where t.facet = 'formats' group by f),
            kept as (
            select k.facet, k.value, k.n
              from (select k.*, row_number() over (partition by k.facet collate "C" order by k.n desc, k.value collate "C") as place
                      from counts k) k
             where \(facetValues)::int is null or k.place <= \(facetValues)::int
                or (k.facet, k.value) in (select * from unnest(\(chosen.map(\.0))::text[], \(chosen.map(\.1))::text[]))
            union all
            (select 'institution', i.value, i.n from (\(institutions)) i
              order by i.n desc, i.value collate "C" limit \(facetValues)::int)),
            facet as (
            select k.facet, k.value, k.n, \(Self.facetLabel(of: "k")) as label from kept k)
            """
    }

    /// The name of the division, institution or category that the `facet` and `value` of the row named `alias` count;
    /// NULL for the other facets.
    static func facetLabel(of alias: String) -> SQL {
        let t: SQL = "\(unescaped: alias)"
        return """
            case \(t).facet when 'division' then (select d.name from division d where d.code = \(t).value::char(6))
                         when 'institution' then (select i.name from institution i where i.uscc = \(t).value)
                         when 'category' then (select dc.name from data_category dc where dc.code = \(t).value
                                                order by dc.scheme_code limit 1) end
            """
    }

    /// The columns the facets other than the institution count, of the `open_catalog_entry` (or
    /// `open_catalog_facet_cell`, or `open_catalog_facet_sum`) named `alias`. A row counts under the division chosen
    /// (else its region, the last of its path) and under the division of its path directly below that one.
    static func facetColumns(_ query: OpenPortalQuery, of alias: String) -> SQL {
        let t: SQL = "\(unescaped: alias)"
        let top: SQL = query.division.map { "\($0)::char(6)" } ?? "\(t).divisions[cardinality(\(t).divisions)]"
        let below: SQL =
            query.division.map { "\(t).divisions[array_position(\(t).divisions, \($0)::char(6)) - 1]" }
            ?? "\(t).divisions[cardinality(\(t).divisions) - 1]"
        return """
            \(top) as top_division, \(below) as below_division, \(t).category_code, \(t).open_type, \(t).grade,
            \(t).update_frequency, \(t).formats
            """
    }

    /// An item of the open catalog, or `nil` when it is not open (never published, not open, suspended or withdrawn).
    public func item(_ id: UUID) async throws -> OpenPortalItem? {
        try await database.read { connection in
            guard
                let row = try connection.query(
                    """
                    \(Self.entrySelect), r.data_form, r.data_items, r.open_conditions, r.providing_department, r.data_updated_on,
                           r.livelihood_related
                      from open_catalog_entry oc join catalog_listing l on l.item_id = oc.item_id \(Self.entryJoins)
                     where oc.item_id = \(id)
                    """
                ).first
            else { return nil }
            return OpenPortalItem(
                entry: try OpenPortalEntry(row: row),
                dataForm: try row.decode("data_form"),
                dataItems: try row.decode("data_items", as: PostgresJSON<[DataItem]>.self).value,
                openConditions: try row.decodeIfPresent("open_conditions"),
                providingDepartment: try row.decode("providing_department"),
                dataUpdatedOn: try row.decodeIfPresent("data_updated_on"),
                livelihoodRelated: try row.decode("livelihood_related")
            )
        }
    }

    /// The front page's counts, the `newest` items published last, and the plans in force in the registry's year.
    public func summary(newest: Int) async throws -> OpenPortalSummary {
        try await database.read { connection in
            let year = try RegistryClock.today(on: connection).year
            let counts = try connection.queryOne(
                """
                select coalesce(sum(items), 0)::int as items,
                       coalesce(sum(items) filter (where open_type = 'unconditional'), 0)::int as unconditional,
                       coalesce(sum(items) filter (where open_type = 'conditional'), 0)::int as conditional,
                       count(distinct institution_uscc) filter (where items > 0)::int as institutions
                  from open_catalog_facet_cell
                """
            )
            let newestEntries = try connection.query(
                """
                \(Self.entrySelect) from open_catalog_entry oc join catalog_listing l on l.item_id = oc.item_id \(Self.entryJoins)
                 order by v.decided_at desc, l.code collate "C", l.item_id limit \(newest)
                """
            ).map(OpenPortalEntry.init(row:))
            let plans = try connection.query(
                """
                select coalesce(d.name, i.name) as owner, p.version, p.published_on, p.priorities,
                       (select count(*)::int from open_plan_item pi where pi.plan_id = p.id) as item_count
                  from (select distinct on (division_code, institution_uscc) \(OpenPlan.columns) from open_plan
                         where year = \(year) and state = 'published'
                         order by division_code nulls last, institution_uscc, version desc) p
                  left join division d on d.code = p.division_code
                  left join institution i on i.uscc = p.institution_uscc
                 order by p.division_code nulls last, p.institution_uscc
                """
            ).map(OpenPortalPlan.init(row:))
            return OpenPortalSummary(
                items: try counts.decode("items"),
                unconditional: try counts.decode("unconditional"),
                conditional: try counts.decode("conditional"),
                institutions: try counts.decode("institutions"),
                newest: newestEntries,
                plans: plans,
                year: year
            )
        }
    }

    // MARK: SQL

    /// The open items matching `query` and its `words` (`open_catalog_entry`: published, open, neither suspended nor
    /// withdrawn by an objection), with the columns the facets count and the rank the search orders by. The words and
    /// the facets are found through one index of the entries (`sql/0130`).
    static func hits(_ query: OpenPortalQuery, words: [String]) -> SQL {
        var conditions: [SQL] = [Self.facetConditions(query, of: "e")]
        for word in words {
            conditions += SQLText.wordConditions(word, in: "e.search_text")
        }
        let inName = SQL.joined(words.map { "strpos(lower(e.name), lower(\($0)::text)) > 0" }, separator: " and ")
        return """
            select e.item_id, e.code, e.institution_uscc, \(Self.facetColumns(query, of: "e")),
                   case when lower(e.name) = lower(\(words.joined(separator: " "))::text) then 0 when \(inName) then 1 else 2 end as rank
              from open_catalog_entry e
             where \(SQL.joined(conditions, separator: " and "))
            """
    }

    /// The conditions of `query`'s facets on the `open_catalog_entry` (or `open_catalog_facet_cell`) named `alias`.
    static func facetConditions(_ query: OpenPortalQuery, of alias: String) -> SQL {
        let t: SQL = "\(unescaped: alias)"
        var conditions: [SQL] = ["true"]
        if let division = query.division { conditions.append("\(t).divisions @> array[\(division)]::char(6)[]") }
        if let institution = query.institution { conditions.append("\(t).institution_uscc = \(institution)::text") }
        if let category = query.category { conditions.append("\(t).category_code = \(category)") }
        if let openType = query.openType { conditions.append("\(t).open_type = \(openType)::open_type") }
        if let grade = query.grade { conditions.append("\(t).grade = \(grade)::data_grade") }
        if let frequency = query.updateFrequency { conditions.append("\(t).update_frequency = \(frequency)::update_frequency") }
        if let format = query.format { conditions.append("\(format)::text = any(\(t).formats)") }
        return SQL.joined(conditions, separator: " and ")
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
