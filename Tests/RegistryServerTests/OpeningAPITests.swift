import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RegistryCore
import Testing

/// Opening over HTTP (A26.1, A28.1–A28.3): the open catalog and published plans without an account; applications and
/// objections from a data user whose citizen number never appears unmasked in a response or the log (A13.1).
@Suite("Opening over HTTP: open catalog, plans, applications, objections (A26.1, A28.1–A28.3)")
struct OpeningAPITests {
    typealias World = CatalogAPITests.World

    static let citizenID = "11010519491231002X"

    /// The catalog world with 卫健委's items H-1 (open), R-1 (not open) and C-1 (open on conditions), a planner of
    /// 呼和浩特市 and the data user 张三.
    static func world() async throws -> World {
        let world = try await World.make()
        let tokens = try await world.registry.registry.write(AuditContext(role: "test", action: "fixture")) { connection in
            let planner = NewAccount(role: .planner, displayName: "计划编制员", institution: World.authorities["150100"])
            let citizen = NewAccount(
                role: .dataUser,
                displayName: "张三",
                dataUser: NewDataUser(kind: .naturalPerson, name: "张三", citizenID: citizenID)
            )
            return [
                "planner": try AccountStore().create(planner, on: connection).1.value,
                "citizen": try AccountStore().create(citizen, on: connection).1.value,
            ]
        }
        return World(registry: world.registry, callers: Callers(tokens: world.callers.tokens.merging(tokens) { $1 }))
    }

    static func publish(_ world: World, _ client: any TestClientProtocol) async throws -> [String: String] {
        let draft = try await world.openDraftOfNewCatalog(client, as: "healthClerk")
        let version = draft.id
        var ids: [String: String] = [:]
        let items = [
            ("H-1", World.item("H-1")),
            ("C-1", World.item("C-1", name: "医疗机构执业登记", ["open_type": "\"conditional\"", "open_conditions": "\"限科研用途\""])),
        ]
        for (code, body) in items {
            let item = try await world.call(
                client,
                .post,
                "/api/v1/catalog-versions/\(version)/items",
                as: "healthClerk",
                body,
                expect: .created,
                decoding: AddedItem.self
            )
            ids[code] = item.itemID
        }
        try await world.call(client, .post, "/api/v1/catalog-versions/\(version)/submit", as: "healthClerk", expect: .ok)
        try await world.call(client, .post, "/api/v1/catalog-versions/\(version)/approve", as: "xinchengReviewer", expect: .ok)
        return ids
    }

    @Test("A36.1 A26.1: open catalog and plans without an account; an objection suspends at once; applications answered; numbers masked")
    func routes() async throws {
        let world = try await Self.world()
        try await world.registry.test { client in
            let opening = OpeningRound(world: world, client: client)
            let ids = try await opening.publishItems()
            try await opening.publishOpenPlan(ids)
            try await opening.fileAndAnswerApplication(ids)
            try await opening.reportUse(ids)
            try await opening.objectAndRestore(ids)
        }
        #expect(!world.registry.log.text.contains(Self.citizenID))
        try await world.registry.drop()
    }
}

/// An open plan as anyone reads it: the status of each of its items.
private struct PlanBody: Decodable {
    struct Item: Decodable {
        var status: String
    }

    var items: [Item]
}

/// `GET /open-plans`, of which the tests count the plans in force.
private struct PlanList: Decodable {
    var plans: [Counted]
}

/// `GET /usage-feedback`: the item each piece of feedback is about.
private struct FeedbackList: Decodable {
    struct Feedback: Decodable {
        var itemCode: String
    }

    var feedback: [Feedback]
}

/// An open objection as its filer reads it: the feedback given on its decision.
private struct ObjectionBody: Decodable {
    var feedback: String?
}

/// The steps of `OpeningAPITests.routes`, in order: each takes what an earlier step returned.
private struct OpeningRound {
    typealias World = CatalogAPITests.World
    let world: World
    let client: any TestClientProtocol
    var c: Callers { world.callers }

