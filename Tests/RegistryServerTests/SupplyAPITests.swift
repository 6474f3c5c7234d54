import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import RegistryServer
import Testing

/// One datum one source (A13.2, A13.3, A18.1), stale data (A16.1) and electronic licences (A18.2) over HTTP: for every route, who may and may not
/// call it, and the refusals the regulation demands.
@Suite("Supply over HTTP: sources, duplicate collection, base databases, stale items")
struct SupplyAPITests {
    static let regionAuthority = "11150000MB0000001F"
    static let regionHealth = "11150000MB0000003M"
    static let hohhotAuthority = "11150100MB0000001L"
    static let hohhotPolice = "11150100MB0000002P"
    static let hohhotHealth = "11150100MB0000003T"

    /// A registry with the region's and 呼和浩特市's authorities, two 呼和浩特市 institutions and one of the region,
    /// and a token for each actor the tests need.
    struct World {
        let registry: TestRegistry
        let tokens: [String: String]

        static func make() async throws -> World {
            let registry = try await TestRegistry.make()
            try await registry.registry.write(AuditContext(role: "test", action: "fixture")) { connection in
                for (uscc, name, division, kind) in [
                    (regionAuthority, "自治区政务服务与数据管理局", "150000", "public_data_authority"),
                    (regionHealth, "自治区卫生健康委员会", "150000", "public_institution"),
                    (hohhotAuthority, "呼和浩特市政务服务与数据管理局", "150100", "public_data_authority"),
                    (hohhotPolice, "呼和浩特市公安局", "150100", "public_institution"),
                    (hohhotHealth, "呼和浩特市卫生健康委员会", "150100", "public_institution"),
                ] {
                    try connection.query(
                        """
                        insert into institution (uscc, name, division_code, kind)
                        values (\(uscc), \(name), \(division), \(kind)::institution_kind)
                        """
                    )
                }
                try connection.query(
                    "insert into classification_scheme (code, name, kind, division_code) values ('api-test', '测试规则', 'region', '150000')"
                )
                try connection.query("insert into data_category (scheme_code, code, name) values ('api-test', 'c1', '测试类别')")
                try connection.query("insert into data_category (scheme_code, code, name) values ('api-test', 'licence', '电子证照')")
            }
            var tokens = ["admin": registry.adminToken]
            for (key, role, institution) in [
                ("healthClerk", Role.clerk, hohhotHealth), ("policeClerk", .clerk, hohhotPolice), ("regionClerk", .clerk, regionHealth),
                ("hohhotPlatformClerk", .clerk, hohhotAuthority), ("regionPlatformClerk", .clerk, regionAuthority),
                ("hohhotReviewer", .reviewer, hohhotAuthority), ("regionReviewer", .reviewer, regionAuthority),
                ("hohhotPlanner", .planner, hohhotAuthority), ("committee", .committee, nil), ("dataUser", .dataUser, nil),
            ] as [(String, Role, String?)] {
                let dataUser = role == .dataUser ? NewDataUser(kind: .otherOrganisation, name: "某研究会") : nil
                let account = NewAccount(role: role, displayName: key, institution: institution, dataUser: dataUser)
                tokens[key] = try await registry.registry.write(AuditContext(role: "test")) { try AccountStore().create(account, on: $0).1.value }
            }
            return World(registry: registry, tokens: tokens)
        }

        func drop() async throws {
            try await registry.drop()
        }

