import Foundation
import Postgres

/// A10.1 / A10.3: reading the catalog — published items with filters and keyset paging, one item, an item's history,
/// a version's changes, the catalog at a version, the diff between two versions, the versions with their review.
extension CatalogStore {
    /// The largest page ``publishedItems(_:after:limit:on:)`` returns.
    public static let maximumPageSize = 500

    /// A10.1: published items (each item's approved revision, unless withdrawn) matching `filter`, as summaries, in
    /// the stable order code (byte order), id, starting after `cursor`. The division filter covers the divisions below it
    /// (`division_and_descendants`); free text matches every whitespace-separated word, case-insensitively, anywhere in
    /// the item's name or its data items' names.
    public func publishedItems(
        _ filter: CatalogItemFilter = CatalogItemFilter(),
        after cursor: CatalogItemCursor? = nil,
        limit: Int = 50,
        on connection: Connection
    ) throws -> CatalogItemPage {
        guard (1...Self.maximumPageSize).contains(limit) else {
            throw RegistryError.invalid("limit", "每页条数须在1至\(Self.maximumPageSize)之间。")
        }
        let rows = try connection.query(
            """
            with \(try page(of: filter, after: cursor, size: limit + 1))
            \(Self.publishedSummarySelect)
              join page on page.item_id = i.id
             order by i.code collate "C", i.id
            """
        )
        var items = try rows.map(CatalogItemSummary.init(row:))
        var next: String?
        if items.count > limit {
            items.removeLast(items.count - limit)
            next = CatalogItemCursor(code: items[limit - 1].code, id: items[limit - 1].id).description
        }
        return CatalogItemPage(items: items, nextCursor: next)
    }

    /// The CTEs ending in `page(item_id)`: the ids of the page's items. The order (code, id) has two ways in, and
    /// neither suits every search: a common word matches a fifth of the catalog, so finding its matches through the
    /// grams index and sorting them costs a second, while walking the listing in order finds a page within a few
    /// hundred rows; a rare word is the other way round. So the walk reads at most ``orderedWalkRows`` rows with the
    /// cheap conditions (no grams), and only when that does not fill the page does the index find the rest — each way
    /// bounded. An institution's items have their own ordered index, which the planner walks directly.
    func page(of filter: CatalogItemFilter, after cursor: CatalogItemCursor?, size: Int) throws -> SQL {
        let after: SQL = cursor.map { "(l.code collate \"C\", l.item_id) > (\($0.code)::text collate \"C\", \($0.id)::uuid)" } ?? "true"
        let matches = SQL.joined(try Self.conditions(of: filter) + [after], separator: " and ")
        let hit = SQL.joined(try Self.conditions(of: filter, grams: false), separator: " and ")
        let indexed: SQL = """
            select l.item_id from catalog_listing l where \(matches) order by l.code collate "C", l.item_id limit \(size)
            """
        guard filter.institution == nil else { return "page as (\(indexed))" }
        return """
            walked as materialized (
                select l.item_id, l.code, \(hit) as hit
                  from catalog_listing l where \(after)
                 order by l.code collate "C", l.item_id limit \(orderedWalkRows)),
            walk as (select w.item_id from walked w where w.hit order by w.code collate "C", w.item_id limit \(size)),
            walk_suffices as (
                select (select count(*) from walk) = \(size) or (select count(*) from walked) < \(orderedWalkRows) as yes),
            page as (
                select item_id from walk where (select yes from walk_suffices)
                union all
                select item_id from (\(indexed)) found where not (select yes from walk_suffices))
            """
    }

    /// An item with its current (approved) fields, published or not.
    public func item(_ id: UUID, on connection: Connection) throws -> CatalogItem? {
        try connection.query("\(Self.itemSelect) where i.id = \(id)").first.map(CatalogItem.init(row:))
    }

    /// The item with this code in a catalog.
    public func item(code: String, inCatalog catalogID: UUID, on connection: Connection) throws -> CatalogItem? {
        try connection.query("\(Self.itemSelect) where i.catalog_id = \(catalogID) and i.code = \(code)")
            .first.map(CatalogItem.init(row:))
    }

