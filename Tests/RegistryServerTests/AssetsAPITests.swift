import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import RegistryServer
import Testing

/// The asset register over HTTP (A43.1): for every route, who may call it and who may not, and refusals that name
/// their rule and store nothing.
@Suite("Data assets over HTTP: who may call each route (A43.1)")
struct AssetsAPITests {
    /// A registry with institutions in 新城区 (150102, under 呼和浩特市 150100) and 东河区 (150202, under 包头市 150200),
    /// their catalogs, a classification scheme, and one token per caller.
    struct World: Sendable {
        static let holder = "12150102MB0000016Y"
        static let neighbour = "12150102MB00000172"
        static let baotouHolder = "12150202MB0000018A"

        let registry: TestRegistry
        /// Tokens by caller: clerk, neighbourClerk, baotouClerk, xinchengReviewer, hohhotReviewer, regionReviewer,
        /// baotouReviewer, planner, committee, dataUser, admin.
        let tokens: [String: String]
        let items: [String: UUID]

        static func make() async throws -> World {
            let registry = try await TestRegistry.make()
            let database = registry.registry
            let items = try await database.write(AuditContext(role: "test", action: "fixture")) { connection in
                try connection.query(
                    """
                    insert into institution (uscc, name, division_code, kind) values
                        ('11150000MB0000011G', '自治区政务服务与数据管理局', '150000', 'public_data_authority'),
                        ('11150100MB0000012Q', '呼和浩特市数据局', '150100', 'public_data_authority'),
                        ('11150200MB00000131', '包头市数据局', '150200', 'public_data_authority'),
                        ('11150102MB0000014U', '新城区数据局', '150102', 'public_data_authority'),
                        (\(holder), '新城区卫生健康委员会', '150102', 'public_institution'),
                        (\(neighbour), '新城区教育局', '150102', 'public_institution'),
                        (\(baotouHolder), '东河区卫生健康委员会', '150202', 'public_institution')
                    """
                )
                try connection.query(
                    "insert into classification_scheme (code, name, kind, division_code) values ('TEST-ASSETS', '资产测试分类', 'region', '150000')"
                )
                try connection.query("insert into data_category (scheme_code, code, name) values ('TEST-ASSETS', 'HEALTH', '卫生健康')")
                try connection.query(
                    """
                    insert into catalog (kind, institution_uscc, division_code, name) values
                        ('institutional', \(holder), '150102', '卫健委目录'), ('institutional', \(neighbour), '150102', '教育局目录')
                    """
                )
                let rows = try connection.query(
                    """
                    insert into catalog_item (catalog_id, code)
                    select c.id, v.code from (values (\(holder), 'A-001'), (\(holder), 'A-002'), (\(neighbour), 'B-001')) as v(uscc, code)
                      join catalog c on c.institution_uscc = v.uscc
                    returning id, code
                    """
                )
                return try Dictionary(uniqueKeysWithValues: rows.map { (try $0.decode("code", as: String.self), try $0.decode("id", as: UUID.self)) })
            }
            let accounts: [(String, NewAccount)] = [
                ("clerk", NewAccount(role: .clerk, displayName: "卫健委登记员", institution: holder)),
                ("neighbourClerk", NewAccount(role: .clerk, displayName: "教育局登记员", institution: neighbour)),
                ("baotouClerk", NewAccount(role: .clerk, displayName: "东河区登记员", institution: baotouHolder)),
                ("xinchengReviewer", NewAccount(role: .reviewer, displayName: "新城区审核员", institution: "11150102MB0000014U")),
                ("hohhotReviewer", NewAccount(role: .reviewer, displayName: "呼和浩特审核员", institution: "11150100MB0000012Q")),
                ("regionReviewer", NewAccount(role: .reviewer, displayName: "自治区审核员", institution: "11150000MB0000011G")),
                ("baotouReviewer", NewAccount(role: .reviewer, displayName: "包头审核员", institution: "11150200MB00000131")),
                ("planner", NewAccount(role: .planner, displayName: "计划编制", institution: "11150102MB0000014U")),
                ("committee", NewAccount(role: .committee, displayName: "评估委员")),
                ("dataUser", NewAccount(role: .dataUser, displayName: "某协会", dataUser: NewDataUser(kind: .otherOrganisation, name: "某协会"))),
            ]
            var tokens = ["admin": registry.adminToken]
            for (name, account) in accounts {
                tokens[name] = try await database.write(AuditContext(role: "test", action: "account.create")) {
                    try AccountStore().create(account, on: $0).1.value
                }
            }
            return World(registry: registry, tokens: tokens, items: items)
        }

