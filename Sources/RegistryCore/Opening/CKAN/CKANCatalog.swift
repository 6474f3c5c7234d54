import Foundation
import Postgres

/// A28.1: the open catalog through CKAN 2.11's action API, read-only and without an account: datasets are the items of
/// the open catalog (view `ckan_package`), organizations the institutions providing them, groups the categories,
/// resources the distributions. Each action gives the `result` of CKAN's `{"help", "success", "result"}` as JSON text.
public struct CKANCatalog: Sendable {
    public let database: RegistryDatabase
    public let baseURL: String

    /// The actions served, in CKAN's names.
    public static let actions = [
        "status_show", "package_list", "package_show", "package_search", "current_package_list_with_resources",
        "organization_list", "organization_show", "group_list", "tag_list",
    ]

    public init(database: RegistryDatabase, baseURL: String) {
        self.database = database
        self.baseURL = baseURL
    }

    /// The JSON text of the action's `result`; a ``CKANError`` when CKAN would refuse the call.
    public func result(of action: String, _ parameters: [String: String]) async throws -> String {
        switch action {
        case "status_show":
            return Self.json([
                "ckan_version": "2.11.0", "site_url": baseURL, "site_title": "内蒙古自治区公共数据开放目录",
                "site_description": "内蒙古自治区无条件开放和有条件开放的公共数据(《内蒙古自治区公共数据管理暂行办法》第二十八条)", "locale_default": "zh_Hans_CN",
                "extensions": [String](),
            ])
        case "package_search":
            let search = try CKANSearch(parameters)
            return try await database.read { try Self.search(search, on: $0) }
        default:
            return try await database.read { connection in try self.read(action, parameters, on: connection) }
        }
    }

    private func read(_ action: String, _ parameters: [String: String], on connection: Connection) throws -> String {
        let limit = try CKANSearch.integer(parameters["limit"], "limit", default: 1_000_000, minimum: 0)
        let offset = try CKANSearch.integer(parameters["offset"], "offset", default: 0, minimum: 0)
        let allFields = parameters["all_fields"].map { ["true", "1", "True"].contains($0) } ?? false
        switch action {
        case "package_list":
            return try Self.scalar(
                """
                select coalesce(jsonb_agg(name order by name), '[]')::text as j
                  from (select \(Self.name) as name from open_catalog_entry e order by 1 limit \(limit) offset \(offset)) x
                """,
                on: connection
            )
        case "package_show":
            let id = try Self.required("id", parameters)
            let byID = UUID(uuidString: id)
            guard
                let row = try connection.query(
                    """
                    select p.package::text as j from ckan_package p
                     where p.item_id = (select e.item_id from open_catalog_entry e where \(Self.name) = \(id) or e.item_id = \(byID)::uuid limit 1)
                    """
                ).first
            else { throw CKANError.notFound() }
            return try row.decode("j")
        case "current_package_list_with_resources":
            let page = try connection.query(
                "select e.item_id from open_catalog_entry e order by e.published_at desc, \(Self.name) limit \(min(limit, 1000)) offset \(offset)"
            ).map { try $0.decode("item_id", as: UUID.self) }
            return try Self.packages(page, on: connection)
        case "organization_list":
            return try Self.scalar(
                allFields
                    ? "select coalesce(jsonb_agg(o order by o->>'name'), '[]')::text as j from (\(Self.organizations)) x(o)"
                    : "select coalesce(jsonb_agg(o->>'name' order by o->>'name'), '[]')::text as j from (\(Self.organizations)) x(o)",
                on: connection
            )
        case "organization_show":
            let id = try Self.required("id", parameters)
            guard
                let row = try connection.query(
                    "select o::text as j from (\(Self.organizations)) x(o) where o->>'name' = lower(\(id)) or o->>'id' = \(id)"
                ).first
            else { throw CKANError.notFound("Organization not found") }
            return try row.decode("j")
        case "group_list":
            return try Self.scalar(
                allFields
                    ? "select coalesce(jsonb_agg(g order by g->>'name'), '[]')::text as j from (\(Self.groups)) x(g)"
                    : "select coalesce(jsonb_agg(g->>'name' order by g->>'name'), '[]')::text as j from (\(Self.groups)) x(g)",
                on: connection
            )
        case "tag_list":
            let query = parameters["query"] ?? ""
            return try Self.scalar(
                """
                select coalesce(jsonb_agg(t order by t), '[]')::text as j
                  from (select distinct t from ckan_package, unnest(tags) t where strpos(t, \(query)) > 0) x
                """,
                on: connection
            )
        default:
            throw CKANError(type: "Not Found Error", status: 400, members: [:], message: "Action name not known: \(action)")
        }
    }

