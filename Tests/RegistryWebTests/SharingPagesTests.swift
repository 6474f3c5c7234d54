import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import Testing

@testable import RegistryWeb

/// The 共享 pages (A20.1, A20.2, A23.1–A23.4, A24.1) through the real router: who may open each, refusals beside their
/// field with the article, the whole path of a request and of a demand, the lists and their CSV.
@Suite("Sharing pages")
struct SharingPagesTests {
    static let education = WebWorld.uscc("12150102MB0000302")
    static let outsider = WebWorld.uscc("12150102MB0000403")

    /// The world of the web tests with 新城区教育局 (clerk `education`) and another bureau (clerk `outsider`), and
    /// 卫健委's published conditional item 医疗机构名录 with the data items 机构名称 and 执业范围; returns the item's id.
    static func world() async throws -> (WebWorld, UUID) {
        let world = try await WebWorld.make()
        let hash = try await WebWorld.passwordHash.value
        let item = try await world.database.write(AuditContext(role: "test", action: "fixture")) { connection in
            for (uscc, name, login) in [(education, "新城区教育局", "education"), (outsider, "新城区民政局", "outsider")] {
                try InstitutionStore().create(
                    NewInstitution(uscc: uscc, name: name, divisionCode: "150102", kind: .publicInstitution),
                    on: connection
                )
                let (account, _) = try AccountStore().create(NewAccount(role: .clerk, displayName: "\(name)登记员", institution: uscc), on: connection)
                try SignInStore().setLogin(try Login(login), of: account.id, on: connection)
                _ = try SignInStore().setPassword(hash, of: account.id, on: connection)
            }
            let accounts = AccountStore()
            let clerk = try accounts.actor(of: world.accounts["clerk"]!, requestID: nil, on: connection)
            let reviewer = try accounts.actor(of: world.accounts["reviewer"]!, requestID: nil, on: connection)
            let catalogs = CatalogStore()
            let catalog = try catalogs.openInstitutionalCatalog(of: WebWorld.health, on: connection)
            let draft = try catalogs.openDraft(of: catalog.id, on: connection)
            let revision = try catalogs.addItem(code: "R-1", fields: Self.fields, to: draft.id, on: connection)
            _ = try catalogs.submit(draft.id, on: connection)
            _ = try catalogs.approve(draft.id, reviewer: reviewer, on: connection)
            return revision.itemID
        }
        return (world, item)
    }

    static let fields = CatalogItemFields(
        name: "医疗机构名录",
        dataForm: .databaseTable,
        dataItems: [DataItem(name: "机构名称", type: .string), DataItem(name: "执业范围", type: .string)],
        shareType: .conditional,
        shareConditions: "仅限卫生健康管理",
        shareReason: "含个人健康信息",
        shareLegalBasis: "《个人信息保护法》第二十八条",
        shareScope: "全区政务部门",
        openType: .notOpen,
        notOpenGround: .privacy,
        updateFrequency: .monthly,
        collectingDepartment: "新城区卫生健康委员会",
        approvingDepartment: "新城区卫生健康委员会",
        providingDepartment: "新城区卫生健康委员会",
        sourceInstitution: WebWorld.health,
        categoryCode: "livelihood.health",
        grade: .important,
        dataUpdatedOn: CivilDate(iso: "2026-08-31")
    )

    static func requestForm(_ item: UUID, scenario: String = "辖区学校卫生监督", commitment: Bool = true) -> [String: String] {
        var form = [
            "item": item.uuidString, "scenario": scenario, "data_items[]": "机构名称", "mode": "interface", "end_date": "2026-12-31",
            "purpose": "use",
        ]
        if commitment { form["commitment"] = "true" }
        return form
    }

    /// The path a filing redirected to, without its notice.
    static func record(_ response: TestResponse) -> String {
        String((response.headers[.location] ?? "").split(separator: "?")[0])
    }