        /// A JSON asset body; `items` by code.
        func body(name: String = "人口健康档案库", items: [String] = ["A-001"], extra: String = "") -> String {
            let ids = items.map { "\"\(self.items[$0]!.uuidString)\"" }.joined(separator: ", ")
            return """
                {"name": "\(name)", "description": "居民电子健康档案", "source_system": "全民健康信息平台",
                 "record_count": 1200, "volume_bytes": 4096, "category_scheme": "TEST-ASSETS", "category_code": "HEALTH",
                 "grade": "important", "catalog_items": [\(ids)]\(extra)}
                """
        }

        var callers: Callers { Callers(tokens: tokens) }

        /// Sends a request as `caller` (a key of ``tokens``; `nil` sends none).
        func send(
            _ client: any TestClientProtocol,
            _ method: HTTPRequest.Method,
            _ uri: String,
            as caller: String?,
            _ body: String? = nil
        ) async throws -> TestResponse {
            try await callers.send(client, method, uri, as: caller, body)
        }

        /// Expects each caller to get its status.
        func expect(
            _ client: any TestClientProtocol,
            _ method: HTTPRequest.Method,
            _ uri: String,
            _ body: String? = nil,
            _ cases: [(String?, HTTPResponse.Status)],
            sourceLocation: SourceLocation = #_sourceLocation
        ) async throws {
            try await callers.expect(client, method, uri, body, cases, sourceLocation: sourceLocation)
        }

        /// Registers an asset as the clerk and returns its id.
        func registered(_ client: any TestClientProtocol, name: String = "人口健康档案库") async throws -> String {
            let response = try await send(client, .post, "/api/v1/data-assets", as: "clerk", body(name: name))
            #expect(response.status == .created)
            return try response.decode(AssetDetailBody.self).asset.id
        }

        /// Rows in the asset tables and the audit trail.
        func counts() async throws -> [Int] {
            try await registry.registry.read { connection in
                try ["data_asset", "data_asset_catalog_item", "data_asset_change", "audit_log"].map { table in
                    try connection.query("select count(*) as n from \(unescaped: table)").first!.decode("n", as: Int.self)
                }
            }
        }
    }

    @Test("POST /data-assets: the holder's clerk registers; nobody else, and a refusal stores nothing")
    func registerRoute() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            let before = try await world.counts()
            let foreign = world.body(extra: ", \"holder\": \"\(World.neighbour)\"")
            try await world.expect(
                client,
                .post,
                "/api/v1/data-assets",
                world.body(),
                [
                    (nil, .unauthorized), ("admin", .forbidden), ("committee", .forbidden), ("dataUser", .forbidden),
                    ("planner", .forbidden), ("xinchengReviewer", .forbidden), ("regionReviewer", .forbidden),
                ]
            )
            try await world.expect(client, .post, "/api/v1/data-assets", foreign, [("clerk", .forbidden)])
            let blank = try await world.send(client, .post, "/api/v1/data-assets", as: "clerk", world.body(name: " "))
            #expect(blank.status == .unprocessableContent)
            let error = try blank.decode(ErrorBody.self).error
            #expect(error.code == "rule_violation")
            #expect(error.field == "name")
            #expect(error.article == "A43.1")
            let foreignItem = try await world.send(client, .post, "/api/v1/data-assets", as: "clerk", world.body(items: ["B-001"]))
            #expect(foreignItem.status == .unprocessableContent)
            #expect(try foreignItem.decode(ErrorBody.self).error.field == "catalog_items")
            let noGrade = try await world.send(
                client,
                .post,
                "/api/v1/data-assets",
                as: "clerk",
                world.body().replacingOccurrences(of: "\"grade\": \"important\", ", with: "")
            )
            #expect(noGrade.status == .unprocessableContent)
            #expect(try noGrade.decode(ErrorBody.self).error.article == "A9.2")
            let notJSON = try await world.send(client, .post, "/api/v1/data-assets", as: "clerk", "{\"name\": 5}")
            #expect(notJSON.status == .badRequest)
            #expect(try await world.counts() == before)