    /// The institutions that provide open data, as CKAN organizations with their dataset counts.
    static let organizations: SQL = """
        select jsonb_build_object('id', md5('organization:' || institution_uscc)::uuid, 'name', organization,
               'title', institution_name, 'display_name', institution_name, 'type', 'organization', 'description', '',
               'image_url', '', 'image_display_url', '', 'is_organization', true, 'approval_status', 'approved',
               'state', 'active', 'created', ckan_timestamp(min(created_at)), 'package_count', count(*))
          from ckan_package group by institution_uscc, organization, institution_name
        """

    /// The categories with open data, as CKAN groups with their dataset counts.
    static let groups: SQL = """
        select jsonb_build_object('id', md5('group:' || category_scheme || ':' || category_code)::uuid, 'name', group_name,
               'title', coalesce(category_name, category_code), 'display_name', coalesce(category_name, category_code),
               'type', 'group', 'description', '', 'image_url', '', 'image_display_url', '', 'is_organization', false,
               'approval_status', 'approved', 'state', 'active', 'package_count', count(*))
          from ckan_package where category_code is not null group by category_scheme, category_code, group_name, category_name
        """

    /// CKAN's name of the dataset of `open_catalog_entry e` (ckan_package.name), as its indexes spell it (`sql/0130`).
    static let name: SQL = "(ckan_slug(e.code) || '-' || lower(e.institution_uscc))"

    /// The packages of `items` as a JSON array in the same order, built for those items only.
    static func packages(_ items: [UUID], on connection: Connection) throws -> String {
        let ids = items.map(\.uuidString)
        // The ids do not change the best plan of the view: it is planned once per session.
        return try connection.withGenericPlans {
            try scalar(
                """
                select coalesce(jsonb_agg(p.package order by array_position(\(ids)::uuid[], p.item_id)), '[]')::text as j
                  from ckan_package p where p.item_id = any(\(ids)::uuid[])
                """,
                on: connection
            )
        }
    }

    /// `package_search`: the matching packages, ranked, with the facets asked for. The matches are entries of the open
    /// catalog (`open_catalog_entry e`); the counts are sums of its kept counts when every filter is one they keep.
    static func search(_ search: CKANSearch, on connection: Connection) throws -> String {
        let filter = try Self.conditions(search)
        let count: Int = try connection.queryOne(
            "select coalesce(sum(h.n), 0)::int as n from (\(Self.counted(filter, tally: Tally(search)))) h"
        ).decode("n")
        let page = try connection.query(
            "select e.item_id from open_catalog_entry e where \(filter) order by \(Self.order(search)) limit \(search.rows) offset \(search.start)"
        ).map { try $0.decode("item_id", as: UUID.self) }
        let results = try Self.packages(page, on: connection)
        var facets: [String] = []
        var searchFacets: [String] = []
        for field in search.facetFields {
            var counts: [String] = []
            var items: [String] = []
            let tally = Tally(search, counting: field)
            for (name, label, n) in try Self.facet(field, filter: filter, tally: tally, limit: search.facetLimit, on: connection) {
                counts.append("\(json(name)): \(n)")
                items.append("{\"count\": \(n), \"display_name\": \(json(label)), \"name\": \(json(name))}")
            }
            facets.append("\(json(field)): {\(counts.joined(separator: ", "))}")
            searchFacets.append("\(json(field)): {\"items\": [\(items.joined(separator: ", "))], \"title\": \(json(field))}")
        }
        let sort = "\(search.sort.key) \(search.sort.ascending ? "asc" : "desc")"
        return """
            {"count": \(count), "facets": {\(facets.joined(separator: ", "))}, "results": \(results), \
            "search_facets": {\(searchFacets.joined(separator: ", "))}, "sort": \(json(sort))}
            """
    }