        /// Publishes an item in the institution's catalog (approved by the authority of its division) and returns its id.
        func publish(
            _ code: String,
            by institution: String,
            share: String = "unconditional",
            open: String = "unconditional",
            frequency: String = "monthly",
            updated: String? = nil,
            baseKind: String? = nil,
            category: String = "c1",
            approve: Bool = true
        ) async throws -> UUID {
            try await registry.registry.write(AuditContext(role: "test", action: "fixture.publish")) { connection in
                let catalog = try connection.query(
                    """
                    insert into catalog (kind, institution_uscc, division_code, name)
                    select 'institutional', uscc, division_code, name || '目录' from institution where uscc = \(institution)
                    on conflict (kind, institution_uscc) do update set name = excluded.name returning id
                    """
                ).first!.decode("id", as: UUID.self)
                let version = try connection.query("insert into catalog_version (catalog_id) values (\(catalog)) returning id")
                    .first!.decode("id", as: UUID.self)
                let item = try connection.query("insert into catalog_item (catalog_id, code) values (\(catalog), \(code)) returning id")
                    .first!.decode("id", as: UUID.self)
                try connection.query(
                    """
                    insert into catalog_item_revision (
                        item_id, version_id, name, data_form, data_items, share_type, share_conditions, share_reason,
                        share_legal_basis, share_scope, open_type, open_conditions, not_open_ground, update_frequency,
                        collecting_department, approving_department, providing_department, source_institution_uscc,
                        category_scheme, category_code, grade, base_data_kind_code, data_updated_on)
                    values (\(item), \(version), \(code), 'database_table', '[{"name": "字段", "type": "string"}]',
                            \(share)::share_type, '仅限履职使用', '涉及个人信息', '《个人信息保护法》', '全区',
                            \(open)::open_type, '限定用途', case when \(open) = 'not_open' then 'privacy'::not_open_ground end,
                            \(frequency)::update_frequency, '采集处', '核准处', '提供处', \(institution),
                            'api-test', \(category), 'general', \(baseKind), \(updated)::date)
                    """
                )
                if approve {
                    try connection.query("update catalog_version set state = 'submitted' where id = \(version)")
                    try connection.query(
                        """
                        update catalog_version v set state = 'approved', reviewer_institution = a.uscc
                          from catalog c, institution a
                         where v.id = \(version) and c.id = v.catalog_id and a.kind = 'public_data_authority'
                           and a.division_code = catalog_reviewing_division(c.id)
                        """
                    )
                }
                return item
            }
        }

