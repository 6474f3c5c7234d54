import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import RegistryServer
import TestSupport
import Testing

/// The catalog over HTTP (A9–A11, A21.1, A27.1): for every route, who may call it and who may not; a review round
/// trip across two levels; refusals that read the same from the API and from plain SQL and store nothing.
@Suite("The catalog over HTTP: who may call each route, review across levels, refusals (A10.1–A10.3, A11.1)")
struct CatalogAPITests {
    /// 新城区 (150102) with its authority, 卫健委 and 教育局; 回民区 (150103) with its authority; 呼和浩特市 (150100) and
    /// the region with theirs — and a token per caller.
    struct World: Sendable {
        static func uscc(_ first17: String) -> String { first17 + String(UnifiedSocialCreditCode.checkCharacter(for: first17)!) }
        static let health = uscc("12150102MB0000201")
        static let education = uscc("12150102MB0000202")
        static let authorities = [
            "150000": uscc("11150000MB0000203"), "150100": uscc("11150100MB0000204"), "150102": uscc("11150102MB0000205"),
            "150103": uscc("11150103MB0000206"),
        ]

        let registry: TestRegistry
        let callers: Callers

        static func make() async throws -> World {
            let registry = try await TestRegistry.make()
            let institutions =
                [
                    NewInstitution(uscc: health, name: "新城区卫生健康委员会", divisionCode: "150102", kind: .publicInstitution),
                    NewInstitution(uscc: education, name: "新城区教育局", divisionCode: "150102", kind: .publicInstitution),
                ] + authorities.map { NewInstitution(uscc: $1, name: "\($0)数据局", divisionCode: $0, kind: .publicDataAuthority) }
            let accounts: [(String, NewAccount)] = [
                ("healthClerk", NewAccount(role: .clerk, displayName: "卫健委登记员", institution: health)),
                ("educationClerk", NewAccount(role: .clerk, displayName: "教育局登记员", institution: education)),
                ("xinchengReviewer", NewAccount(role: .reviewer, displayName: "新城区审核员", institution: authorities["150102"])),
                ("huiminReviewer", NewAccount(role: .reviewer, displayName: "回民区审核员", institution: authorities["150103"])),
                ("hohhotReviewer", NewAccount(role: .reviewer, displayName: "呼和浩特审核员", institution: authorities["150100"])),
                ("regionReviewer", NewAccount(role: .reviewer, displayName: "自治区审核员", institution: authorities["150000"])),
                ("committee", NewAccount(role: .committee, displayName: "评估委员")),
                ("dataUser", NewAccount(role: .dataUser, displayName: "某协会", dataUser: NewDataUser(kind: .otherOrganisation, name: "某协会"))),
            ]
            let tokens = try await registry.registry.write(AuditContext(role: "test", action: "fixture")) { connection in
                for institution in institutions { try InstitutionStore().create(institution, on: connection) }
                var tokens = ["admin": registry.adminToken]
                for (name, account) in accounts { tokens[name] = try AccountStore().create(account, on: connection).1.value }
                return tokens
            }
            return World(registry: registry, callers: Callers(tokens: tokens))
        }

        /// A10.2 fields of an item of 卫健委 as JSON members; `overrides` replace or add members.
        static func fields(name: String = "医疗机构名录", _ overrides: [String: String] = [:]) -> String {
            var members: [String: String] = [
                "name": "\"\(name)\"", "data_form": "\"database_table\"",
                "data_items": #"[{"name": "机构名称", "type": "string"}, {"name": "执业范围", "type": "string"}]"#,
                "share_type": "\"unconditional\"", "share_scope": "\"全区政务部门\"", "open_type": "\"unconditional\"",
                "update_frequency": "\"monthly\"", "collecting_department": "\"新城区卫生健康委员会\"",
                "approving_department": "\"新城区卫生健康委员会\"", "providing_department": "\"新城区卫生健康委员会\"",
                "source_institution": "\"\(health)\"", "category_code": "\"livelihood.health\"", "grade": "\"general\"",
                "data_updated_on": "\"2026-10-31\"",
            ]
            members.merge(overrides) { $1 }
            return "{" + members.sorted { $0.key < $1.key }.map { "\"\($0)\": \($1)" }.joined(separator: ", ") + "}"
        }

