import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import Testing

@testable import RegistryWeb

/// The authorities' case pages through the real router: reports of unlawful use (A46.1) investigated and concluded,
/// disputes (A47.1) coordinated, referred to the expert committee, recommended on and decided, the suspensions of data
/// users' access in force (A50.1) and the page that finds any data user and suspends its access, and the sharing risk
/// reviews (A35.2) — each refused to the wrong role, sent to sign-in when anonymous, hidden from another division's
/// authority, and refused without the form token.
@Suite("Supervision case pages")
struct SupervisionCasesPagesTests {
    /// The ids of the cases the world holds.
    struct Cases {
        var report: UUID
        var dispute: UUID
        var violation: UUID
    }

    /// The supervision world with a report of unlawful use against 卫健委, a dispute between 卫健委 and 教育局 brought to
    /// 新城区's authority, and the data user 李四 suspended from 医疗机构名录 until rectified by 2026-09-30.
    static func world() async throws -> (WebWorld, Cases) {
        let world = try await SupervisionPagesTests.world()
        let fixture = AuditContext(role: "test", action: "fixture")
        let (education, clerk, reviewer, item, dataUser) = try await world.database.write(fixture) { connection in
            let accounts = AccountStore()
            let (education, _) = try accounts.create(
                NewAccount(role: .clerk, displayName: "教育局举报人", institution: SharingPagesTests.education),
                on: connection
            )
            let (citizen, _) = try accounts.create(
                NewAccount(
                    role: .dataUser,
                    displayName: "李四",
                    dataUser: NewDataUser(kind: .naturalPerson, name: "李四", citizenID: DataUserPortalPagesTests.otherCitizen)
                ),
                on: connection
            )
            let item = try connection.query(
                "select i.id from catalog_item i join catalog_item_revision r on r.id = i.current_revision_id where r.name = '医疗机构名录'"
            ).first!.decode("id", as: UUID.self)
            return (
                try accounts.actor(of: education, requestID: nil, on: connection),
                try accounts.actor(of: world.accounts["clerk"]!, requestID: nil, on: connection),
                try accounts.actor(of: world.accounts["reviewer"]!, requestID: nil, on: connection), item, citizen.id
            )
        }
        let report = try await UnlawfulUseReportWorkflow(database: world.database).file(
            NewUnlawfulUseReport(description: "有人倒卖医疗机构名录", subjectInstitution: WebWorld.health),
            by: education
        )
        let dispute = try await DisputeWorkflow(database: world.database).file(
            NewDispute(subject: .sharing, description: "教育局申请共享学校卫生数据被拒", partyInstitutions: [WebWorld.health, SharingPagesTests.education]),
            by: clerk
        )
        let violation = try await ViolationWorkflow(database: world.database).record(
            NewViolation(
                subject: .dataUser,
                dataUserAccount: dataUser,
                itemID: item,
                clause: "A50(1)",
                description: "利用公共数据获取非法利益",
                foundOn: WebWorld.day,
                rectificationDue: CivilDate(iso: "2026-09-30")!
            ),
            by: reviewer
        )
        return (world, Cases(report: report.id, dispute: dispute.dispute.id, violation: violation.id))
    }

