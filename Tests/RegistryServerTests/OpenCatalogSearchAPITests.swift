import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import Testing

/// The open catalog's faceted search over HTTP (A28.1, A28.3): `GET /api/v1/open-catalog` filters and counts by
/// division, institution, category, open type, grade, update frequency and format as plain SQL over `open_catalog`
/// counts; words rank exact names first; cursors visit every match once; suspended, withdrawn and not-open items never
/// appear; malformed filters are refused naming their parameter.
@Suite("Open catalog search over HTTP: facets, ranking, cursors (A28.1, A28.3)")
struct OpenCatalogSearchAPITests {
    typealias World = CatalogAPITests.World

    /// 卫健委's and 教育局's catalogs: open items found by 医疗机构 in their name (X-1 exactly, C-1, H-1), description
    /// (A-1) or data items (B-1); E-1 of another institution; S-1 suspended and W-1 withdrawn by objections; N-1 not open.
    /// H-1 offers a CSV file, X-1 a JSON one, and C-1 (conditional, so not shown) a CSV one.
    static func publish(_ world: World, _ client: any TestClientProtocol) async throws -> [String: String] {
        var ids: [String: String] = [:]
        let health: [(String, String)] = [
            ("X-1", World.item("X-1", name: "医疗机构", ["update_frequency": "\"yearly\""])),
            ("C-1", World.item("C-1", name: "医疗机构执业登记", ["open_type": "\"conditional\"", "open_conditions": "\"限科研用途\""])),
            ("H-1", World.item("H-1", name: "医疗机构名录")),
            (
                "A-1",
                World.item(
                    "A-1",
                    name: "护士执业注册",
                    [
                        "description": "\"全区医疗机构的护士执业注册信息\"",
                        "grade": "\"important\"",
                    ]
                )
            ),
            ("B-1", World.item("B-1", name: "床位统计", ["data_items": #"[{"name": "医疗机构代码", "type": "string"}]"#])),
            ("S-1", World.item("S-1", name: "医疗机构监督")),
            ("W-1", World.item("W-1", name: "医疗机构处罚")),
            ("N-1", World.item("N-1", name: "医疗机构内部", ["open_type": "\"not_open\"", "not_open_ground": "\"privacy\""])),
        ]
        let education: [(String, String)] = [
            ("E-1", World.item("E-1", name: "学校名录", ["source_institution": "\"\(World.education)\"", "update_frequency": "\"quarterly\""]))
        ]
        for (clerk, items) in [("healthClerk", health), ("educationClerk", education)] {
            let catalog = try await world.call(
                client,
                .post,
                "/api/v1/catalogs",
                as: clerk,
                #"{"kind": "institutional"}"#,
                expect: .created,
                decoding: Identified.self
            )
            let version =
                try await world.call(
                    client,
                    .post,
                    "/api/v1/catalogs/\(catalog.id)/versions",
                    as: clerk,
                    expect: .created,
                    decoding: Identified.self
                ).id
            for (code, body) in items {
                let uri = "/api/v1/catalog-versions/\(version)/items"
                ids[code] = try await world.call(client, .post, uri, as: clerk, body, expect: .created, decoding: AddedItem.self).itemID
            }
            let files: [(String, String)] = [
                ("H-1", DistributionsAPITests.distribution()),
                ("X-1", DistributionsAPITests.distribution(["media_type": "\"application/json\"", "format": "\" json \""])),
                ("C-1", DistributionsAPITests.distribution()),
            ]
            for (code, body) in files where items.contains(where: { $0.0 == code }) {
                let uri = "/api/v1/catalog-versions/\(version)/items/\(ids[code]!)/distributions"
                try await world.call(client, .post, uri, as: clerk, body, expect: .created)
            }
            try await world.call(client, .post, "/api/v1/catalog-versions/\(version)/submit", as: clerk, expect: .ok)
            try await world.call(client, .post, "/api/v1/catalog-versions/\(version)/approve", as: "xinchengReviewer", expect: .ok)
        }
        for code in ["S-1", "W-1"] {
            try await world.call(
                client,
                .post,
                "/api/v1/open-objections",
                as: "citizen",
                #"{"item_id": "\#(ids[code]!)", "harm": "privacy", "description": "含本人信息", "evidence": "截图"}"#,
                expect: .created
            )
        }
        let withdrawn = try await Self.objection(world, client, item: ids["W-1"]!)
        try await world.call(
            client,
            .post,
            "/api/v1/open-objections/\(withdrawn.id)/decide",
            as: "healthClerk",
            #"{"outcome": "withdraw", "verification_note": "含个人信息", "feedback": "已撤回"}"#,
            expect: .ok
        )
        return ids
    }

    /// A page of the open catalog as a citizen reads it with `query`, expected to be served.
    static func page(
        _ world: World,
        _ client: any TestClientProtocol,
        _ query: String = "",
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> OpenCatalogPageBody {
        let uri = "/api/v1/open-catalog" + (query.isEmpty ? "" : "?\(query)")
        return try await world.call(client, .get, uri, as: "citizen", expect: .ok, decoding: OpenCatalogPageBody.self, sourceLocation: sourceLocation)
    }

    /// The objection the health institution's clerk sees filed against the item `itemID` (A28.3).
    static func objection(
        _ world: World,
        _ client: any TestClientProtocol,
        item itemID: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> ObjectionList.Objection {
        let objections = try await world.call(
            client,
            .get,
            "/api/v1/open-objections?institution=\(World.health)",
            as: "healthClerk",
            expect: .ok,
            decoding: ObjectionList.self,
            sourceLocation: sourceLocation
        )
        return try #require(objections.objections.first { $0.itemID.lowercased() == itemID.lowercased() }, sourceLocation: sourceLocation)
    }

    /// The health institution's clerk restores the item `itemID`, suspended by an objection (A28.3): open again.
    static func restore(_ world: World, _ client: any TestClientProtocol, item itemID: String) async throws {
        let suspended = try await objection(world, client, item: itemID)
        try await world.call(
            client,
            .post,
            "/api/v1/open-objections/\(suspended.id)/decide",
            as: "healthClerk",
            #"{"outcome": "restore", "verification_note": "不含个人信息", "feedback": "已恢复"}"#,
            expect: .ok
        )
    }

    /// The SQL condition a facet's value puts on `open_catalog o` joined with `catalog_item_published p`.
    static func condition(_ facet: String, _ value: String) -> SQL {
        switch facet {
        case "division": "o.division_code in (select division_and_descendants(\(value)::char(6)))"
        case "institution": "o.institution_uscc = \(value)"
        case "category": "p.category_code = \(value)"
        case "open_type": "o.open_type::text = \(value)"
        case "grade": "p.grade::text = \(value)"
        case "update_frequency": "o.update_frequency::text = \(value)"
        default:
            """
            exists (select 1 from open_distribution d left join media_type_reference m on m.media_type = d.media_type
                     where d.item_id = o.item_id and upper(btrim(coalesce(nullif(btrim(d.format), ''), m.file_type))) = \(value))
            """
        }
    }

    /// Items of the open catalog meeting `conditions`, counted by plain SQL.
    static func count(_ world: World, _ conditions: [SQL]) async throws -> Int {
        try await world.registry.registry.read { connection in
            try connection.query(
                """
                select count(*)::int as n from open_catalog o join catalog_item_published p on p.item_id = o.item_id
                 where \(SQL.joined(conditions + ["true"], separator: " and "))
                """
            ).first!.decode("n", as: Int.self)
        }
    }

    @Test("A28.1 each facet's counts equal SQL counts over open_catalog, without and with filters and words")
    func facetCounts() async throws {
        let world = try await OpeningAPITests.world()
        try await world.registry.test { client in
            _ = try await Self.publish(world, client)
            let word: SQL = "strpos(o.item_name || ' ' || coalesce(o.description, '') || ' ' || o.data_items::text, '医疗机构') > 0"
            let searches: [(String, [SQL])] = [
                ("", []),
                ("q=%E5%8C%BB%E7%96%97%E6%9C%BA%E6%9E%84", [word]),
                ("open_type=unconditional&format=csv", [Self.condition("open_type", "unconditional"), Self.condition("format", "CSV")]),
                ("division=150100&grade=general", [Self.condition("division", "150100"), Self.condition("grade", "general")]),
                (
                    "institution=\(World.education)&update_frequency=quarterly",
                    [Self.condition("institution", World.education), Self.condition("update_frequency", "quarterly")]
                ),
                ("category=livelihood.health&q=%E5%8C%BB%E7%96%97%E6%9C%BA%E6%9E%84", [Self.condition("category", "livelihood.health"), word]),
            ]
            for (query, conditions) in searches {
                let page = try await Self.page(world, client, query)
                let total = try await Self.count(world, conditions)
                #expect(page.total == total, "\(query)")
                #expect(page.items.count == total, "\(query): one page holds them all")
                let facets = page.facets
                #expect(Set(facets.keys) == ["division", "institution", "category", "open_type", "grade", "update_frequency", "format"])
                for (facet, values) in facets {
                    for value in values {
                        let name = value.value
                        let expected = try await Self.count(world, conditions + [Self.condition(facet, name)])
                        #expect(value.count == expected, "\(query): \(facet)=\(name)")
                    }
                }
                for facet in ["open_type", "update_frequency"] {
                    let counts = try #require(facets[facet], "\(query): \(facet)")
                    #expect(counts.reduce(0) { $0 + $1.count } == total, "\(query): every match counted once by \(facet)")
                }
            }
            let all = try await Self.page(world, client)
            let formats = all.facets["format"]?.map { "\($0.value)=\($0.count)" }
            #expect(formats == ["CSV=1", "JSON=1"], "C-1's file is obtained by application (A28.2), so not counted")
            let divisions = all.facets["division"]?.map(\.value)
            #expect(divisions == ["150000", "150100"], "the region and the divisions directly below it")
            let hohhot = try await Self.page(world, client, "division=150100")
            let below = hohhot.facets["division"]?.map(\.value)
            #expect(below == ["150100", "150102"], "the division chosen and those directly below it")
        }
        try await world.registry.drop()
    }

    @Test("A28.1 words rank exact name hits first, then names holding them, then descriptions and data items")
    func ranking() async throws {
        let world = try await OpeningAPITests.world()
        try await world.registry.test { client in
            _ = try await Self.publish(world, client)
            let page = try await Self.page(world, client, "q=%E5%8C%BB%E7%96%97%E6%9C%BA%E6%9E%84")
            #expect(page.codes == ["X-1", "C-1", "H-1", "A-1", "B-1"])
            let two = try await Self.page(world, client, "q=%E6%9C%BA%E6%9E%84%20%E5%90%8D%E5%BD%95")
            #expect(two.codes == ["H-1", "E-1"], "every word must be found: both in H-1's name, in E-1's name and data items (机构名称)")
            let none = try await Self.page(world, client)
            #expect(none.codes == ["A-1", "B-1", "C-1", "E-1", "H-1", "X-1"])
        }
        try await world.registry.drop()
    }

    @Test("A28.1 cursor paging visits every match exactly once; offset paging still works; A28.3 closed items never appear")
    func cursorPaging() async throws {
        let world = try await OpeningAPITests.world()
        try await world.registry.test { client in
            let ids = try await Self.publish(world, client)
            for (query, expected) in [
                ("q=%E5%8C%BB%E7%96%97%E6%9C%BA%E6%9E%84&", ["X-1", "C-1", "H-1", "A-1", "B-1"]),
                ("", ["A-1", "B-1", "C-1", "E-1", "H-1", "X-1"]),
            ] {
                for limit in [1, 2, 4] {
                    var seen: [String] = []
                    var cursor: String?
                    var pages = 0
                    repeat {
                        let page = try await Self.page(world, client, "\(query)limit=\(limit)" + (cursor.map { "&cursor=\($0)" } ?? ""))
                        #expect(page.total == expected.count)
                        seen += page.codes
                        cursor = page.nextCursor
                        #expect(cursor != nil || page.saysNextCursor, "the last page says next_cursor: null")
                        pages += 1
                    } while cursor != nil && pages < 20
                    #expect(seen == expected, "\(query) limit \(limit)")
                    #expect(pages == (expected.count + limit - 1) / limit, "\(query) limit \(limit): no empty last page")
                }
            }
            let offset = try await Self.page(world, client, "limit=2&offset=1")
            #expect(offset.codes == ["B-1", "C-1"])
            #expect(offset.offset == 1 && offset.limit == 2 && offset.nextCursor != nil)
            let next = try #require(offset.nextCursor)
            let after = try await Self.page(world, client, "limit=2&cursor=\(next)")
            #expect(after.codes == ["E-1", "H-1"])
            let skipped = try await Self.page(world, client, "limit=2&offset=1&cursor=\(next)")
            #expect(skipped.codes == ["H-1", "X-1"], "with a cursor, offset skips matches after it")
            #expect(skipped.saysNextCursor && skipped.nextCursor == nil, "the last page")

            // A28.3, A27.1: suspended, withdrawn and not-open items are in no page, no count and no search.
            for query in ["", "q=%E5%8C%BB%E7%96%97%E6%9C%BA%E6%9E%84", "institution=\(World.health)", "division=150102&limit=500"] {
                let page = try await world.callers.send(client, .get, "/api/v1/open-catalog?\(query)", as: nil)
                for code in ["S-1", "W-1", "N-1"] {
                    #expect(!page.text.contains(ids[code]!.lowercased()) && !page.text.contains(ids[code]!.uppercased()), "\(code) in \(query)")
                    #expect(!page.text.contains("\"\(code)\""), "\(code) in \(query)")
                }
            }
        }
        try await world.registry.drop()
    }

    /// Rows in which the kept entries, cells and sums (`sql/0128`, `sql/0140`) differ from the open catalog derived
    /// afresh; none when they agree.
    static func keptCountsDrift(_ world: World) async throws -> Int {
        try await world.registry.registry.read { connection in
            try connection.queryOne(
                """
                with fresh as (select * from open_catalog_entry_source),
                     cells as (select institution_uscc, open_type, update_frequency, divisions, formats, category_scheme,
                                      category_code, grade, count(*)::int as items
                                 from open_catalog_entry
                                group by institution_uscc, open_type, update_frequency, divisions, formats, category_scheme,
                                         category_code, grade),
                     kept as (select institution_uscc, open_type, update_frequency, divisions, formats, category_scheme,
                                     category_code, grade, items
                                from open_catalog_facet_cell where items > 0),
                     sums as (select open_type, update_frequency, divisions, formats, category_scheme, category_code, grade,
                                     sum(items)::int as items
                                from kept group by open_type, update_frequency, divisions, formats, category_scheme,
                                                   category_code, grade),
                     kept_sums as (select open_type, update_frequency, divisions, formats, category_scheme, category_code,
                                          grade, items
                                     from open_catalog_facet_sum where items > 0)
                select ((select count(*) from (select * from fresh except select * from open_catalog_entry) a)
                      + (select count(*) from (select * from open_catalog_entry except select * from fresh) b)
                      + (select count(*) from (select * from cells except select * from kept) c)
                      + (select count(*) from (select * from kept except select * from cells) d)
                      + (select count(*) from (select * from sums except select * from kept_sums) s)
                      + (select count(*) from (select * from kept_sums except select * from sums) t)
                      + (select count(*) from (select item_id from open_catalog except select item_id from open_catalog_entry) e)
                      + (select count(*) from (select item_id from open_catalog_entry except select item_id from open_catalog) f))::int as n
                """
            ).decode("n")
        }
    }

    @Test("A28.1 the kept entries and facet counts equal the open catalog after approvals, objections and distributions")
    func keptCountsFollowChanges() async throws {
        let world = try await OpeningAPITests.world()
        try await world.registry.test { client in
            #expect(try await Self.keptCountsDrift(world) == 0, "the migration's backfill")
            let ids = try await Self.publish(world, client)
            #expect(try await Self.keptCountsDrift(world) == 0, "approved, suspended and withdrawn")
            let page = try await Self.page(world, client, "institution=\(World.health)")
            #expect(page.total == 5, "X-1, C-1, H-1, A-1, B-1: S-1 suspended, W-1 withdrawn, N-1 not open")

            // The suspended item restored: back in the counts at once (A28.3).
            try await Self.restore(world, client, item: ids["S-1"]!)
            #expect(try await Self.keptCountsDrift(world) == 0, "restored")
            let restored = try await Self.page(world, client, "institution=\(World.health)")
            #expect(restored.total == 6)

            // A distribution of the published revision (a refresh, A16.1) adds its format to the counts.
            let formats = try await Self.page(world, client, "format=tsv")
            #expect(formats.total == 0)
            let fresh = DistributionsAPITests.distribution(["format": "\"TSV\"", "title": "\"医疗机构名录(TSV)\""])
            try await world.call(client, .post, "/api/v1/catalog-items/\(ids["H-1"]!)/distributions", as: "healthClerk", fresh, expect: .created)
            #expect(try await Self.keptCountsDrift(world) == 0, "a refreshed distribution")
            let tsv = try await Self.page(world, client, "format=tsv")
            #expect(tsv.codes == ["H-1"])

            // Derived: no client writes them, not even the service's own role through SQL.
            for statement: SQL in [
                "delete from open_catalog_entry", "update open_catalog_facet_cell set items = items + 1",
                "update open_catalog_facet_sum set items = items + 1",
                "select open_catalog_entry_refresh(array[gen_random_uuid()])",
            ] {
                await #expect(throws: (any Error).self, "\(statement)") { try await world.registry.registry.read { try $0.query(statement) } }
            }
        }
        try await world.registry.drop()
    }

    @Test("A28.1 a malformed filter, cursor or page is refused naming its parameter")
    func refusals() async throws {
        let world = try await OpeningAPITests.world()
        try await world.registry.test { client in
            let refused: [(String, String)] = [
                ("division=15", "division"), ("institution=IIIIIIIIIIIIIIIIII", "institution"), ("grade=secret", "grade"),
                ("open_type=not_open", "open_type"), ("update_frequency=hourly", "update_frequency"), ("format=.csv", "format"),
                ("category=a%20b", "category"), ("cursor=not%20a%20cursor", "cursor"), ("cursor=abc", "cursor"),
                ("limit=0", "limit"), ("limit=501", "limit"), ("bogus=1", "bogus"),
                ("q=" + Array(repeating: "w", count: 11).joined(separator: "%20"), "q"),
            ]
            for (query, field) in refused {
                let response = try await world.callers.send(client, .get, "/api/v1/open-catalog?\(query)", as: nil)
                #expect(response.status == .badRequest, "\(query): \(response.text)")
                #expect(try response.decode(ErrorBody.self).error.field == field, "\(query): \(response.text)")
            }
        }
        try await world.registry.drop()
    }
}

/// A page of `GET /open-catalog` (`OpenCatalogPage`): its entries' codes, counts, paging and facets.
struct OpenCatalogPageBody: Decodable {
    struct Entry: Decodable {
        var itemCode: String
    }

    /// One value of a facet with the number of matches holding it.
    struct FacetCount: Decodable {
        var value: String
        var count: Int
    }

    var items: [Entry]
    var total: Int
    var limit: Int
    var offset: Int
    var nextCursor: String?
    /// Whether the body has a `next_cursor` member at all (`null` on the last page).
    var saysNextCursor: Bool
    /// The facets by their API names (`open_type`, `update_frequency` …).
    var facets: [String: [FacetCount]]

    /// The entries' item codes in order.
    var codes: [String] { items.map(\.itemCode) }

    enum CodingKeys: String, CodingKey {
        case items, total, limit, offset, nextCursor, facets
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decode([Entry].self, forKey: .items)
        total = try container.decode(Int.self, forKey: .total)
        limit = try container.decode(Int.self, forKey: .limit)
        offset = try container.decode(Int.self, forKey: .offset)
        nextCursor = try container.decodeIfPresent(String.self, forKey: .nextCursor)
        saysNextCursor = container.contains(.nextCursor)
        facets = try container.decode([String: [FacetCount]].self, forKey: .facets)
    }
}

/// The item a clerk has just added to a draft version: its stable id.
struct AddedItem: Decodable {
    var itemID: String
}

/// `GET /open-objections`: each objection's id and the item it concerns.
struct ObjectionList: Decodable {
    struct Objection: Decodable {
        var id: String
        var itemID: String
    }

    var objections: [Objection]
}