    /// The search's filters and words as conditions on `open_catalog_entry e` — or on the kept counts (``Tally``), which
    /// have the same columns, for every filter but tags, share_type and words. Words are found, whatever their case, in
    /// the title and the tags (the data items' names) through the entries' index, as the portal finds them (`sql/0130`).
    static func conditions(_ search: CKANSearch) throws(CKANError) -> SQL {
        var conditions: [SQL] = ["true"]
        for (field, value) in search.filters {
            switch field {
            case "organization": conditions.append("e.institution_uscc = upper(\(value))")
            case "groups": conditions.append("ckan_slug(e.category_code) = \(value)")
            case "res_format": conditions.append("upper(\(value)) = any(e.formats)")
            case "tags":
                conditions.append(
                    """
                    \(Self.found(value)) and exists (select 1 from \(Self.dataItemNames(of: "e")) n where n.t = \(value))
                    """
                )
            case "share_type":
                conditions.append("exists (select 1 from catalog_listing l where l.item_id = e.item_id and l.share_type::text = \(value))")
            case "open_type": conditions.append("e.open_type::text = \(value)")
            case "grade": conditions.append("e.grade::text = \(value)")
            default:
                guard Division.isWellFormedCode(value) else { throw CKANError.searchQuery("division must be six digits (GB/T 2260)") }
                conditions.append("e.divisions @> array[\(value)]::char(6)[]")
            }
        }
        for word in search.words {
            conditions.append(Self.found(word))
        }
        return SQL.joined(conditions, separator: " and ")
    }

    /// `word` in the title or a data item's name of the entry `e`, whatever its case, found through the entries' index
    /// (`sql/0130`).
    static func found(_ word: String) -> SQL {
        SQL.joined(SQLText.wordConditions(word, in: "e.search_text"), separator: " and ")
    }

    /// The names of the data items of the published revision of the entry `alias` (CKAN's tags), as rows `t`.
    static func dataItemNames(of alias: String) -> SQL {
        """
        (select tn.t from catalog_listing tl join catalog_item_revision tr on tr.id = tl.revision_id
                cross join lateral jsonb_array_elements(tr.data_items) td(item)
                cross join lateral (select td.item->>'name' as t) tn
          where tl.item_id = \(unescaped: alias).item_id and btrim(tn.t) <> '')
        """
    }

    /// What a search's counts are summed from.
    enum Tally {
        /// The matching entries, one by one: needed for words, tags and share types.
        case entries
        /// The kept cells (`open_catalog_facet_cell`, `sql/0128`): every filter but words, tags and share types.
        case cells
        /// The cells summed over institutions (`open_catalog_facet_sum`, `sql/0140`): the fewest rows, when neither a
        /// filter nor the facet counted is the institution.
        case sums

        /// The tally of `search`, counting `field` (the institution is `organization`) or its matches.
        init(_ search: CKANSearch, counting field: String? = nil) {
            let fields = search.filters.map(\.field) + [field].compactMap { $0 }
            if !search.words.isEmpty || fields.contains(where: { ["tags", "share_type"].contains($0) }) {
                self = .entries
            } else {
                self = fields.contains("organization") ? .cells : .sums
            }
        }
    }