    /// The codes the open catalog lists, read without an account.
    func codes() async throws -> [String] {
        let page = try await c.send(client, .get, "/api/v1/open-catalog", as: nil)
        #expect(page.status == .ok)
        return try page.decode(OpenCatalogPageBody.self).codes
    }
}

extension OpeningRound {
    /// H-1, R-1 and C-1 published; the open catalog lists the open ones. Returns the items' ids by code.
    func publishItems() async throws -> [String: String] {
        let ids = try await OpeningAPITests.publish(world, client)
        #expect(try await codes() == ["C-1", "H-1"])
        return ids
    }

    /// A26.1: a planner publishes; anyone reads. The item opened today, before the plan was published: already open.
    func publishOpenPlan(_ ids: [String: String]) async throws {
        let year = RegistryClock.fromEnvironment().today.year
        let plan = try await world.call(
            client,
            .post,
            "/api/v1/open-plans",
            as: "planner",
            #"{"year": \#(year), "priorities": "民生数据优先"}"#,
            expect: .created,
            decoding: Identified.self
        )
        let planID = plan.id
        try await c.expect(
            client,
            .put,
            "/api/v1/open-plans/\(planID)/items",
            #"{"item_id": "\#(ids["H-1"]!)", "open_type": "unconditional", "target_date": "\#(year)-12-31"}"#,
            [
                ("healthClerk", .forbidden), ("xinchengReviewer", .forbidden), ("planner", .ok),
            ]
        )
        try await c.expect(
            client,
            .get,
            "/api/v1/open-plans/\(planID)",
            nil,
            [(nil, .unauthorized), ("healthClerk", .forbidden), ("planner", .ok)]
        )
        try await world.call(client, .post, "/api/v1/open-plans/\(planID)/publish", as: "planner", expect: .ok)
        let published = try await c.send(client, .get, "/api/v1/open-plans/\(planID)?as_of=\(year)-12-31", as: nil)
        #expect(try published.decode(PlanBody.self).items.first?.status == "already_open")
        let inForce = try await c.send(client, .get, "/api/v1/open-plans?year=\(year)", as: nil)
        #expect(try inForce.decode(PlanList.self).plans.count == 1)
        let report = try await c.send(client, .get, "/api/v1/reports/open-plan?year=\(year)&division=150100&format=md", as: "citizen")
        #expect(report.text.hasPrefix("# 《\(year)年度公共数据开放计划》"), "\(report.text)")
        #expect(report.text.contains("| H-1 | 医疗机构名录 | 无条件开放 | \(year)-12-31 |  | 计划公布时已开放 |"), "\(report.text)")
        #expect(report.text.contains("- **计划公布时已开放**:1 项") && report.text.contains("- **需开放**:0 项"), "\(report.text)")
    }

    /// A28.2: an application names its missing field; the provider answers it; numbers are masked.
    func fileAndAnswerApplication(_ ids: [String: String]) async throws {
        let application = """
            {"item_id": "\(ids["C-1"]!)", "scenario": "医疗资源研究", "data_scope": "机构名称", "delivery_method": "接口调用",
             "time_limit": "2099-12-31", "security_measures": "专人专机"}
            """
        let missing = try await c.send(
            client,
            .post,
            "/api/v1/open-applications",
            as: "citizen",
            application.replacingOccurrences(of: "专人专机", with: " ")
        )
        #expect(missing.status == .unprocessableContent)
        #expect(try missing.decode(ErrorBody.self).error.field == "security_measures")
        try await c.expect(client, .post, "/api/v1/open-applications", application, [(nil, .unauthorized), ("healthClerk", .forbidden)])
        let filed = try await c.send(client, .post, "/api/v1/open-applications", as: "citizen", application)
        #expect(filed.status == .created)
        #expect(filed.text.contains("110105********002X") && !filed.text.contains(OpeningAPITests.citizenID))
        let applicationID = try filed.decode(Identified.self).id
        try await c.expect(
            client,
            .post,
            "/api/v1/open-applications/\(applicationID)/reply",
            #"{"approve": true, "approved_use": "研究", "approved_scope": "机构名称"}"#,
            [
                ("citizen", .forbidden), ("educationClerk", .forbidden), ("healthClerk", .ok),
            ]
        )
        let listed = try await c.send(client, .get, "/api/v1/open-applications", as: "healthClerk")
        #expect(!listed.text.contains(OpeningAPITests.citizenID) && listed.text.contains("110105********002X"))
    }