    @Test("A46.1: the authority investigates and concludes a report, the outcome required beside its field; the reporter never shown")
    func unlawfulUseReportPath() async throws {
        let (world, cases) = try await Self.world()
        let page = UnlawfulUseReportPage.path(of: cases.report)
        try await world.test { client in
            let reviewer = Browser(client)
            try await reviewer.signIn("reviewer")
            let list = try await reviewer.get(UnlawfulUseReportPagesController.list)
            #expect(list.text.contains("新城区卫生健康委员会") && list.text.contains("已受理 0 天") && list.text.contains("已受理"))
            try PageValidation.check(list.text, "unlawful use reports")
            let shown = try await reviewer.get(page)
            #expect(shown.text.contains("匿名举报人") && !shown.text.contains("教育局举报人") && shown.text.contains("第四十六条"))
            try PageValidation.check(shown.text, "unlawful use report")
            #expect(try await reviewer.post(page + "/investigate", ["note": "x", "csrf": "0"]).status == .forbidden)
            let investigating = try await reviewer.post(page + "/investigate", ["note": "已调取日志"], from: page)
            #expect(investigating.headers[.location] == page + "?done=investigating")
            let blank = try await reviewer.post(page + "/conclude", ["outcome": " "], from: page)
            #expect(blank.status == .unprocessableContent && blank.text.contains("id=\"outcome-error\"") && blank.text.contains("第四十六条"))
            try PageValidation.check(blank.text, "unlawful use report refused")
            let concluded = try await reviewer.post(page + "/conclude", ["outcome": "已责令停止并移送公安机关"], from: page)
            #expect(concluded.headers[.location] == page + "?done=concluded")
            let done = try await reviewer.get(page)
            #expect(done.text.contains("已办结") && done.text.contains("已责令停止并移送公安机关") && !done.text.contains("办结举报</button>"))

            let other = Browser(client)
            try await other.signIn("baotoureviewer")
            let foreign = try await other.get(page)
            #expect(foreign.status == .forbidden && !foreign.text.contains("倒卖医疗机构名录"), "another division's report")
            #expect(!(try await other.get(UnlawfulUseReportPagesController.list).text.contains("倒卖医疗机构名录")))
            #expect(try await other.post(page + "/conclude", ["outcome": "x"], from: UnlawfulUseReportPagesController.list).status == .forbidden)
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            #expect(try await clerk.get(UnlawfulUseReportPagesController.list).status == .forbidden)
            #expect(try await clerk.get(page).status == .forbidden)
            #expect(try await Browser(client).get(page).headers[.location]?.hasPrefix("/sign-in") == true)
        }
        let actions = try await world.auditActions()
        #expect(actions.contains("unlawful_use_report.investigate") && actions.contains("unlawful_use_report.conclude"))
        try await world.drop()
    }

    @Test("A47.1: the authority coordinates and refers a dispute, the committee records its recommendation, the authority decides")
    func disputePath() async throws {
        let (world, cases) = try await Self.world()
        let page = DisputePage.path(of: cases.dispute)
        try await world.test { client in
            let reviewer = Browser(client)
            try await reviewer.signIn("reviewer")
            let list = try await reviewer.get(DisputePagesController.list)
            #expect(list.text.contains("争议协调") && list.text.contains("新城区卫生健康委员会、新城区教育局") && list.text.contains("已提请 0 天"))
            try PageValidation.check(list.text, "disputes")
            try PageValidation.check(try await reviewer.get(page).text, "dispute")
            #expect(try await reviewer.post(page + "/coordinate", ["csrf": "0"]).status == .forbidden)
            #expect(try await reviewer.post(page + "/coordinate", ["note": "约谈双方"], from: page).headers[.location] == page + "?done=coordinating")
            let blank = try await reviewer.post(page + "/refer", ["referral_question": ""], from: page)
            #expect(blank.status == .unprocessableContent && blank.text.contains("id=\"referral_question-error\"") && blank.text.contains("第四十七条"))
            try PageValidation.check(blank.text, "dispute refused")
            #expect(try await reviewer.post(page + "/refer", ["referral_question": "学校卫生数据可否共享"], from: page).status == .seeOther)
            let waiting = try await reviewer.get(page)
            #expect(waiting.text.contains("已提交专家委员会") && !waiting.text.contains("作出决定</button>"), "the recommendation comes first")
            #expect(try await reviewer.post(page + "/recommend", ["recommendation": "x"], from: page).status == .forbidden)

            let committee = Browser(client)
            try await committee.signIn("committee")
            let asked = try await committee.get(page)
            #expect(asked.text.contains("记录专业建议</button>") && !asked.text.contains("作出决定</button>"))
            #expect(try await committee.get(DisputePagesController.list).text.contains("争议专业建议"))
            let recommended = try await committee.post(page + "/recommend", ["recommendation": "可按最小授权共享"], from: page)
            #expect(recommended.headers[.location] == page + "?done=recommended")
            #expect(try await committee.post(page + "/decide", ["decision": "x"], from: page).status == .forbidden)

            let decided = try await reviewer.post(page + "/decide", ["decision": "同意按最小授权共享"], from: page)
            #expect(decided.headers[.location] == page + "?done=decided")
            let done = try await reviewer.get(page)
            #expect(done.text.contains("已决定") && done.text.contains("专家委员会建议") && done.text.contains("可按最小授权共享"))
            try PageValidation.check(done.text, "dispute decided")

            let other = Browser(client)
            try await other.signIn("baotoureviewer")
            let foreign = try await other.get(page)
            #expect(foreign.status == .forbidden && !foreign.text.contains("学校卫生数据"), "another division's dispute")
            #expect(!(try await other.get(DisputePagesController.list).text.contains("学校卫生数据")))
            let planner = Browser(client)
            try await planner.signIn("planner")
            #expect(try await planner.get(DisputePagesController.list).status == .forbidden)
            #expect(try await Browser(client).get(DisputePagesController.list).headers[.location]?.hasPrefix("/sign-in") == true)
        }
        let actions = try await world.auditActions()
        #expect(["dispute.coordinate", "dispute.refer", "dispute.recommend", "dispute.decide"].allSatisfy(actions.contains))
        try await world.drop()
    }