    /// Rows with the columns the facets count of the entries that `filter` tests and the number `n` of items each
    /// stands for; only entries carry the item (tags, share type), and every tally but the sums the institution.
    static func counted(_ filter: SQL, tally: Tally) -> SQL {
        let facets: SQL = "e.open_type, e.update_frequency, e.divisions, e.formats, e.category_scheme, e.category_code, e.grade"
        return switch tally {
        case .entries: "select e.item_id, e.institution_uscc, \(facets), 1 as n from open_catalog_entry e where \(filter)"
        case .cells: "select e.institution_uscc, \(facets), e.items as n from open_catalog_facet_cell e where e.items > 0 and \(filter)"
        case .sums: "select \(facets), e.items as n from open_catalog_facet_sum e where e.items > 0 and \(filter)"
        }
    }

    /// The order `sort` asks for, over `open_catalog_entry e`: CKAN's score (an exact name, then a name holding the words)
    /// then the newest change; by name, title, change or creation; ties by name.
    static func order(_ search: CKANSearch) -> SQL {
        let direction: SQL = search.sort.ascending ? "asc" : "desc"
        let phrase = search.words.joined(separator: " ")
        let title: SQL = "(select r.name from catalog_listing l join catalog_item_revision r on r.id = l.revision_id where l.item_id = e.item_id)"
        switch search.sort.key {
        case "name": return "\(Self.name) \(direction)"
        case "title_string": return "\(title) \(direction), \(Self.name)"
        case "metadata_modified": return "e.published_at \(direction), \(Self.name)"
        case "metadata_created": return "(select i.created_at from catalog_item i where i.id = e.item_id) \(direction), \(Self.name)"
        default:
            guard !search.words.isEmpty else { return "e.published_at desc, \(Self.name)" }
            return """
                (case when \(title) = \(phrase) then 100 else 0 end + case when strpos(\(title), \(phrase)) > 0 then 10 else 0 end) \(direction),
                e.published_at desc, \(Self.name)
                """
        }
    }

    /// A facet's values with their display names and counts, the most frequent `limit` (all when negative).
    static func facet(
        _ field: String,
        filter: SQL,
        tally: Tally,
        limit: Int,
        on connection: Connection
    ) throws -> [(String, String, Int)] {
        let (value, source): (SQL, SQL) =
            switch field {
            case "organization": ("lower(h.institution_uscc)", "")
            case "groups": ("ckan_slug(h.category_code)", "")
            case "tags": ("t.t", "cross join lateral (select distinct n.t from \(Self.dataItemNames(of: "h")) n) t")
            case "res_format": ("t.t", "cross join unnest(h.formats) t(t)")
            case "division": ("h.divisions[1]::text", "")
            case "share_type": ("(select l.share_type::text from catalog_listing l where l.item_id = h.item_id)", "")
            default: ("h.\(unescaped: field)::text", "")
            }
        let label: SQL =
            switch field {
            case "organization": "(select i.name from institution i where i.uscc = upper(f.value))"
            case "groups": "coalesce((select dc.name from data_category dc where dc.scheme_code = f.scheme and dc.code = f.code), f.code)"
            case "division": "(select d.name from division d where d.code = f.value)"
            default: "f.value"
            }
        return try connection.query(
            """
            select f.value, \(label) as display, f.n from (
                select \(value) as value, min(h.category_scheme) as scheme, min(h.category_code) as code, sum(h.n)::int as n
                  from (\(Self.counted(filter, tally: tally))) h \(source)
                 where \(value) is not null group by 1 order by 4 desc, 1 limit \(limit < 0 ? Int.max : limit)) f
             order by f.n desc, f.value
            """
        ).map { (try $0.decode("value"), try $0.decode("display"), try $0.decode("n")) }
    }

    static func scalar(_ sql: SQL, on connection: Connection) throws -> String {
        try connection.queryOne(sql).decode("j")
    }

    static func required(_ field: String, _ parameters: [String: String]) throws(CKANError) -> String {
        guard let value = parameters[field], !value.isEmpty else { throw CKANError.validation(field, "Missing value") }
        return value
    }

    /// A JSON value (string, list, object) as text.
    public static func json(_ value: Any) -> String {
        if let text = value as? String {
            let data = try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
            return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
        }
        let data = try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