        static func item(_ code: String, name: String = "医疗机构名录", _ overrides: [String: String] = [:]) -> String {
            fields(name: name, overrides.merging(["code": "\"\(code)\""]) { $1 })
        }

        /// Calls and expects a status, returning the response.
        @discardableResult
        func call(
            _ client: any TestClientProtocol,
            _ method: HTTPRequest.Method,
            _ uri: String,
            as caller: String,
            _ body: String? = nil,
            expect status: HTTPResponse.Status,
            sourceLocation: SourceLocation = #_sourceLocation
        ) async throws -> TestResponse {
            let response = try await callers.send(client, method, uri, as: caller, body)
            #expect(response.status == status, "\(method) \(uri) as \(caller): \(response.text)", sourceLocation: sourceLocation)
            return response
        }

        /// Calls and expects a status, returning the body decoded as `type`.
        func call<Body: Decodable>(
            _ client: any TestClientProtocol,
            _ method: HTTPRequest.Method,
            _ uri: String,
            as caller: String,
            _ body: String? = nil,
            expect status: HTTPResponse.Status,
            decoding type: Body.Type,
            sourceLocation: SourceLocation = #_sourceLocation
        ) async throws -> Body {
            let response = try await callers.send(client, method, uri, as: caller, body)
            #expect(response.status == status, "\(method) \(uri) as \(caller): \(response.text)", sourceLocation: sourceLocation)
            return try response.decode(Body.self)
        }

        /// A10.1: `caller` (a clerk) opens its institution's catalog.
        func openCatalog(_ client: any TestClientProtocol, as caller: String) async throws -> Identified {
            let body = #"{"kind": "institutional"}"#
            return try await call(client, .post, "/api/v1/catalogs", as: caller, body, expect: .created, decoding: Identified.self)
        }

        /// A10.1 / A10.3: `caller` opens its institution's catalog and a draft of it; returns the draft.
        func openDraftOfNewCatalog(_ client: any TestClientProtocol, as caller: String) async throws -> Identified {
            let catalog = try await openCatalog(client, as: caller)
            let uri = "/api/v1/catalogs/\(catalog.id)/versions"
            return try await call(client, .post, uri, as: caller, expect: .created, decoding: Identified.self)
        }

        /// The audit trail's length and the catalog's rows, to prove a refusal stored nothing.
        func snapshot() async throws -> String {
            try await registry.registry.read { connection in
                try connection.query(
                    """
                    select concat_ws(' ', (select count(*) from audit_log), (select count(*) from catalog),
                        (select count(*) from catalog_version), (select count(*) from catalog_item),
                        (select count(*) from catalog_item_revision), (select count(*) from catalog_update_obligation)) as state
                    """
                ).first!.decode("state", as: String.self)
            }
        }
    }

    @Test("every catalog route refuses the wrong callers and serves the right ones; a review round trip across two levels")
    func routesAndReview() async throws {
        let world = try await World.make()
        try await world.registry.test { client in
            let round = CatalogRoundTrip(world: world, client: client)
            let catalogID = try await round.openInstitutionCatalog()
            let draft = try await round.draftInstitutionCatalog(catalogID)
            try await round.readDraft(catalogID: catalogID, version: draft.v1, itemID: draft.itemID)
            try await round.submitInstitutionCatalog(draft.v1, itemURI: draft.itemURI)
            try await round.approveInstitutionCatalogAtItsLevel(draft.v1)
            try await round.readPublishedCatalog(itemID: draft.itemID)
            try await round.reviseAndDiffInstitutionCatalog(catalogID: catalogID, first: draft.v1, itemID: draft.itemID)
            try await round.discardUnsubmittedDraft(catalogID: catalogID)
            let level = try await round.compileAndSubmitLevelCatalog()
            try await round.returnAndResubmitLevelCatalog(level.catalog, version: level.lv)
            try await round.listCatalogs(own: catalogID)
        }
        try await world.registry.drop()
    }