    /// A10.3: every revision of an item, oldest version first, with the version's number, state and dates — approved
    /// revisions and those still in review or in a draft alike.
    public func history(of itemID: UUID, on connection: Connection) throws -> [CatalogItemRevision] {
        try revisions(where: "r.item_id = \(itemID)", order: "v.number", on: connection)
    }

    /// One revision.
    public func revision(_ id: Int64, on connection: Connection) throws -> CatalogItemRevision? {
        try revisions(where: "r.id = \(id)", on: connection).first
    }

    /// A10.3: the item changes a version carries (added, changed and withdrawn items), by code.
    public func changes(in versionID: UUID, on connection: Connection) throws -> [CatalogItemRevision] {
        try revisions(where: "r.version_id = \(versionID)", on: connection)
    }

    /// A10.3: the catalog as it stands at a version — each item's revision in that version or in the latest approved
    /// version before it — by code; withdrawn items only when asked for.
    public func itemsInForce(at versionID: UUID, includingWithdrawn: Bool = false, on connection: Connection) throws -> [CatalogItemRevision] {
        try connection.query(
            """
            select \(CatalogItemRevision.revisionColumns(of: "r")), i.code, v.number as version_number, v.state as version_state, v.submitted_on, v.decision_due, v.decision_due_provisional,
                   v.decided_at
              from catalog_revisions_at(\(versionID)) r
              join catalog_item i on i.id = r.item_id
              join catalog_version v on v.id = r.version_id
             where \(includingWithdrawn) or not r.withdrawn
             order by i.code collate "C", i.id
            """
        ).map(CatalogItemRevision.init(row:))
    }

    /// A10.3: what changed in a catalog from version `from` to version `to` (both of the same catalog; usually two
    /// approved versions, or the last approved one and a version under review). Level catalogs hold no items: compare
    /// their ``members(of:on:)`` instead.
    public func diff(from: UUID, to: UUID, on connection: Connection) throws -> CatalogDiff {
        guard let older = try version(from, on: connection) else { throw RegistryError.notFound("目录版本", field: "from") }
        guard let newer = try version(to, on: connection) else { throw RegistryError.notFound("目录版本", field: "to") }
        guard older.catalogID == newer.catalogID else {
            throw RegistryError.invalid("to", "只能比较同一目录的两个版本。", article: "A10.3")
        }
        let rows = try connection.query(
            """
            select d.item_id, d.code, d.change, d.changed_fields, d.from_revision_id, d.to_revision_id, coalesce(rt.name, rf.name) as name
              from catalog_version_diff(\(from), \(to)) d
              left join catalog_item_revision rf on rf.id = d.from_revision_id
              left join catalog_item_revision rt on rt.id = d.to_revision_id
            """
        )
        var diff = CatalogDiff(
            catalogID: older.catalogID,
            fromVersionNumber: older.number,
            toVersionNumber: newer.number,
            added: [],
            changed: [],
            withdrawn: []
        )
        for row in rows {
            let entry = try CatalogDiff.Entry(row: row)
            switch try row.decode("change", as: String.self) {
            case "added": diff.added.append(entry)
            case "withdrawn": diff.withdrawn.append(entry)
            default: diff.changed.append(entry)
            }
        }
        return diff
    }

    /// A10.3 / A11.1: a catalog's versions, oldest first, each with its review events (and their deadlines) and the
    /// number of changes it carries.
    public func versions(of catalogID: UUID, on connection: Connection) throws -> [CatalogVersionRecord] {
        let versions = try connection.query(
            """
            select \(CatalogVersion.columns(of: "v")), (select count(*) from catalog_item_revision r where r.version_id = v.id)
                      + (select count(*) from level_catalog_member m where m.version_id = v.id) as change_count
              from catalog_version v where v.catalog_id = \(catalogID) order by v.number
            """
        )
        let events = try connection.query(
            """
            select \(CatalogReviewEvent.columns(of: "e")) from catalog_review_event e join catalog_version v on v.id = e.version_id
             where v.catalog_id = \(catalogID) order by e.id
            """
        ).map(CatalogReviewEvent.init(row:))
        let eventsByVersion = Dictionary(grouping: events, by: \.versionID)
        return try versions.map { row in
            let version = try CatalogVersion(row: row)
            return CatalogVersionRecord(
                version: version,
                events: eventsByVersion[version.id] ?? [],
                changeCount: try row.decode("change_count")
            )
        }
    }