    @Test("a form sent twice (a double click) files one request: both answers are the same redirect")
    func doubleSubmitFilesOnce() async throws {
        let (world, item) = try await Self.world()
        try await world.test { client in
            let requester = Browser(client)
            try await requester.signIn("education")
            let form = "/sharing/requests/new?item=\(item.uuidString)"
            let html = try await requester.get(form).text
            let key = try #require(html.firstMatch(of: /name="form_key" value="([0-9a-f-]+)"/)).1
            var fields = Self.requestForm(item)
            fields["form_key"] = String(key)
            fields["csrf"] = try await requester.csrfToken(from: form)
            let first = try await requester.post("/sharing/requests", fields)
            let second = try await requester.post("/sharing/requests", fields)
            #expect(first.status == .seeOther && second.status == .seeOther)
            #expect(first.headers[.location] == second.headers[.location])
            fields["scenario"] = "另一场景"
            let changed = try await requester.post("/sharing/requests", fields)
            #expect(changed.status == .badRequest && changed.text.contains("此表单已提交过另一份内容"))
        }
        let requests = try await world.database.read { connection in
            try connection.query("select count(*)::int as n from share_request").first!.decode("n", as: Int.self)
        }
        #expect(requests == 1)
        try await world.drop()
    }

    @Test("a clerk finds an item, files a request; the source refuses without legal basis (第二十三条 beside the field), agrees, delivers")
    func requestPath() async throws {
        let (world, item) = try await Self.world()
        try await world.test { client in
            let requester = Browser(client)
            try await requester.signIn("education")
            let found = try await requester.get("/sharing/catalog?q=%E5%8C%BB%E7%96%97")
            #expect(found.text.contains("医疗机构名录") && found.text.contains("新城区卫生健康委员会"))
            try PageValidation.check(found.text, "catalog search")
            let tooLong = try await requester.get("/sharing/catalog?q=" + String(repeating: "a", count: 101))
            #expect(tooLong.status == .unprocessableContent && tooLong.text.contains("id=\"q-error\""))
            let form = "/sharing/requests/new?item=\(item.uuidString)"
            try PageValidation.check(try await requester.get(form).text, "request form")

            let uncommitted = try await requester.post("/sharing/requests", Self.requestForm(item, commitment: false), from: form)
            #expect(uncommitted.status == .unprocessableContent)
            #expect(uncommitted.text.contains("id=\"commitment-error\"") && uncommitted.text.contains("第二十条"))
            #expect(uncommitted.text.contains("辖区学校卫生监督"), "the input is kept")
            try PageValidation.check(uncommitted.text, "request refused")
            let filed = try await requester.post("/sharing/requests", Self.requestForm(item), from: form)
            #expect(filed.status == .seeOther)
            let page = Self.record(filed)
            #expect(try await requester.get(page).text.contains("已提交"))

            let source = Browser(client)
            try await source.signIn("clerk")
            let incoming = try await source.get("/sharing/requests").text
            #expect(incoming.contains("新城区教育局") && incoming.contains("剩 5 个工作日"))
            try PageValidation.check(incoming, "requests")
            let refused = try await source.post(
                "\(page)/reply",
                ["decision": "refuse", "refusal_reason": "涉及个人健康信息", "refusal_legal_basis": ""],
                from: page
            )
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("id=\"refusal_legal_basis-error\"") && refused.text.contains("第二十三条"))
            #expect(refused.text.contains("涉及个人健康信息"), "the reason typed is kept")
            try PageValidation.check(refused.text, "reply refused")
            let approved = try await source.post("\(page)/reply", ["decision": "approve", "approved_items[]": "机构名称"], from: page)
            #expect(approved.headers[.location] == "\(page)?done=approved")
            let delivered = try await source.post("\(page)/deliver", ["delivery_note": "接口已开通"], from: page)
            #expect(delivered.headers[.location] == "\(page)?done=delivered")
            let progress = try await requester.get(page).text
            #expect(progress.contains("已交付") && progress.contains("接口已开通"))
            #expect(!progress.contains("同意共享</button>"), "the requester cannot reply")
        }
        #expect(try await world.auditActions().contains("share_request.deliver"))
        try await world.drop()
    }

    @Test("A23.2: the requester's clerk withdraws a request from its page once confirmed; the source cannot; a late withdrawal is refused with 第二十三条")
    func requestWithdrawal() async throws {
        let (world, item) = try await Self.world()
        try await world.test { client in
            let requester = Browser(client)
            try await requester.signIn("education")
            let page = Self.record(try await requester.post("/sharing/requests", Self.requestForm(item), from: "/sharing/requests/new?item=\(item)"))
            let open = try await requester.get(page).text
            #expect(open.contains("撤回申请</button>") && open.contains("name=\"confirm_withdrawal\""))
            try PageValidation.check(open, "request with its withdrawal")

            let source = Browser(client)
            try await source.signIn("clerk")
            #expect(!(try await source.get(page).text.contains("撤回申请</button>")), "only the requester withdraws")
            let bySource = try await source.post("\(page)/withdraw", ["confirm_withdrawal": "true"], from: page)
            #expect(bySource.status == .forbidden)
            let unconfirmedBySource = try await source.post("\(page)/withdraw", [:], from: page)
            #expect(unconfirmedBySource.status == .forbidden)
            let outsider = Browser(client)
            try await outsider.signIn("outsider")
            let foreign = try await outsider.post("\(page)/withdraw", ["confirm_withdrawal": "true"], from: "/sharing/requests")
            #expect(foreign.status == .forbidden || foreign.status == .notFound)
            let noToken = try await requester.post("\(page)/withdraw", ["confirm_withdrawal": "true", "csrf": ""])
            #expect(noToken.status == .forbidden)

            let unconfirmed = try await requester.post("\(page)/withdraw", ["withdrawal_reason": "需求已取消"], from: page)
            #expect(unconfirmed.status == .unprocessableContent)
            #expect(unconfirmed.text.contains("id=\"confirm_withdrawal-error\"") && unconfirmed.text.contains("需求已取消"))
            try PageValidation.check(unconfirmed.text, "withdrawal unconfirmed")
            #expect(try await requester.get(page).text.contains("撤回申请</button>"), "nothing was withdrawn")

            let withdrawn = try await requester.post(
                "\(page)/withdraw",
                ["withdrawal_reason": "需求已取消", "confirm_withdrawal": "true"],
                from: page
            )
            #expect(withdrawn.headers[.location] == "\(page)?done=withdrawn")
            let after = try await requester.get("\(page)?done=withdrawn").text
            #expect(after.contains("已撤回,数源部门不再办理") && after.contains("需求已取消") && !after.contains("撤回申请</button>"))
            #expect(!(try await source.get(page).text.contains("同意共享</button>")), "the source no longer replies")
            let withdrawals = try await world.auditActions().filter { $0 == "share_request.withdraw" }.count
            #expect(withdrawals > 0)

            let late = try await requester.post("\(page)/withdraw", ["confirm_withdrawal": "true"], from: "/sharing/requests")
            #expect(late.status == .unprocessableContent)
            #expect(late.text.contains("当前状态不允许此操作") && late.text.contains("第二十三条"))
            try PageValidation.check(late.text, "late withdrawal")
            let withdrawalsAtEnd = try await world.auditActions().filter { $0 == "share_request.withdraw" }.count
            #expect(withdrawalsAtEnd == withdrawals, "refused withdrawals write no audit row")
        }
        try await world.drop()
    }

    @Test("anonymous → sign-in; wrong role → 403; another institution's request → 403 without its content; POST without token → 403")
    func access() async throws {
        let (world, item) = try await Self.world()
        try await world.test { client in
            let anonymous = Browser(client)
            for path in ["/sharing/requests", "/sharing/demands", "/sharing/reviews", "/sharing/lists/demand", "/sharing/catalog"] {
                let response = try await anonymous.get(path)
                #expect(response.status == .seeOther && response.headers[.location] == "/sign-in", "\(path)")
            }
            let requester = Browser(client)
            try await requester.signIn("education")
            let form = "/sharing/requests/new?item=\(item.uuidString)"
            let page = Self.record(try await requester.post("/sharing/requests", Self.requestForm(item, scenario: "仅本机构可见的场景"), from: form))
            let forbidden = try await requester.get("/sharing/reviews")
            #expect(forbidden.status == .forbidden)
            try PageValidation.check(forbidden.text, "403")
            let noToken = try await requester.post("/sharing/requests", Self.requestForm(item), csrf: "")
            #expect(noToken.status == .forbidden)

            let outsider = Browser(client)
            try await outsider.signIn("outsider")
            let foreign = try await outsider.get(page)
            #expect(foreign.status == .forbidden || foreign.status == .notFound)
            #expect(!foreign.text.contains("仅本机构可见的场景"))
            let reply = try await outsider.post("\(page)/reply", ["decision": "approve", "approved_items[]": "机构名称"], from: "/sharing/requests")
            #expect(reply.status == .forbidden || reply.status == .notFound)

            let reviewer = Browser(client)
            try await reviewer.signIn("reviewer")
            #expect(try await reviewer.get("/sharing/requests").status == .forbidden)
            #expect(try await reviewer.get("/sharing/demands/new").status == .forbidden)
            let committee = Browser(client)
            try await committee.signIn("committee")
            #expect(try await committee.get("/sharing/catalog").status == .forbidden)
        }
        try await world.drop()
    }

    @Test("a demand outside the catalog: filed, rejected without reason refused beside the field, forwarded, confirmed, delivered")
    func demandPath() async throws {
        let (world, _) = try await Self.world()
        try await world.test { client in
            let requester = Browser(client)
            try await requester.signIn("education")
            try PageValidation.check(try await requester.get("/sharing/demands/new").text, "demand form")
            let demand = [
                "data_wanted": "辖区托育机构名单", "data_items": "机构名称\n地址", "scenario": "托育机构卫生监督", "mode": "file",
                "end_date": "2026-12-31", "commitment": "true",
            ]
            let blank = try await requester.post("/sharing/demands", demand.merging(["scenario": " "]) { $1 }, from: "/sharing/demands/new")
            #expect(blank.status == .unprocessableContent && blank.text.contains("id=\"scenario-error\""))
            try PageValidation.check(blank.text, "demand refused")
            let page = Self.record(try await requester.post("/sharing/demands", demand, from: "/sharing/demands/new"))

            let reviewer = Browser(client)
            try await reviewer.signIn("reviewer")
            let queue = try await reviewer.get("/sharing/reviews").text
            #expect(queue.contains("辖区托育机构名单"))
            try PageValidation.check(queue, "review queue")
            let review = try await reviewer.get(page).text
            #expect(review.contains("新城区卫生健康委员会"), "the departments to name")
            try PageValidation.check(review, "demand review")
            let unreasoned = try await reviewer.post("\(page)/review", ["decision": "reject", "review_note": ""], from: page)
            #expect(unreasoned.status == .unprocessableContent && unreasoned.text.contains("id=\"review_note-error\""))
            #expect(unreasoned.text.contains("第二十四条"))
            let forwarded = try await reviewer.post("\(page)/review", ["decision": "forward", "source": WebWorld.health], from: page)
            #expect(forwarded.headers[.location] == "\(page)?done=forwarded")

            let source = Browser(client)
            try await source.signIn("clerk")
            let incoming = try await source.get("/sharing/demands").text
            #expect(incoming.contains("辖区托育机构名单") && incoming.contains("答复"))
            try PageValidation.check(incoming, "demands")
            try PageValidation.check(try await source.get(page).text, "demand reply")
            let confirmed = try await source.post("\(page)/reply", ["decision": "confirm", "delivery_date": ""], from: page)
            #expect(confirmed.headers[.location] == "\(page)?done=confirmed")
            let delivered = try await source.post("\(page)/deliver", ["delivery_note": ""], from: page)
            #expect(delivered.headers[.location] == "\(page)?done=delivered")
            #expect(try await requester.get(page).text.contains("已交付"))
        }
        try await world.drop()
    }

    @Test("the three lists as pages within the reader's oversight, and the API's CSV, formula-safe")
    func lists() async throws {
        let (world, item) = try await Self.world()
        try await world.test { client in
            let requester = Browser(client)
            try await requester.signIn("education")
            let form = "/sharing/requests/new?item=\(item.uuidString)"
            try await requester.post("/sharing/requests", Self.requestForm(item, scenario: "=HYPERLINK(\"x\")"), from: form)
            let list = try await requester.get("/sharing/lists/demand")
            #expect(list.text.contains("需求清单") && list.text.contains("医疗机构名录"))
            try PageValidation.check(list.text, "demand list")
            let csv = try await requester.get("/sharing/lists/demand/csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.hasPrefix("\u{FEFF}类别,编号"))
            #expect(csv.text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "a formula is defused")
            for list in ["responsibility", "negative"] {
                try PageValidation.check(try await requester.get("/sharing/lists/\(list)").text, "\(list) list")
            }
            #expect(try await requester.get("/sharing/lists/other").status == .notFound)
            let outsider = Browser(client)
            try await outsider.signIn("outsider")
            #expect(!(try await outsider.get("/sharing/lists/demand").text.contains("医疗机构名录")), "another institution's list")
        }
        try await world.drop()
    }
}