    @Test("update obligations (A11.1): recorded by the keeper or the reviewing authority, due 15 working days later, listed by oversight")
    func updateObligations() async throws {
        let world = try await World.make()
        let c = world.callers
        try await world.registry.test { client in
            let catalog = try await world.openCatalog(client, as: "healthClerk")
            let uri = "/api/v1/catalogs/\(catalog.id)/update-obligations"
            let event = #"{"event_on": "2026-09-28", "description": "《医疗机构管理条例》修订", "legal_basis": "国务院令第 752 号"}"#
            try await c.expect(client, .post, uri, event, [("educationClerk", .forbidden), ("hohhotReviewer", .forbidden), ("dataUser", .forbidden)])
            let recorded = try await world.call(client, .post, uri, as: "xinchengReviewer", event, expect: .created, decoding: UpdateObligation.self)
            let due = try await world.registry.registry.read {
                try WorkingDayCalendarStore().dueDate(from: CivilDate(iso: "2026-09-28")!, workingDays: 15, on: $0)
            }
            #expect(recorded.updateDue == due.description)
            try await c.expect(client, .post, uri, #"{"event_on": "2026-10-09", "description": " "}"#, [("healthClerk", .unprocessableContent)])

            let list = "/api/v1/catalog-update-obligations"
            try await c.expect(client, .get, list, nil, [("dataUser", .forbidden), (nil, .unauthorized), ("healthClerk", .ok), ("committee", .ok)])
            try await c.expect(client, .get, "\(list)?division=150102", nil, [("huiminReviewer", .forbidden), ("hohhotReviewer", .ok)])
            let open = try await world.call(
                client,
                .get,
                "\(list)?overdue_on=\(due.adding(days: 1))",
                as: "hohhotReviewer",
                expect: .ok,
                decoding: ObligationList.self
            )
            #expect(open.obligations.count == 1)
            let notYet = try await world.call(
                client,
                .get,
                "\(list)?overdue_on=\(due)",
                as: "hohhotReviewer",
                expect: .ok,
                decoding: ObligationList.self
            )
            #expect(notYet.obligations.isEmpty)
            let others = try await world.call(client, .get, list, as: "educationClerk", expect: .ok, decoding: ObligationList.self)
            #expect(others.obligations.isEmpty)
        }
        try await world.registry.drop()
    }

    @Test(
        "a bad item is refused by the API and by a plain INSERT with the same rule, and changes nothing (A21.1, A27.1, A9.2)",
        arguments: [
            (
                "conditional sharing without a reason",
                ["share_type": "\"conditional\"", "share_conditions": "\"仅限公务\"", "share_legal_basis": "\"《个人信息保护法》\""],
                "catalog_item_restricted_share_needs_reason_a21_1"
            ),
            ("core data unconditionally open", ["grade": "\"core\""], "catalog_item_core_not_unconditionally_open_a9_2"),
            ("not open without its ground", ["open_type": "\"not_open\""], "catalog_item_not_open_needs_ground_a27_1"),
            ("an item without a grade", ["grade": "null"], "catalog_item_category_and_grade_a9_2"),
            (
                "conditional sharing without conditions",
                ["share_type": "\"conditional\"", "share_reason": "\"含个人信息\"", "share_legal_basis": "\"《个人信息保护法》\""],
                "catalog_item_conditional_share_needs_conditions_a21_1"
            ),
            (
                "not shared without a legal basis", ["share_type": "\"not_shared\"", "share_reason": "\"涉密\""],
                "catalog_item_restricted_share_needs_legal_basis_a21_1"
            ),
            ("conditional opening without conditions", ["open_type": "\"conditional\""], "catalog_item_conditional_open_needs_conditions_a27_1"),
            (
                "not open by law without naming the law", ["open_type": "\"not_open\"", "not_open_ground": "\"law\""],
                "catalog_item_not_open_law_named_a27_1"
            ),
        ]
    )
    func refusals(label: String, overrides: [String: String], constraint: String) async throws {
        let world = try await World.make()
        let rule = try #require(RuleCatalog.rule(forConstraint: constraint), "no rule named \(constraint)")
        try await world.registry.test { client in
            let draft = try await world.openDraftOfNewCatalog(client, as: "healthClerk")
            let versionID = draft.id
            let added = try await world.call(
                client,
                .post,
                "/api/v1/catalog-versions/\(versionID)/items",
                as: "healthClerk",
                World.item("OK-1"),
                expect: .created,
                decoding: AddedItem.self
            )
            let before = try await world.snapshot()

            let response = try await world.callers.send(
                client,
                .post,
                "/api/v1/catalog-versions/\(versionID)/items",
                as: "healthClerk",
                World.item("BAD-1", overrides)
            )
            #expect(response.status == .unprocessableContent, "\(label): \(response.text)")
            let viaAPI = try response.decode(ErrorBody.self).error
            #expect(viaAPI.message == rule.message && viaAPI.field == rule.field && viaAPI.article == rule.article)
            #expect(try await world.snapshot() == before, "the refused request left something behind")

            // The same fields through psql: a second revision of OK-1's row would be refused by the same constraint.
            let sql = try await Self.plainRefusal(world, item: added.itemID, version: versionID, overrides: overrides)
            #expect(sql?.constraint == constraint, "\(label): the database said \(String(describing: sql))")
            #expect(try await world.snapshot() == before)
        }
        try await world.registry.drop()
    }

    /// Updates OK-1's draft revision to the bad values as a plain statement would, and returns the database's refusal.
    static func plainRefusal(_ world: World, item: String, version: String, overrides: [String: String]) async throws -> PostgresError? {
        let assignments = overrides.map { column, value -> String in
            let literal = value == "null" ? "null" : "'" + value.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) + "'"
            return "\(column) = \(literal)"
        }.joined(separator: ", ")
        do {
            _ = try world.registry.database.withAdminConnection { connection in
                try connection.query(
                    "update catalog_item_revision set \(unescaped: assignments) where item_id = \(UUID(uuidString: item)!) and version_id = \(UUID(uuidString: version)!)"
                )
            }
            return nil
        } catch let error as PostgresError {
            return error
        }
    }
}