        /// Sends a request as `actor` (a key of ``tokens``, or `nil` for no token) and returns status and body.
        func send(
            _ client: some TestClientProtocol,
            _ method: HTTPRequest.Method,
            _ uri: String,
            as actor: String?,
            body: String? = nil
        ) async throws -> (status: HTTPResponse.Status, text: String) {
            var headers: HTTPFields = .json
            if let actor { headers = .bearer(tokens[actor]!) }
            return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(json: $0) }) {
                ($0.status, $0.text)
            }
        }

        /// The rows a refused request must leave alone, and the audit trail's length.
        func snapshot() async throws -> String {
            try await registry.registry.read { connection in
                try connection.query(
                    """
                    select (select count(*) from audit_log)::text || ' ' || (select count(*) from base_data_source)::text || ' '
                           || (select count(*) from data_refresh)::text || ' ' || (select count(*) from it_project)::text || ' '
                           || (select count(*) from attribute_evaluation)::text || ' '
                           || (select count(*) from attribute_conversion)::text as state
                    """
                ).first!.decode("state", as: String.self)
            }
        }
    }

    static func error(_ text: String) throws -> ErrorBody.Detail {
        try JSONDecoder().decode(ErrorBody.self, from: Data(text.utf8)).error
    }

    @Test("GET /base-databases: anyone; the five base databases of A18 with their kinds")
    func baseDatabases() async throws {
        let world = try await World.make()
        try await world.registry.test { client async throws in
            let response = try await world.send(client, .get, "/api/v1/base-databases", as: nil)
            #expect(response.status == .ok)
            #expect(response.text.contains("\"code\":\"natural_person\""))
            #expect(response.text.contains("户籍登记数据"))
            #expect(response.text.contains("\"article_clause\":\"A13(一)\""))
        }
        try await world.drop()
    }

    @Test("POST /base-data-sources: own clerk or the division's reviewer; a competing claim is a listed conflict, refused naming the source")
    func claimSources() async throws {
        let world = try await World.make()
        let police = "{\"base_data_kind_code\": \"household_registration\", \"institution\": \"\(Self.hohhotPolice)\"}"
        let health = "{\"base_data_kind_code\": \"household_registration\", \"institution\": \"\(Self.hohhotHealth)\"}"
        try await world.registry.test { client async throws in
            #expect(try await world.send(client, .post, "/api/v1/base-data-sources", as: nil, body: police).status == .unauthorized)
            let before = try await world.snapshot()
            for actor in ["healthClerk", "regionReviewer", "hohhotPlanner", "committee", "admin", "dataUser"] {
                let response = try await world.send(client, .post, "/api/v1/base-data-sources", as: actor, body: police)
                #expect(response.status == .forbidden, "\(actor)")
            }
            #expect(try await world.snapshot() == before)
            let accepted = try await world.send(client, .post, "/api/v1/base-data-sources", as: "policeClerk", body: police)
            #expect(accepted.status == .created)
            #expect(accepted.text.contains("\"status\":\"accepted\""))

            let conflict = try await world.send(client, .post, "/api/v1/base-data-sources", as: "healthClerk", body: health)
            #expect(conflict.status == .unprocessableContent)
            let error = try Self.error(conflict.text)
            #expect(error.code == "rule_violation")
            #expect(error.article == "A13.2")
            #expect(error.message.contains("呼和浩特市公安局"))

            let listed = try await world.send(client, .get, "/api/v1/base-data-sources?status=conflict", as: "hohhotReviewer")
            #expect(listed.status == .ok)
            #expect(listed.text.contains("\"total\":1"))
            #expect(listed.text.contains("\"current_source\":\"\(Self.hohhotPolice)\""))

            let designated = try await world.send(
                client,
                .post,
                "/api/v1/base-data-sources",
                as: "hohhotReviewer",
                body: "{\"base_data_kind_code\": \"health\", \"institution\": \"\(Self.hohhotHealth)\"}"
            )
            #expect(designated.status == .created)
            let elsewhere = try await world.send(
                client,
                .post,
                "/api/v1/base-data-sources",
                as: "policeClerk",
                body: "{\"base_data_kind_code\": \"health\", \"institution\": \"\(Self.hohhotPolice)\", \"division_code\": \"150000\"}"
            )
            #expect(elsewhere.status == .unprocessableContent)
            #expect(try Self.error(elsewhere.text).field == "division_code")
        }
        try await world.drop()
    }

    @Test("GET /base-data-sources: any institution's staff, the committee and admins; not data users")
    func listSources() async throws {
        let world = try await World.make()
        try await world.registry.test { client async throws in
            #expect(try await world.send(client, .get, "/api/v1/base-data-sources", as: nil).status == .unauthorized)
            #expect(try await world.send(client, .get, "/api/v1/base-data-sources", as: "dataUser").status == .forbidden)
            for actor in ["healthClerk", "regionClerk", "hohhotReviewer", "hohhotPlanner", "committee", "admin"] {
                #expect(try await world.send(client, .get, "/api/v1/base-data-sources", as: actor).status == .ok, "\(actor)")
            }
            #expect(try await world.send(client, .get, "/api/v1/base-data-sources?status=maybe", as: "admin").status == .badRequest)
            #expect(try await world.send(client, .get, "/api/v1/base-data-sources?limit=501", as: "admin").status == .badRequest)
        }
        try await world.drop()
    }

    @Test("POST /base-data-sources/{id}/resolve: only the reviewer of the claim's division; accepting ends the previous source")
    func resolve() async throws {
        let world = try await World.make()
        try await world.registry.test { client async throws in
            _ = try await world.send(
                client,
                .post,
                "/api/v1/base-data-sources",
                as: "policeClerk",
                body: "{\"base_data_kind_code\": \"education\", \"institution\": \"\(Self.hohhotPolice)\"}"
            )
            _ = try await world.send(
                client,
                .post,
                "/api/v1/base-data-sources",
                as: "healthClerk",
                body: "{\"base_data_kind_code\": \"education\", \"institution\": \"\(Self.hohhotHealth)\"}"
            )
            let id = try await world.registry.registry.read { connection in
                try connection.query("select id from base_data_source where status = 'conflict'").first!.decode("id", as: UUID.self)
            }
            let uri = "/api/v1/base-data-sources/\(id.uuidString.lowercased())/resolve"
            let accept = "{\"decision\": \"accept\", \"note\": \"协调确认\"}"
            #expect(try await world.send(client, .post, uri, as: nil, body: accept).status == .unauthorized)
            let before = try await world.snapshot()
            for actor in ["healthClerk", "regionReviewer", "hohhotPlanner", "committee", "admin", "dataUser"] {
                #expect(try await world.send(client, .post, uri, as: actor, body: accept).status == .forbidden, "\(actor)")
            }
            #expect(try await world.snapshot() == before)
            #expect(
                try await world.send(client, .post, "/api/v1/base-data-sources/\(UUID())/resolve", as: "hohhotReviewer", body: accept).status
                    == .notFound
            )
            let resolved = try await world.send(client, .post, uri, as: "hohhotReviewer", body: accept)
            #expect(resolved.status == .ok)
            #expect(resolved.text.contains("\"status\":\"accepted\""))
            #expect(resolved.text.contains("\"current_source\":\"\(Self.hohhotHealth)\""))
            let again = try await world.send(client, .post, uri, as: "hohhotReviewer", body: accept)
            #expect(again.status == .unprocessableContent)
            let ended = try await world.send(client, .get, "/api/v1/base-data-sources?status=ended", as: "committee")
            #expect(ended.text.contains(Self.hohhotPolice))
        }
        try await world.drop()
    }

    @Test("GET /duplicate-collection: clerks see their institution's, reviewers their division's; data users none")
    func duplicateCollection() async throws {
        let world = try await World.make()
        try await world.registry.test { client async throws in
            _ = try await world.send(
                client,
                .post,
                "/api/v1/base-data-sources",
                as: "hohhotReviewer",
                body: "{\"base_data_kind_code\": \"household_registration\", \"institution\": \"\(Self.hohhotPolice)\"}"
            )
            _ = try await world.publish("HH-1", by: Self.hohhotHealth, baseKind: "household_registration")
            _ = try await world.publish("HP-1", by: Self.hohhotPolice, baseKind: "household_registration")
            #expect(try await world.send(client, .get, "/api/v1/duplicate-collection", as: nil).status == .unauthorized)
            #expect(try await world.send(client, .get, "/api/v1/duplicate-collection", as: "dataUser").status == .forbidden)
            #expect(
                try await world.send(client, .get, "/api/v1/duplicate-collection?institution=\(Self.hohhotHealth)", as: "policeClerk").status
                    == .forbidden
            )
            #expect(try await world.send(client, .get, "/api/v1/duplicate-collection?division=150000", as: "hohhotReviewer").status == .forbidden)
            for actor in ["healthClerk", "hohhotReviewer", "hohhotPlanner", "regionReviewer", "committee", "admin"] {
                let response = try await world.send(client, .get, "/api/v1/duplicate-collection", as: actor)
                #expect(response.status == .ok, "\(actor)")
                #expect(response.text.contains("\"item_code\":\"HH-1\""), "\(actor)")
                #expect(!response.text.contains("HP-1"))
            }
            let police = try await world.send(client, .get, "/api/v1/duplicate-collection", as: "policeClerk")
            #expect(police.text.contains("\"total\":0"))
            #expect(try await world.send(client, .get, "/api/v1/duplicate-collection?division=15", as: "admin").status == .badRequest)
        }
        try await world.drop()
    }

    @Test("GET /stale-items: as of a date, within what the caller oversees; data users none")
    func staleItems() async throws {
        let world = try await World.make()
        try await world.registry.test { client async throws in
            _ = try await world.publish("MO", by: Self.hohhotHealth, frequency: "monthly", updated: "2026-01-31")
            _ = try await world.publish("RG", by: Self.regionHealth, frequency: "yearly")
            #expect(try await world.send(client, .get, "/api/v1/stale-items", as: nil).status == .unauthorized)
            #expect(try await world.send(client, .get, "/api/v1/stale-items", as: "dataUser").status == .forbidden)
            #expect(
                try await world.send(client, .get, "/api/v1/stale-items?institution=\(Self.regionHealth)", as: "healthClerk").status == .forbidden
            )
            #expect(try await world.send(client, .get, "/api/v1/stale-items?as_of=2026-02-30", as: "committee").status == .badRequest)
            let current = try await world.send(client, .get, "/api/v1/stale-items?as_of=2026-02-28", as: "healthClerk")
            #expect(current.status == .ok)
            #expect(current.text.contains("\"total\":0"))
            let stale = try await world.send(client, .get, "/api/v1/stale-items?as_of=2026-03-01", as: "hohhotReviewer")
            #expect(stale.text.contains("\"item_code\":\"MO\""))
            #expect(stale.text.contains("\"update_due_on\":\"2026-02-28\""))
            #expect(!stale.text.contains("\"RG\""))
            let all = try await world.send(client, .get, "/api/v1/stale-items?as_of=2026-03-01&limit=1&offset=1", as: "committee")
            #expect(all.text.contains("\"total\":2"))
            #expect(all.text.contains("\"item_code\":\"MO\""))
            for actor in ["regionReviewer", "hohhotPlanner", "admin", "regionClerk"] {
                #expect(try await world.send(client, .get, "/api/v1/stale-items", as: actor).status == .ok, "\(actor)")
            }
        }
        try await world.drop()
    }

    @Test("POST /catalog-items/{id}/refreshes: only the item's clerk; a future date or an unpublished item is refused")
    func refreshes() async throws {
        let world = try await World.make()
        let item = try await world.publish("MO", by: Self.hohhotHealth, updated: "2026-01-31")
        let draft = try await world.publish("DR", by: Self.regionHealth, approve: false)
        let uri = "/api/v1/catalog-items/\(item.uuidString.lowercased())/refreshes"
        try await world.registry.test { client async throws in
            let body = "{\"refreshed_on\": \"2026-03-15\", \"note\": \"月度更新\"}"
            #expect(try await world.send(client, .post, uri, as: nil, body: body).status == .unauthorized)
            let before = try await world.snapshot()
            for actor in ["policeClerk", "regionClerk", "hohhotReviewer", "committee", "admin", "dataUser"] {
                #expect(try await world.send(client, .post, uri, as: actor, body: body).status == .forbidden, "\(actor)")
            }
            let future = try await world.send(client, .post, uri, as: "healthClerk", body: "{\"refreshed_on\": \"2099-01-01\"}")
            #expect(future.status == .unprocessableContent)
            #expect(try Self.error(future.text).article == "A16.1")
            let unpublished = try await world.send(
                client,
                .post,
                "/api/v1/catalog-items/\(draft.uuidString.lowercased())/refreshes",
                as: "regionClerk",
                body: "{}"
            )
            #expect(unpublished.status == .unprocessableContent)
            #expect(
                try await world.send(client, .post, "/api/v1/catalog-items/\(UUID())/refreshes", as: "healthClerk", body: "{}").status == .notFound
            )
            #expect(try await world.snapshot() == before)
            let recorded = try await world.send(client, .post, uri, as: "healthClerk", body: body)
            #expect(recorded.status == .created)
            #expect(recorded.text.contains("\"last_updated_on\":\"2026-03-15\""))
            #expect(recorded.text.contains("\"update_due_on\":\"2026-04-15\""))
        }
        try await world.drop()
    }

    @Test("A18.2: POST /catalog-items/{id}/licence-aggregations: only the licence item's clerk; a blank system or an ordinary item is refused")
    func licenceAggregations() async throws {
        let world = try await World.make()
        let licence = try await world.publish("LIC-1", by: Self.hohhotHealth, frequency: "weekly", category: "licence")
        let ordinary = try await world.publish("MED-1", by: Self.hohhotHealth)
        let path = "/api/v1/catalog-items/\(licence)/licence-aggregations"
        let body = #"{"licence_count": 42, "source_system": "呼和浩特市医师执业注册系统", "aggregated_at": "2026-01-05T02:00:00Z"}"#
        try await world.registry.test { client async throws in
            #expect(try await world.send(client, .post, path, as: nil, body: body).status == .unauthorized)
            let before = try await world.snapshot()
            for actor in ["policeClerk", "hohhotReviewer", "committee", "dataUser"] {
                #expect(try await world.send(client, .post, path, as: actor, body: body).status == .forbidden, "\(actor)")
            }
            let blank = try await world.send(client, .post, path, as: "healthClerk", body: #"{"licence_count": 1, "source_system": " "}"#)
            #expect(blank.status == .unprocessableContent)
            #expect(try Self.error(blank.text).field == "source_system" && Self.error(blank.text).article == "A18.2")
            let notLicence = try await world.send(
                client,
                .post,
                "/api/v1/catalog-items/\(ordinary)/licence-aggregations",
                as: "healthClerk",
                body: body
            )
            #expect(notLicence.status == .unprocessableContent)
            #expect(try Self.error(notLicence.text).field == "item_id" && Self.error(notLicence.text).article == "A18.2")
            #expect(try await world.snapshot() == before)

            let recorded = try await world.send(client, .post, path, as: "healthClerk", body: body)
            #expect(recorded.status == .created, "\(recorded.text)")
            #expect(recorded.text.contains("\"licence_count\":42") && recorded.text.contains("\"institution\":\"\(Self.hohhotHealth)\""))
            for actor in ["healthClerk", "hohhotReviewer", "regionReviewer", "committee"] {
                let listed = try await world.send(client, .get, path, as: actor)
                #expect(listed.status == .ok && listed.text.contains("呼和浩特市医师执业注册系统"), "\(actor)")
            }
            for actor in ["policeClerk", "dataUser"] {
                #expect(try await world.send(client, .get, path, as: actor).status == .forbidden, "\(actor)")
            }
        }
        try await world.drop()
    }
}
