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
                "select coalesce(jsonb_agg(name order by name), '[]')::text as j from (select name from ckan_package order by name limit \(limit) offset \(offset)) x",
                on: connection)
        case "package_show":
            let id = try Self.required("id", parameters)
            let byID = UUID(uuidString: id)
            guard let row = try connection.query(
                "select package::text as j from ckan_package where name = \(id) or item_id = \(byID)::uuid limit 1").first
            else { throw CKANError.notFound() }
            return try row.decode("j")
        case "current_package_list_with_resources":
            return try Self.scalar(
                """
                select coalesce(jsonb_agg(package order by decided_at desc nulls last, name), '[]')::text as j
                  from (select package, decided_at, name from ckan_package order by decided_at desc nulls last, name
                         limit \(min(limit, 1000)) offset \(offset)) x
                """, on: connection)
        case "organization_list":
            return try Self.scalar(
                allFields
                    ? "select coalesce(jsonb_agg(o order by o->>'name'), '[]')::text as j from (\(Self.organizations)) x(o)"
                    : "select coalesce(jsonb_agg(o->>'name' order by o->>'name'), '[]')::text as j from (\(Self.organizations)) x(o)",
                on: connection)
        case "organization_show":
            let id = try Self.required("id", parameters)
            guard let row = try connection.query(
                "select o::text as j from (\(Self.organizations)) x(o) where o->>'name' = lower(\(id)) or o->>'id' = \(id)").first
            else { throw CKANError.notFound("Organization not found") }
            return try row.decode("j")
        case "group_list":
            return try Self.scalar(
                allFields
                    ? "select coalesce(jsonb_agg(g order by g->>'name'), '[]')::text as j from (\(Self.groups)) x(g)"
                    : "select coalesce(jsonb_agg(g->>'name' order by g->>'name'), '[]')::text as j from (\(Self.groups)) x(g)",
                on: connection)
        case "tag_list":
            let query = parameters["query"] ?? ""
            return try Self.scalar(
                """
                select coalesce(jsonb_agg(t order by t), '[]')::text as j
                  from (select distinct t from ckan_package, unnest(tags) t where strpos(t, \(query)) > 0) x
                """, on: connection)
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

    /// `package_search`: the matching packages, ranked, with the facets asked for.
    static func search(_ search: CKANSearch, on connection: Connection) throws -> String {
        var conditions: [SQL] = ["true"]
        for (field, value) in search.filters {
            switch field {
            case "organization": conditions.append("organization = lower(\(value))")
            case "groups": conditions.append("group_name = \(value)")
            case "res_format": conditions.append("upper(\(value)) = any(formats)")
            case "tags": conditions.append("\(value) = any(tags)")
            case "share_type": conditions.append("share_type = \(value)")
            case "open_type": conditions.append("open_type = \(value)")
            case "grade": conditions.append("grade = \(value)")
            default:
                guard Division.isWellFormedCode(value) else { throw CKANError.searchQuery("division must be six digits (GB/T 2260)") }
                conditions.append("division_code in (select division_and_descendants(\(value)::char(6)))")
            }
        }
        for word in search.words {
            conditions.append(
                """
                (strpos(item_name, \(word)) > 0 or strpos(coalesce(description, ''), \(word)) > 0
                 or exists (select 1 from unnest(tags) t where strpos(t, \(word)) > 0))
                """)
        }
        let filter = SQL.joined(conditions, separator: " and ")
        let phrase = search.words.joined(separator: " ")
        let score: SQL = search.words.isEmpty
            ? "0"
            : "(case when item_name = \(phrase) then 100 else 0 end + case when strpos(item_name, \(phrase)) > 0 then 10 else 0 end)"
        let direction = search.sort.ascending ? "asc" : "desc"
        let order: SQL = switch search.sort.key {
        case "name": "name \(unescaped: direction)"
        case "title_string": "item_name \(unescaped: direction), name"
        case "metadata_modified": "decided_at \(unescaped: direction), name"
        case "metadata_created": "created_at \(unescaped: direction), name"
        default: "score \(unescaped: direction), decided_at desc, name"
        }
        let count = try connection.query("select count(*) as n from ckan_package where \(filter)").first!.decode("n", as: Int.self)
        let results = try Self.scalar(
            """
            select coalesce(jsonb_agg(package order by ordinal), '[]')::text as j from (
                select package, row_number() over (order by \(order)) as ordinal
                  from (select *, \(score) as score from ckan_package where \(filter)) p
                 order by \(order) limit \(search.rows) offset \(search.start)) x
            """, on: connection)
        var facets: [String] = []
        var searchFacets: [String] = []
        for field in search.facetFields {
            let (value, display): (SQL, SQL) = switch field {
            case "organization": ("organization", "institution_name")
            case "groups": ("group_name", "coalesce(category_name, category_code)")
            case "tags": ("t", "t")
            case "res_format": ("t", "t")
            case "division": ("division_code::text", "division_name")
            default: ("\(unescaped: field)", "\(unescaped: field)")
            }
            let source: SQL = switch field {
            case "tags": "ckan_package, unnest(tags) t"
            case "res_format": "ckan_package, unnest(formats) t"
            default: "ckan_package"
            }
            let limit = search.facetLimit < 0 ? Int.max : search.facetLimit
            let rows = try connection.query(
                """
                select \(value) as value, min(\(display)) as display, count(*) as n from \(source)
                 where \(filter) and \(value) is not null group by \(value) order by n desc, value limit \(limit)
                """)
            var counts: [String] = []
            var items: [String] = []
            for row in rows {
                let (name, label, n) = (try row.decode("value", as: String.self), try row.decode("display", as: String.self), try row.decode("n", as: Int.self))
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

    static func scalar(_ sql: SQL, on connection: Connection) throws -> String {
        try connection.query(sql).first!.decode("j")
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