    /// A36.1: the data user reports its use; the provider and the authorities over it read the feedback.
    func reportUse(_ ids: [String: String]) async throws {
        let feedback = #"{"item_id": "\#(ids["C-1"]!)", "period": "2026年第三季度", "use_description": "医疗资源研究", "security_measures": "专人专机"}"#
        #expect(try await c.send(client, .post, "/api/v1/usage-feedback", as: "citizen", feedback).status == .created)
        try await c.expect(client, .get, "/api/v1/usage-feedback", nil, [(nil, .unauthorized), ("citizen", .forbidden), ("healthClerk", .ok)])
        let own = try await world.call(
            client,
            .get,
            "/api/v1/usage-feedback?item_id=\(ids["C-1"]!)",
            as: "healthClerk",
            expect: .ok,
            decoding: FeedbackList.self
        )
        #expect(own.feedback.map(\.itemCode) == ["C-1"])
        let other = try await world.call(client, .get, "/api/v1/usage-feedback", as: "educationClerk", expect: .ok, decoding: FeedbackList.self)
        #expect(other.feedback.isEmpty, "another institution's clerk sees none")
        let authority = try await c.send(client, .get, "/api/v1/usage-feedback?division=150100&from=2000-01-01&format=csv", as: "hohhotReviewer")
        #expect(authority.headers[.contentType] == "text/csv; charset=utf-8")
        #expect(authority.text.hasPrefix("\u{FEFF}提交日期,目录编码,数据名称,提供机构,数据利用主体,身份标识(已脱敏),使用期间,使用情况,安全保障措施\r\n"))
        #expect(
            authority.text.contains(",C-1,") && authority.text.contains("110105********002X") && !authority.text.contains(OpeningAPITests.citizenID)
        )
        let future = try await world.call(
            client,
            .get,
            "/api/v1/usage-feedback?from=2099-01-01",
            as: "committee",
            expect: .ok,
            decoding: FeedbackList.self
        )
        #expect(future.feedback.isEmpty)
    }

    /// A28.3: an objection takes the item out of the open catalog at once; a restore brings it back.
    func objectAndRestore(_ ids: [String: String]) async throws {
        let objection = try await c.send(
            client,
            .post,
            "/api/v1/open-objections",
            as: "citizen",
            #"{"item_id": "\#(ids["H-1"]!)", "harm": "privacy", "description": "含本人信息", "evidence": "截图"}"#
        )
        #expect(objection.status == .created)
        #expect(try await codes() == ["C-1"])
        let objectionID = try objection.decode(Identified.self).id
        try await c.expect(
            client,
            .post,
            "/api/v1/open-objections/\(objectionID)/decide",
            #"{"outcome": "restore", "verification_note": "不含个人信息", "feedback": "已恢复开放"}"#,
            [
                ("citizen", .forbidden), ("xinchengReviewer", .forbidden), ("healthClerk", .ok),
            ]
        )
        #expect(try await codes() == ["C-1", "H-1"])
        let seen = try await c.send(client, .get, "/api/v1/open-objections/\(objectionID)", as: "citizen")
        #expect(try seen.decode(ObjectionBody.self).feedback == "已恢复开放")
    }
}