/// A catalog version as the review routes answer with it (`CatalogVersion`), as far as the catalog tests check it.
private struct VersionBody: Decodable {
    var id: String
    var state: String
    var submittedOn: String?
    var decisionDue: String?
    var returnReason: String?
}

/// `GET /catalog-reviews`: the versions waiting for the caller's review.
private struct VersionQueue: Decodable {
    var versions: [Identified]
}

/// A page of `GET /catalog-items`: each item's id, code, name and number of data items.
private struct ItemPage: Decodable {
    struct Item: Decodable {
        var id: String
        var code: String
        var name: String
        var dataItemCount: Int
        /// Never in a list: a summary carries neither the data items nor the item's fields.
        var dataItems: JSONText?
        var fields: JSONText?
    }

    var items: [Item]
}

/// `GET /catalog-items/{id}/history`, of which the tests count the revisions.
private struct RevisionHistory: Decodable {
    var revisions: [Counted]
}

/// `GET /catalogs/{id}/diff`: the items withdrawn and the fields changed between two versions.
private struct DiffBody: Decodable {
    struct Withdrawn: Decodable {
        var code: String
    }

    struct Changed: Decodable {
        var changedFields: [String]
    }

    var withdrawn: [Withdrawn]
    var changed: [Changed]
}

/// `POST /catalog-versions/{id}/compile`: the member versions a level catalog is compiled from.
private struct Compiled: Decodable {
    struct Member: Decodable {
        var versionNumber: Int
    }

    var members: [Member]
}

/// `GET /catalogs/{id}`: the catalog's versions, each with the kinds of its review events.
private struct CatalogOverview: Decodable {
    struct Version: Decodable {
        struct Event: Decodable {
            var kind: String
        }