    // MARK: - SQL

    /// The published items as ``CatalogItemSummary`` rows: the summary's columns of each item's current revision (the
    /// data items counted, not read), its catalog and that revision's version number.
    static let publishedSummarySelect: SQL = """
        select i.id as item_id, i.code, c.institution_uscc, c.division_code, v.number as current_version_number,
               r.name, r.data_form, r.share_type, r.open_type, r.grade, r.update_frequency, r.data_updated_on,
               jsonb_array_length(r.data_items) as data_item_count
        \(currentRevisionTables(join: "join"))
        """

    /// Items, approved or not, as ``CatalogItem`` rows: the item's columns, then its current revision's.
    static let itemSelect: SQL = """
        select i.id as item_id, i.code, i.catalog_id, c.institution_uscc, c.division_code, i.created_at as item_created_at,
               i.current_revision_id, v.number as current_version_number, r.withdrawn, \(CatalogItemFields.columns(of: "r"))
        \(currentRevisionTables(join: "left join"))
        """

    /// Items (`i`) with their catalog (`c`) and, through `join` (`join` or `left join`), their current revision (`r`)
    /// and its version (`v`).
    static func currentRevisionTables(join: String) -> SQL {
        """
          from catalog_item i
          join catalog c on c.id = i.catalog_id
          \(unescaped: join) catalog_item_revision r on r.id = i.current_revision_id
          \(unescaped: join) catalog_version v on v.id = r.version_id
        """
    }

    /// The conditions of a filter on the published items' listing (`l`, `catalog_listing` of `sql/0031`). A division
    /// covers the divisions below it; a word is looked up in the grams index (with `grams`) and confirmed by the
    /// substring test, which is all an ordered walk of the listing checks (the grams cost more to compute, `sql/0032`).
    static func conditions(of filter: CatalogItemFilter, grams: Bool = true) throws -> [SQL] {
        var conditions: [SQL] = ["true"]
        if let divisionCode = filter.divisionCode {
            let code = try wellFormedDivision(divisionCode)
            // The region ends every item's path: comparing the last code spares the index a posting list of every item.
            conditions.append(
                Division.codeFits(code, level: .region)
                    ? "l.divisions[cardinality(l.divisions)] = \(code)::char(6)" : "l.divisions @> array[\(code)]::char(6)[]"
            )
        }
        if let institution = filter.institution {
            conditions.append("l.institution_uscc = \(try normalisedUSCC(institution, field: "institution"))::uscc")
        }
        if let shareType = filter.shareType { conditions.append("l.share_type = \(shareType)::share_type") }
        if let openType = filter.openType { conditions.append("l.open_type = \(openType)::open_type") }
        if let grade = filter.grade { conditions.append("l.grade = \(grade)::data_grade") }
        for word in (filter.text ?? "").split(whereSeparator: \.isWhitespace).map(String.init) {
            // The listing keeps its text lower-cased (sql/0037).
            conditions += SQLText.wordConditions(word, in: "l.search_text", grams: grams)
        }
        return conditions
    }

    /// Revisions with their item's code and their version's number, state and dates.
    private func revisions(
        where condition: SQL,
        order: SQL = "i.code collate \"C\", i.id",
        on connection: Connection
    ) throws -> [CatalogItemRevision] {
        try connection.query(
            """
            select \(CatalogItemRevision.revisionColumns(of: "r")), i.code, v.number as version_number, v.state as version_state, v.submitted_on, v.decision_due, v.decision_due_provisional,
                   v.decided_at
              from catalog_item_revision r
              join catalog_item i on i.id = r.item_id
              join catalog_version v on v.id = r.version_id
             where \(condition)
             order by \(order)
            """
        ).map(CatalogItemRevision.init(row:))
    }
}