            let created = try await world.send(client, .post, "/api/v1/data-assets", as: "clerk", world.body())
            #expect(created.status == .created)
            let detail = try created.decode(AssetDetailBody.self)
            #expect(detail.asset.status == "registered")
            #expect(detail.asset.holder == World.holder)
            #expect(detail.asset.grade == "important")
            #expect(detail.catalogItems.first?.code == "A-001")
            #expect(detail.history.first?.action == "register")
        }
        try await world.registry.drop()
    }

    @Test("GET /data-assets: clerks see their institution's assets, reviewers their division and below")
    func listRoute() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            _ = try await world.registered(client)
            _ = try await world.registered(client, name: "疫苗接种记录")
            try await world.expect(
                client,
                .get,
                "/api/v1/data-assets",
                nil,
                [
                    (nil, .unauthorized), ("admin", .forbidden), ("committee", .forbidden), ("dataUser", .forbidden),
                    ("planner", .forbidden), ("clerk", .ok), ("neighbourClerk", .ok), ("xinchengReviewer", .ok),
                    ("hohhotReviewer", .ok), ("regionReviewer", .ok), ("baotouReviewer", .ok),
                ]
            )
            try await world.expect(
                client,
                .get,
                "/api/v1/data-assets?institution=\(World.neighbour)",
                nil,
                [
                    ("clerk", .forbidden), ("neighbourClerk", .ok), ("baotouReviewer", .forbidden), ("hohhotReviewer", .ok),
                ]
            )
            try await world.expect(
                client,
                .get,
                "/api/v1/data-assets?division=150100",
                nil,
                [
                    ("xinchengReviewer", .forbidden), ("baotouReviewer", .forbidden), ("hohhotReviewer", .ok), ("regionReviewer", .ok),
                ]
            )
            try await world.expect(client, .get, "/api/v1/data-assets?grade=secret", nil, [("clerk", .badRequest)])
            try await world.expect(client, .get, "/api/v1/data-assets?limit=0", nil, [("clerk", .badRequest)])
            try await world.expect(client, .get, "/api/v1/data-assets?cursor=x", nil, [("clerk", .badRequest)])

            func names(_ caller: String, _ query: String = "") async throws -> [String] {
                let response = try await world.send(client, .get, "/api/v1/data-assets\(query)", as: caller)
                return try response.decode(AssetPageBody.self).assets.map(\.name)
            }
            #expect(try await names("clerk") == ["疫苗接种记录", "人口健康档案库"])
            #expect(try await names("neighbourClerk").isEmpty)
            #expect(try await names("baotouReviewer").isEmpty)
            #expect(try await names("hohhotReviewer", "?q=%E7%96%AB%E8%8B%97") == ["疫苗接种记录"])
            let first = try await world.send(client, .get, "/api/v1/data-assets?limit=1", as: "regionReviewer").decode(AssetPageBody.self)
            let cursor = try #require(first.nextCursor)
            #expect(try await names("regionReviewer", "?limit=1&cursor=\(cursor)") == ["人口健康档案库"])
        }
        try await world.registry.drop()
    }

    @Test("GET /data-assets/{id} and /history: the holder's clerk and reviewers of its division or above")
    func readRoutes() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            let id = try await world.registered(client)
            for uri in ["/api/v1/data-assets/\(id)", "/api/v1/data-assets/\(id)/history"] {
                try await world.expect(
                    client,
                    .get,
                    uri,
                    nil,
                    [
                        (nil, .unauthorized), ("admin", .forbidden), ("committee", .forbidden), ("dataUser", .forbidden),
                        ("planner", .forbidden), ("neighbourClerk", .forbidden), ("baotouClerk", .forbidden),
                        ("baotouReviewer", .forbidden), ("clerk", .ok), ("xinchengReviewer", .ok), ("hohhotReviewer", .ok),
                        ("regionReviewer", .ok),
                    ]
                )
            }
            try await world.expect(client, .get, "/api/v1/data-assets/\(UUID().uuidString)", nil, [("clerk", .notFound)])
            try await world.expect(client, .get, "/api/v1/data-assets/not-a-uuid", nil, [("clerk", .badRequest)])
            let history = try await world.send(client, .get, "/api/v1/data-assets/\(id)/history", as: "clerk")
            let changes = try history.decode(AssetHistoryBody.self).changes
            #expect(changes.count == 1)
            #expect(changes.first?.actorName == "卫健委登记员")
        }
        try await world.registry.drop()
    }

    @Test("PUT /data-assets/{id}: only the holder's clerk changes an asset; the change is in its history")
    func changeRoute() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            let id = try await world.registered(client)
            let uri = "/api/v1/data-assets/\(id)"
            let changed = world.body(name: "居民健康档案库", items: ["A-001", "A-002"], extra: ", \"reason\": \"年度核对\"")
            let before = try await world.counts()
            try await world.expect(
                client,
                .put,
                uri,
                changed,
                [
                    (nil, .unauthorized), ("admin", .forbidden), ("committee", .forbidden), ("dataUser", .forbidden),
                    ("neighbourClerk", .forbidden), ("xinchengReviewer", .forbidden), ("hohhotReviewer", .forbidden),
                ]
            )
            try await world.expect(client, .put, uri, world.body(name: ""), [("clerk", .unprocessableContent)])
            try await world.expect(client, .put, "/api/v1/data-assets/\(UUID().uuidString)", changed, [("clerk", .notFound)])
            #expect(try await world.counts() == before)

            let response = try await world.send(client, .put, uri, as: "clerk", changed)
            #expect(response.status == .ok)
            let detail = try response.decode(AssetDetailBody.self)
            #expect(detail.asset.status == "changed")
            let change = try #require(detail.history.last)
            #expect(change.fields == ["catalog_items", "name", "status"])
            #expect(change.after?["catalog_items"] == "A-001, A-002")
            #expect(change.reason == "年度核对")
        }
        try await world.registry.drop()
    }

    @Test("POST /data-assets/{id}/retire: only the holder's clerk, once; POST …/restore: the authority of its division or above")
    func retireAndRestoreRoutes() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            let id = try await world.registered(client)
            let retire = "/api/v1/data-assets/\(id)/retire"
            let restore = "/api/v1/data-assets/\(id)/restore"
            try await world.expect(
                client,
                .post,
                retire,
                "{\"reason\": \"系统下线\"}",
                [
                    (nil, .unauthorized), ("admin", .forbidden), ("committee", .forbidden), ("neighbourClerk", .forbidden),
                    ("xinchengReviewer", .forbidden), ("regionReviewer", .forbidden),
                ]
            )
            try await world.expect(client, .post, restore, nil, [("hohhotReviewer", .unprocessableContent)])
            try await world.expect(client, .post, retire, "{\"reason\": \"系统下线\"}", [("clerk", .ok)])
            try await world.expect(client, .post, retire, nil, [("clerk", .unprocessableContent)])
            try await world.expect(client, .put, "/api/v1/data-assets/\(id)", world.body(), [("clerk", .unprocessableContent)])

            let before = try await world.counts()
            try await world.expect(
                client,
                .post,
                restore,
                nil,
                [
                    (nil, .unauthorized), ("admin", .forbidden), ("committee", .forbidden), ("clerk", .forbidden),
                    ("planner", .forbidden), ("baotouReviewer", .forbidden),
                ]
            )
            #expect(try await world.counts() == before)
            let restored = try await world.send(client, .post, restore, as: "hohhotReviewer")
            #expect(restored.status == .ok)
            let detail = try restored.decode(AssetDetailBody.self)
            #expect(detail.asset.status == "changed")
            #expect(detail.history.map(\.action) == ["register", "retire", "restore"])
        }
        try await world.registry.drop()
    }

    @Test("GET /divisions/{code}/asset-register: reviewers of that division's authority or one above it")
    func levelRegisterRoute() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            _ = try await world.registered(client)
            try await world.expect(
                client,
                .get,
                "/api/v1/divisions/150102/asset-register",
                nil,
                [
                    (nil, .unauthorized), ("admin", .forbidden), ("committee", .forbidden), ("dataUser", .forbidden),
                    ("planner", .forbidden), ("clerk", .forbidden), ("baotouReviewer", .forbidden), ("xinchengReviewer", .ok),
                    ("hohhotReviewer", .ok), ("regionReviewer", .ok),
                ]
            )
            try await world.expect(
                client,
                .get,
                "/api/v1/divisions/150100/asset-register",
                nil,
                [
                    ("xinchengReviewer", .forbidden), ("hohhotReviewer", .ok),
                ]
            )
            try await world.expect(client, .get, "/api/v1/divisions/150999/asset-register", nil, [("regionReviewer", .notFound)])
            try await world.expect(client, .get, "/api/v1/divisions/abc/asset-register", nil, [("regionReviewer", .badRequest)])

            let response = try await world.send(client, .get, "/api/v1/divisions/150100/asset-register", as: "hohhotReviewer")
            let register = try response.decode(AssetRegisterBody.self)
            #expect(register.lines.map(\.grade) == ["core", "important", "general"])
            #expect(register.lines.map(\.assetCount) == [0, 1, 0])
            #expect(register.total.recordCount == 1200)
            #expect(register.recentChanges.count == 1)
        }
        try await world.registry.drop()
    }
}