    @Test("A50.1: the suspensions in force show why and until when, the person masked (A13.1); rectifying lifts them")
    func suspensions() async throws {
        let (world, cases) = try await Self.world()
        try await world.test { client in
            let reviewer = Browser(client)
            try await reviewer.signIn("reviewer")
            let list = try await reviewer.get(SupervisionPagesController.suspensions)
            #expect(list.text.contains("利用公共数据获取非法利益") && list.text.contains("医疗机构名录") && list.text.contains("整改期限 2026-09-30"))
            #expect(list.text.contains("自然人 150102") && !list.text.contains("李四") && !list.text.contains(DataUserPortalPagesTests.otherCitizen))
            #expect(list.text.contains("第五十条第(一)项"))
            try PageValidation.check(list.text, "suspensions")
            let violation = ViolationPage.path(of: cases.violation)
            #expect(list.text.contains(violation))
            #expect(
                try await reviewer.post(violation + "/close", ["decision": "rectified", "outcome": "已退还数据"], from: violation).status == .seeOther
            )
            #expect(try await reviewer.get(SupervisionPagesController.suspensions).text.contains("本地区没有正在暂停的获取权限"))

            let other = Browser(client)
            try await other.signIn("baotoureviewer")
            #expect(!(try await other.get(SupervisionPagesController.suspensions).text.contains("医疗机构名录")))
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            #expect(try await clerk.get(SupervisionPagesController.suspensions).status == .forbidden)
            #expect(try await Browser(client).get(SupervisionPagesController.suspensions).headers[.location]?.hasPrefix("/sign-in") == true)
        }
        try await world.drop()
    }

    @Test("A35.2: the authority records a sharing risk assessment, measures required beside their field when issues were found")
    func riskReviews() async throws {
        let (world, _) = try await Self.world()
        let path = SupervisionPagesController.riskReviews
        try await world.test { client in
            let reviewer = Browser(client)
            try await reviewer.signIn("reviewer")
            let empty = try await reviewer.get(path)
            #expect(empty.text.contains("还没有记录") && empty.text.contains("第三十五条"))
            try PageValidation.check(empty.text, "risk reviews")
            var form = [
                "kind": "risk_assessment", "institution": "", "checked_on": "2026-08-28", "findings": "接口鉴权完备", "issues_found": "2",
                "measures": "",
            ]
            let refused = try await reviewer.post(path, form, from: path)
            #expect(refused.status == .unprocessableContent && refused.text.contains("id=\"measures-error\"") && refused.text.contains("接口鉴权完备"))
            try PageValidation.check(refused.text, "risk review refused")
            #expect(
                try await reviewer.post(path, ["kind": "periodic_check", "checked_on": "2026-08-28", "findings": "x"], from: path).status
                    == .unprocessableContent
            )
            #expect(try await reviewer.post(path, form.merging(["csrf": "0"]) { $1 }).status == .forbidden)
            form["measures"] = "增加调用频率限制"
            #expect(try await reviewer.post(path, form, from: path).headers[.location] == path + "?done=recorded")
            form["institution"] = WebWorld.health
            form["kind"] = "security_review"
            #expect(try await reviewer.post(path, form, from: path).status == .seeOther)
            let listed = try await reviewer.get(path)
            #expect(listed.text.contains("共享风险评估") && listed.text.contains("安全审查") && listed.text.contains("新城区数据局"))
            #expect(listed.text.contains("新城区卫生健康委员会") && listed.text.contains("增加调用频率限制"))

            let other = Browser(client)
            try await other.signIn("baotoureviewer")
            #expect(!(try await other.get(path).text.contains("增加调用频率限制")), "another division's records")
            form["institution"] = WebWorld.health
            #expect(try await other.post(path, form, from: path).status == .forbidden, "another division's institution")
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            #expect(try await clerk.get(path).status == .forbidden)
            #expect(try await Browser(client).get(path).headers[.location]?.hasPrefix("/sign-in") == true)
        }
        #expect(try await world.auditActions().filter { $0 == "security_check.record" }.count == 2)
        try await world.drop()
    }

    @Test("A50.1: the region's authority records the violation of a data user named by a report; its access is suspended at once")
    func suspendReportedDataUser() async throws {
        let (world, _) = try await Self.world()
        let region = WebWorld.uscc("11150000MB0000109")
        let hash = try await WebWorld.passwordHash.value
        let report = try await world.database.write(AuditContext(role: "test", action: "fixture")) { connection in
            try InstitutionStore().create(
                NewInstitution(uscc: region, name: "自治区数据局", divisionCode: "150000", kind: .publicDataAuthority),
                on: connection
            )
            let (account, _) = try AccountStore().create(NewAccount(role: .reviewer, displayName: "自治区审核员", institution: region), on: connection)
            try SignInStore().setLogin(try Login("regionreviewer"), of: account.id, on: connection)
            _ = try SignInStore().setPassword(hash, of: account.id, on: connection)
            let citizen = try connection.query("select id from account where display_name = '李四'").first!.decode("id", as: UUID.self)
            return try UnlawfulUseReportStore().file(
                NewUnlawfulUseReport(description: "转售下载的开放数据", subjectDataUser: citizen, division: "150000"),
                reporter: world.accounts["clerk"]!.id,
                on: connection
            )
        }
        let page = UnlawfulUseReportPage.path(of: report.id)
        let form = "/supervision/violations/new?report=\(report.id.uuidString.lowercased())"
        try await world.test { client in
            let reviewer = Browser(client)
            try await reviewer.signIn("regionreviewer")
            let shown = try await reviewer.get(page)
            #expect(shown.text.contains("记录违规并暂停其获取权限") && shown.text.contains(form) && !shown.text.contains("李四"))
            let opened = try await reviewer.get(form)
            #expect(opened.text.contains("被举报的数据利用主体") && opened.text.contains("自然人 150102") && opened.text.contains("第五十条第(一)项"))
            #expect(!opened.text.contains("李四") && !opened.text.contains("第四十九条第"), "only the clauses of A50")
            try PageValidation.check(opened.text, "data user's violation form")
            var fields = [
                "report": report.id.uuidString.lowercased(), "subject": "data_user", "clause": "A50(2)", "description": " ",
                "found_on": "2026-09-01", "rectification_due": "2026-10-31",
            ]
            let blank = try await reviewer.post("/supervision/violations", fields, from: form)
            #expect(blank.status == .unprocessableContent && blank.text.contains("id=\"description-error\"") && blank.text.contains("自然人 150102"))
            try PageValidation.check(blank.text, "data user's violation refused")
            fields["description"] = "转售下载的开放数据"
            let recorded = try await reviewer.post("/supervision/violations", fields, from: form)
            #expect(recorded.status == .seeOther && recorded.headers[.location]?.hasSuffix("?done=recorded") == true)
            let suspensions = try await reviewer.get(SupervisionPagesController.suspensions)
            #expect(suspensions.text.contains("转售下载的开放数据") && suspensions.text.contains("第五十条第(二)项"))
            #expect(suspensions.text.contains("整改期限 2026-10-31") && !suspensions.text.contains("李四"))

            let city = Browser(client)
            try await city.signIn("reviewer")
            #expect(!(try await city.get(page).text.contains("记录违规并暂停其获取权限")))
            #expect(try await city.get(form).status == .forbidden, "another division's report")
        }
        try await world.drop()
    }

    @Test("A50.1: the authority finds any data user, masked (A13.1), and suspends its access; refusals cite 第五十条 beside the field")
    func suspendAnyDataUser() async throws {
        let (world, _) = try await Self.world()
        let item = try await world.database.read { connection in
            try connection.query(
                "select i.id from catalog_item i join catalog_item_revision r on r.id = i.current_revision_id where r.name = '医疗机构名录'"
            ).first!.decode("id", as: UUID.self).uuidString.lowercased()
        }
        let account = try await world.database.read { connection in
            try connection.query("select id from account where display_name = '李四'").first!.decode("id", as: UUID.self).uuidString.lowercased()
        }
        let path = SupervisionPagesController.suspensions
        let form = SuspendDataUserPage.path + "?account=" + account
        let recordedByFixture = try await world.auditActions().filter { $0 == "violation.record" }.count
        try await world.test { client in
            let reviewer = Browser(client)
            try await reviewer.signIn("reviewer")
            #expect(try await reviewer.get(path).text.contains(SuspendDataUserPage.path), "the list links to the page")
            let empty = try await reviewer.get(SupervisionPagesController.suspensions + "/new")
            #expect(empty.status == .ok && empty.text.contains("查找数据利用主体") && !empty.text.contains("没有找到"))
            try PageValidation.check(empty.text, "suspension search")
            let byName = try await reviewer.get(SuspendDataUserPage.path + "?q=%E6%9D%8E%E5%9B%9B")
            #expect(byName.text.contains("没有找到相符的数据利用主体"), "a natural person's name is never matched")
            for word in ["150102", DataUserPortalPagesTests.otherCitizen, "150102%2A%2A%2A%2A%2A%2A%2A%2A"] {
                let found = try await reviewer.get(SuspendDataUserPage.path + "?q=" + word)
                #expect(found.text.contains("自然人 150102") && found.text.contains(form) && found.text.contains("获取权限暂停中"), "\(word)")
                #expect(!found.text.contains("李四") && !found.text.contains(DataUserPortalPagesTests.otherCitizen), "masked (A13.1)")
                try PageValidation.check(found.text, "suspension search results")
            }
            let opened = try await reviewer.get(form)
            #expect(opened.text.contains("全部公共数据") && opened.text.contains("第五十条第(三)项") && !opened.text.contains("第四十九条第"))
            #expect(opened.text.contains("<option value=\"\(item)\">医疗机构名录"), "the data of the earlier violation, in the division")
            #expect(!opened.text.contains("李四") && !opened.text.contains(DataUserPortalPagesTests.otherCitizen))
            try PageValidation.check(opened.text, "suspension form")

            var fields = [
                "data_user_account": account, "item_id": item, "clause": "A50(3)", "description": " ", "found_on": "2026-09-01",
                "rectification_due": "2026-10-30",
            ]
            let blank = try await reviewer.post(path, fields, from: form)
            #expect(blank.status == .unprocessableContent && blank.text.contains("id=\"description-error\"") && blank.text.contains("第五十条"))
            #expect(blank.text.contains("value=\"2026-10-30\"") && blank.text.contains("自然人 150102"), "the form keeps what was typed")
            try PageValidation.check(blank.text, "suspension refused")
            fields["description"] = "超出协议约定范围使用医疗机构名录"
            let noClause = try await reviewer.post(path, fields.merging(["clause": ""]) { $1 }, from: form)
            #expect(noClause.status == .unprocessableContent && noClause.text.contains("id=\"clause-error\"") && noClause.text.contains("依据第五十条"))
            #expect(noClause.text.contains("超出协议约定范围使用医疗机构名录"))
            let early = try await reviewer.post(path, fields.merging(["rectification_due": "2026-08-01"]) { $1 }, from: form)
            #expect(early.status == .unprocessableContent && early.text.contains("id=\"rectification_due-error\"") && early.text.contains("第五十条"))
            #expect(try await reviewer.post(path, fields.merging(["csrf": "0"]) { $1 }).status == .forbidden)

            let recorded = try await reviewer.post(path, fields, from: form)
            let location = recorded.headers[.location] ?? ""
            #expect(recorded.status == .seeOther && location.hasSuffix("?done=suspended"))
            let shown = try await reviewer.get(location)
            #expect(shown.text.contains("已暂时关闭其获取相关公共数据的权限") && shown.text.contains("第五十条第(三)项") && shown.text.contains("自然人 150102"))
            let listed = try await reviewer.get(path)
            #expect(listed.text.contains("超出协议约定范围使用医疗机构名录") && listed.text.contains("整改期限 2026-10-30") && !listed.text.contains("李四"))

            let other = Browser(client)
            try await other.signIn("baotoureviewer")
            #expect(try await other.get(SuspendDataUserPage.path + "?q=150102").text.contains("自然人 150102"), "data users belong to no division")
            #expect(!(try await other.get(form).text.contains(item)), "another division's data is not offered")
            #expect(try await other.post(path, fields, from: form).status == .forbidden, "another division's data")
            #expect(try await other.post(path, fields.merging(["item_id": ""]) { $1 }, from: form).status == .forbidden, "all data: the region's")
            #expect(!(try await other.get(path).text.contains("超出协议约定范围使用医疗机构名录")))
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            #expect(try await clerk.get(form).status == .forbidden)
            #expect(try await clerk.post(path, fields, from: "/workspace").status == .forbidden)
            #expect(try await Browser(client).get(form).headers[.location]?.hasPrefix("/sign-in") == true)
        }
        let recorded = try await world.auditActions().filter { $0 == "violation.record" }.count
        #expect(recordedByFixture > 0 && recorded == 2 * recordedByFixture, "the page's audit rows are the workflow's, as the fixture's")
        try await world.drop()
    }
}