        var events: [Event]
    }

    var versions: [Version]
}

/// `GET /catalogs`: the catalogs within the caller's oversight.
private struct CatalogList: Decodable {
    var catalogs: [Identified]
}

/// An update obligation recorded for a catalog (A11.1): when the update is due.
private struct UpdateObligation: Decodable {
    var updateDue: String
}

/// `GET /catalogs/{id}/update-obligations`, of which the tests count the obligations.
private struct ObligationList: Decodable {
    var obligations: [Counted]
}

/// The steps of `CatalogAPITests.routesAndReview`, in order: each takes what an earlier step returned.
private struct CatalogRoundTrip {
    typealias World = CatalogAPITests.World
    let world: World
    let client: any TestClientProtocol
    var c: Callers { world.callers }
}

extension CatalogRoundTrip {
    /// Opening an institutional catalog (A10.1): refused without a token, to a data user, to a reviewer and to another
    /// institution's clerk; created for 卫健委's clerk, once only. Returns the catalog's id.
    func openInstitutionCatalog() async throws -> String {
        try await c.expect(
            client,
            .post,
            "/api/v1/catalogs",
            #"{"kind": "institutional"}"#,
            [(nil, .unauthorized), ("dataUser", .forbidden), ("xinchengReviewer", .forbidden)]
        )
        try await c.expect(
            client,
            .post,
            "/api/v1/catalogs",
            #"{"kind": "institutional", "institution": "\#(World.health)"}"#,
            [("educationClerk", .forbidden)]
        )
        let catalog = try await world.openCatalog(client, as: "healthClerk")
        let catalogID = catalog.id
        try await c.expect(client, .post, "/api/v1/catalogs", #"{"kind": "institutional"}"#, [("healthClerk", .unprocessableContent)])
        return catalogID
    }

    /// A draft and its items (A10.2): only the institution's clerk opens the version, adds H-1 and H-2 and renames H-1.
    /// Returns the version, H-1's id and its URI in the draft.
    func draftInstitutionCatalog(_ catalogID: String) async throws -> (v1: String, itemID: String, itemURI: String) {
        try await c.expect(
            client,
            .post,
            "/api/v1/catalogs/\(catalogID)/versions",
            nil,
            [("educationClerk", .forbidden), ("xinchengReviewer", .forbidden)]
        )
        let draft = try await world.call(
            client,
            .post,
            "/api/v1/catalogs/\(catalogID)/versions",
            as: "healthClerk",
            #"{"note": "首次编制"}"#,
            expect: .created,
            decoding: Identified.self
        )
        let v1 = draft.id
        try await c.expect(
            client,
            .post,
            "/api/v1/catalog-versions/\(v1)/items",
            World.item("H-1"),
            [("educationClerk", .forbidden), ("xinchengReviewer", .forbidden), ("admin", .forbidden)]
        )
        let added = try await world.call(
            client,
            .post,
            "/api/v1/catalog-versions/\(v1)/items",
            as: "healthClerk",
            World.item("H-1"),
            expect: .created,
            decoding: AddedItem.self
        )
        let itemID = added.itemID
        try await world.call(
            client,
            .post,
            "/api/v1/catalog-versions/\(v1)/items",
            as: "healthClerk",
            World.item("H-2", name: "护士执业注册"),
            expect: .created
        )
        let itemURI = "/api/v1/catalog-versions/\(v1)/items/\(itemID)"
        try await c.expect(client, .put, itemURI, World.fields(name: "医疗机构名录(2026)"), [("educationClerk", .forbidden), ("healthClerk", .ok)])
        return (v1, itemID, itemURI)
    }

    /// Reading a draft: the keeper and the authorities over it, the committee, the admin — nobody else.
    func readDraft(catalogID: String, version v1: String, itemID: String) async throws {
        try await c.expect(
            client,
            .get,
            "/api/v1/catalog-versions/\(v1)",
            nil,
            [
                ("healthClerk", .ok), ("xinchengReviewer", .ok), ("hohhotReviewer", .ok), ("regionReviewer", .ok), ("committee", .ok),
                ("admin", .ok), ("educationClerk", .forbidden), ("huiminReviewer", .forbidden), ("dataUser", .forbidden), (nil, .unauthorized),
            ]
        )
        try await c.expect(
            client,
            .get,
            "/api/v1/catalogs/\(catalogID)",
            nil,
            [("healthClerk", .ok), ("educationClerk", .forbidden), ("dataUser", .forbidden)]
        )
        try await c.expect(client, .get, "/api/v1/catalog-items/\(itemID)", nil, [("healthClerk", .ok), ("dataUser", .forbidden)])
    }

    /// Submission (A11.1): only the keeper submits; the decision is due 5 working days after the day of submission, and
    /// a submitted draft no longer changes.
    func submitInstitutionCatalog(_ v1: String, itemURI: String) async throws {
        try await c.expect(
            client,
            .post,
            "/api/v1/catalog-versions/\(v1)/submit",
            nil,
            [("educationClerk", .forbidden), ("xinchengReviewer", .forbidden)]
        )
        let submitted = try await world.call(
            client,
            .post,
            "/api/v1/catalog-versions/\(v1)/submit",
            as: "healthClerk",
            expect: .ok,
            decoding: VersionBody.self
        )
        let submittedOn = try #require(submitted.submittedOn.flatMap { CivilDate(iso: $0) })
        let due = try await world.registry.registry.read { try WorkingDayCalendarStore().dueDate(from: submittedOn, workingDays: 5, on: $0) }
        #expect(submitted.decisionDue == due.description)
        try await c.expect(client, .put, itemURI, World.fields(), [("healthClerk", .unprocessableContent)])
    }

    /// The queue of the competent authority (新城区) only; the decision by a reviewer of the catalog's own level,
    /// nobody else (A10.3).
    func approveInstitutionCatalogAtItsLevel(_ v1: String) async throws {
        let queue = try await world.call(
            client,
            .get,
            "/api/v1/catalog-reviews",
            as: "xinchengReviewer",
            expect: .ok,
            decoding: VersionQueue.self
        )
        #expect(queue.versions.map(\.id) == [v1])
        let upper = try await world.call(client, .get, "/api/v1/catalog-reviews", as: "hohhotReviewer", expect: .ok, decoding: VersionQueue.self)
        #expect(upper.versions.isEmpty)
        try await c.expect(client, .get, "/api/v1/catalog-reviews", nil, [("healthClerk", .forbidden), ("committee", .forbidden)])

        // The decision: a reviewer of the catalog's own level, nobody else (A10.3).
        try await c.expect(
            client,
            .post,
            "/api/v1/catalog-versions/\(v1)/approve",
            nil,
            [
                ("healthClerk", .forbidden), ("huiminReviewer", .forbidden), ("hohhotReviewer", .forbidden), ("regionReviewer", .forbidden),
            ]
        )
        try await c.expect(client, .post, "/api/v1/catalog-versions/\(v1)/return", #"{"reason": "缺少数据项说明"}"#, [("hohhotReviewer", .forbidden)])
        try await world.call(client, .post, "/api/v1/catalog-versions/\(v1)/approve", as: "xinchengReviewer", expect: .ok)
    }

    /// The published catalog is open to every account; a list shows summaries, not the data items (A10.1).
    func readPublishedCatalog(itemID: String) async throws {
        let page = try await world.call(
            client,
            .get,
            "/api/v1/catalog-items?division=150100&q=%E5%8C%BB%E7%96%97",
            as: "dataUser",
            expect: .ok,
            decoding: ItemPage.self
        )
        #expect(page.items.map(\.code) == ["H-1"])
        // A list shows summaries: the name and how many data items, not the data items themselves (A10.1).
        let listed = page.items.first
        #expect(listed?.name == "医疗机构名录(2026)" && listed?.dataItemCount == 2)
        #expect(listed?.dataItems == nil && listed?.fields == nil)
        try await c.expect(client, .get, "/api/v1/catalog-items", nil, [(nil, .unauthorized), ("dataUser", .ok)])
        try await c.expect(client, .get, "/api/v1/catalog-items/\(itemID)", nil, [("dataUser", .ok), ("educationClerk", .ok)])
        let history = try await world.call(
            client,
            .get,
            "/api/v1/catalog-items/\(itemID)/history",
            as: "dataUser",
            expect: .ok,
            decoding: RevisionHistory.self
        )
        #expect(history.revisions.count == 1)
    }

    /// A second version: change, withdraw, discard; the diff between the two approved versions, for the authority only.
    func reviseAndDiffInstitutionCatalog(catalogID: String, first v1: String, itemID: String) async throws {
        let draft2 = try await world.call(
            client,
            .post,
            "/api/v1/catalogs/\(catalogID)/versions",
            as: "healthClerk",
            expect: .created,
            decoding: Identified.self
        )
        let v2 = draft2.id
        let h2 = try await world.call(
            client,
            .get,
            "/api/v1/catalog-items?institution=\(World.health)&limit=1&cursor=",
            as: "healthClerk",
            expect: .badRequest,
            decoding: ErrorBody.self
        )
        #expect(h2.error.field == "cursor")
        let all = try await world.call(
            client,
            .get,
            "/api/v1/catalog-items?institution=\(World.health)",
            as: "healthClerk",
            expect: .ok,
            decoding: ItemPage.self
        )
        let secondID = try #require(all.items.first { $0.code == "H-2" }).id
        try await c.expect(
            client,
            .post,
            "/api/v1/catalog-versions/\(v2)/items/\(secondID)/withdraw",
            nil,
            [("educationClerk", .forbidden), ("healthClerk", .ok)]
        )
        try await c.expect(
            client,
            .delete,
            "/api/v1/catalog-versions/\(v2)/items/\(secondID)",
            nil,
            [("educationClerk", .forbidden), ("healthClerk", .noContent)]
        )
        try await c.expect(client, .post, "/api/v1/catalog-versions/\(v2)/items/\(secondID)/withdraw", nil, [("healthClerk", .ok)])
        try await world.call(
            client,
            .put,
            "/api/v1/catalog-versions/\(v2)/items/\(itemID)",
            as: "healthClerk",
            World.fields(name: "医疗机构名录", ["share_scope": "\"全区\""]),
            expect: .ok
        )
        try await world.call(client, .post, "/api/v1/catalog-versions/\(v2)/submit", as: "healthClerk", expect: .ok)
        try await world.call(client, .post, "/api/v1/catalog-versions/\(v2)/approve", as: "xinchengReviewer", expect: .ok)
        let diffURI = "/api/v1/catalogs/\(catalogID)/diff?from=\(v1)&to=\(v2)"
        try await c.expect(client, .get, diffURI, nil, [("educationClerk", .forbidden), ("dataUser", .forbidden)])
        let diff = try await world.call(client, .get, diffURI, as: "xinchengReviewer", expect: .ok, decoding: DiffBody.self)
        #expect(diff.withdrawn.map(\.code) == ["H-2"])
        #expect(diff.changed.first?.changedFields == ["name", "share_scope"])
    }

    /// A draft never submitted may be discarded, by its keeper only.
    func discardUnsubmittedDraft(catalogID: String) async throws {
        let draft3 = try await world.call(
            client,
            .post,
            "/api/v1/catalogs/\(catalogID)/versions",
            as: "healthClerk",
            expect: .created,
            decoding: Identified.self
        )
        try await c.expect(
            client,
            .delete,
            "/api/v1/catalog-versions/\(draft3.id)",
            nil,
            [("educationClerk", .forbidden), ("healthClerk", .noContent)]
        )
    }

    /// The level catalog of 新城区 (A10.3): opened by 新城区's reviewer only, compiled from the approved institutional
    /// catalog (version 2), submitted. Returns the catalog and its version.
    func compileAndSubmitLevelCatalog() async throws -> (catalog: Identified, lv: String) {
        try await c.expect(
            client,
            .post,
            "/api/v1/catalogs",
            #"{"kind": "level", "division_code": "150102"}"#,
            [("hohhotReviewer", .forbidden), ("healthClerk", .forbidden)]
        )
        let level = try await world.call(
            client,
            .post,
            "/api/v1/catalogs",
            as: "xinchengReviewer",
            #"{"kind": "level"}"#,
            expect: .created,
            decoding: Identified.self
        )
        let levelDraft = try await world.call(
            client,
            .post,
            "/api/v1/catalogs/\(level.id)/versions",
            as: "xinchengReviewer",
            expect: .created,
            decoding: Identified.self
        )
        let lv = levelDraft.id
        try await c.expect(
            client,
            .post,
            "/api/v1/catalog-versions/\(lv)/compile",
            nil,
            [("hohhotReviewer", .forbidden), ("healthClerk", .forbidden)]
        )
        let members = try await world.call(
            client,
            .post,
            "/api/v1/catalog-versions/\(lv)/compile",
            as: "xinchengReviewer",
            expect: .ok,
            decoding: Compiled.self
        )
        #expect(members.members.map(\.versionNumber) == [2])
        try await world.call(client, .post, "/api/v1/catalog-versions/\(lv)/submit", as: "xinchengReviewer", expect: .ok)
        return (level, lv)
    }

    /// The level catalog reviewed by 呼和浩特市 (A10.3): returned with a reason (a blank one refused), reopened by its keeper,
    /// resubmitted, approved; its events in order.
    func returnAndResubmitLevelCatalog(_ level: Identified, version lv: String) async throws {
        try await c.expect(
            client,
            .post,
            "/api/v1/catalog-versions/\(lv)/approve",
            nil,
            [("xinchengReviewer", .forbidden), ("regionReviewer", .forbidden)]
        )
        try await c.expect(
            client,
            .post,
            "/api/v1/catalog-versions/\(lv)/return",
            #"{"reason": "  "}"#,
            [("hohhotReviewer", .unprocessableContent)]
        )
        let returned = try await world.call(
            client,
            .post,
            "/api/v1/catalog-versions/\(lv)/return",
            as: "hohhotReviewer",
            #"{"reason": "请补充卫健委目录说明"}"#,
            expect: .ok,
            decoding: VersionBody.self
        )
        #expect(returned.returnReason == "请补充卫健委目录说明")
        try await c.expect(
            client,
            .post,
            "/api/v1/catalog-versions/\(lv)/reopen",
            nil,
            [("hohhotReviewer", .forbidden), ("xinchengReviewer", .ok)]
        )
        try await world.call(client, .post, "/api/v1/catalog-versions/\(lv)/submit", as: "xinchengReviewer", expect: .ok)
        let approved = try await world.call(
            client,
            .post,
            "/api/v1/catalog-versions/\(lv)/approve",
            as: "hohhotReviewer",
            expect: .ok,
            decoding: VersionBody.self
        )
        #expect(approved.state == "approved")
        let overview = try await world.call(
            client,
            .get,
            "/api/v1/catalogs/\(level.id)",
            as: "regionReviewer",
            expect: .ok,
            decoding: CatalogOverview.self
        )
        let events = overview.versions.first?.events.map(\.kind)
        #expect(events == ["submitted", "returned", "reopened", "submitted", "approved"])
    }

    /// Listing catalogs: within the caller's oversight.
    func listCatalogs(own catalogID: String) async throws {
        let own = try await world.call(client, .get, "/api/v1/catalogs", as: "healthClerk", expect: .ok, decoding: CatalogList.self)
        #expect(own.catalogs.map(\.id) == [catalogID])
        try await c.expect(
            client,
            .get,
            "/api/v1/catalogs?division=150103",
            nil,
            [("xinchengReviewer", .forbidden), ("hohhotReviewer", .ok), ("dataUser", .forbidden)]
        )
    }
}