/// The fields of one history entry (`DataAssetChange`) that the asset tests check.
private struct AssetChangeBody: Decodable {
    var action: String
    var fields: [String]?
    /// The changed fields' values after the change, keyed by the API's field names (`catalog_items`).
    var after: [String: String?]?
    var reason: String?
    var actorName: String?
}

/// An asset with its linked catalog items and history (`DataAssetDetail`), as far as the asset tests check it.
private struct AssetDetailBody: Decodable {
    struct Asset: Decodable {
        var id: String
        var status: String
        var holder: String
        var grade: String
    }

    struct LinkedItem: Decodable {
        var code: String
    }

    var asset: Asset
    var catalogItems: [LinkedItem]
    var history: [AssetChangeBody]
}

/// A page of `GET /data-assets`: the assets' names and the cursor to the next page.
private struct AssetPageBody: Decodable {
    struct Asset: Decodable {
        var name: String
    }

    var assets: [Asset]
    var nextCursor: String?
}

/// `GET /data-assets/{id}/history`.
private struct AssetHistoryBody: Decodable {
    var changes: [AssetChangeBody]
}

/// `GET /divisions/{code}/asset-register` (`AssetLevelRegister`): its lines by grade, its total and its recent changes.
private struct AssetRegisterBody: Decodable {
    struct Line: Decodable {
        var grade: String
        var assetCount: Int
    }

    struct Total: Decodable {
        var recordCount: Int
    }

    var lines: [Line]
    var total: Total
    var recentChanges: [AssetChangeBody]
}
