import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import Testing

@testable import RegistryWeb

/// The authorities' supervision pages (A49.1–A51.1, RP.3) through the real router: violations recorded and closed by
/// the authority of their division, refused beside their field, hidden from another division's authority; the
/// compliance view filtered by article and institution.
@Suite("Supervision pages")
struct SupervisionPagesTests {
    /// The world of the planning tests with a reviewer of 包头市数据局 (`baotoureviewer`).
    static func world() async throws -> WebWorld {
        let (world, _, _) = try await PlanningAndAssessmentPagesTests.world()
        let hash = try await WebWorld.passwordHash.value
        try await world.database.write(AuditContext(role: "test", action: "fixture")) { connection in
            let (account, _) = try AccountStore().create(
                NewAccount(role: .reviewer, displayName: "包头市审核员", institution: PlanningAndAssessmentPagesTests.baotou),
                on: connection
            )
            try SignInStore().setLogin(try Login("baotoureviewer"), of: account.id, on: connection)
            _ = try SignInStore().setPassword(hash, of: account.id, on: connection)
        }
        return world
    }

    @Test("A49.1: a reviewer records a violation with its rectification deadline, refusals beside the field; closes it as rectified")
    func violationPath() async throws {
        let world = try await Self.world()
        try await world.test { client in
            let reviewer = Browser(client)
            try await reviewer.signIn("reviewer")
            let empty = try await reviewer.get("/supervision/violations")
            #expect(empty.text.contains("没有违规记录"))
            try PageValidation.check(empty.text, "violations")
            try PageValidation.check(try await reviewer.get("/supervision/violations/new").text, "violation form")
            var form = [
                "subject": "institution", "institution": WebWorld.health, "clause": "A49(2)", "description": " ", "found_on": "2026-08-20",
                "rectification_due": "2026-09-30",
            ]
            let refused = try await reviewer.post("/supervision/violations", form, from: "/supervision/violations/new")
            #expect(refused.status == .unprocessableContent && refused.text.contains("id=\"description-error\"") && refused.text.contains("第四十九条"))
            try PageValidation.check(refused.text, "violation refused")
            form["description"] = "未按规定期限更新目录"
            let recorded = try await reviewer.post("/supervision/violations", form, from: "/supervision/violations/new")
            let location = recorded.headers[.location] ?? ""
            #expect(recorded.status == .seeOther && location.hasSuffix("?done=recorded"))
            let page = String(location.split(separator: "?")[0])
            let shown = try await reviewer.get(location)
            #expect(shown.text.contains("责令整改中") && shown.text.contains("第四十九条第(二)项") && shown.text.contains("2026-09-30"))
            try PageValidation.check(shown.text, "violation")
            #expect(try await reviewer.get("/supervision/violations?state=open").text.contains("新城区卫生健康委员会"))

            let unexplained = try await reviewer.post(page + "/close", ["decision": "rectified", "outcome": ""], from: page)
            #expect(unexplained.status == .unprocessableContent && unexplained.text.contains("id=\"outcome-error\""))
            let early = try await reviewer.post(
                page + "/close",
                ["decision": "referred", "referred_to": "市监察委", "referral_outcome": "移送"],
                from: page
            )
            #expect(early.status == .unprocessableContent, "referral only after the deadline")

            let other = Browser(client)
            try await other.signIn("baotoureviewer")
            let foreign = try await other.get(page)
            #expect(foreign.status == .forbidden && !foreign.text.contains("未按规定期限更新目录"), "another division's violation")
            #expect(!(try await other.get("/supervision/violations").text.contains("未按规定期限更新目录")))
            #expect(
                try await other.post(page + "/close", ["decision": "rectified", "outcome": "x"], from: "/supervision/violations").status == .forbidden
            )

            let closed = try await reviewer.post(page + "/close", ["decision": "rectified", "outcome": "已补报目录更新"], from: page)
            #expect(closed.headers[.location] == page + "?done=closed")
            #expect(try await reviewer.get(page).text.contains("已整改"))
        }
        let actions = try await world.auditActions()
        #expect(actions.contains("violation.record") && actions.contains("violation.close"))
        try await world.drop()
    }

    @Test("RP.3: the compliance view lists the division's findings, filtered by article and institution; others' divisions refused")
    func complianceView() async throws {
        let world = try await Self.world()
        try await world.test { client in
            let reviewer = Browser(client)
            try await reviewer.signIn("reviewer")
            let all = try await reviewer.get("/supervision/compliance?as_of=2026-09-01")
            #expect(all.status == .ok && all.text.contains("机构职责调整") && all.text.contains("第十一条"))
            try PageValidation.check(all.text, "compliance view")
            let article = try await reviewer.get(
                "/supervision/compliance?as_of=2026-09-01&article=A11.1&institution=%E6%96%B0%E5%9F%8E%E5%8C%BA%E5%8D%AB%E7%94%9F%E5%81%A5%E5%BA%B7%E5%A7%94%E5%91%98%E4%BC%9A"
            )
            #expect(article.text.contains("机构职责调整"))
            let none = try await reviewer.get("/supervision/compliance?as_of=2026-09-01&article=A23.2")
            #expect(none.text.contains("没有符合条件的事项"))
            let other = Browser(client)
            try await other.signIn("baotoureviewer")
            let foreign = try await other.get("/supervision/compliance?as_of=2026-09-01&division=150102")
            #expect(foreign.status == .forbidden && !foreign.text.contains("机构职责调整"))

            let security = try await reviewer.get("/supervision/security")
            #expect(security.text.contains("新城区卫生健康委员会") && security.text.contains("未明确"), "A36.1")
            #expect(!security.text.contains("包头市数据局"), "only the division's institutions")
            try PageValidation.check(security.text, "security overview")

            let anonymous = Browser(client)
            for page in ["/supervision/compliance", "/supervision/violations", "/supervision/violations/new", "/supervision/security"] {
                #expect(try await anonymous.get(page).headers[.location]?.hasPrefix("/sign-in") == true, "\(page)")
            }
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            for page in ["/supervision/compliance", "/supervision/violations", "/supervision/violations/new", "/supervision/security"] {
                #expect(try await clerk.get(page).status == .forbidden, "\(page)")
            }
            #expect(try await reviewer.post("/supervision/violations", ["subject": "institution", "csrf": "0"]).status == .forbidden)
        }
        try await world.drop()
    }

    @Test("A45.1: the provider's clerk verifies and handles a report with feedback, refusals beside the field; the authority follows")
    func errorReportPath() async throws {
        let (world, item, _) = try await PlanningAndAssessmentPagesTests.world()
        let hash = try await WebWorld.passwordHash.value
        let report = try await world.database.write(AuditContext(role: "test", action: "fixture")) { connection in
            let (account, _) = try AccountStore().create(
                NewAccount(role: .reviewer, displayName: "包头市审核员", institution: PlanningAndAssessmentPagesTests.baotou),
                on: connection
            )
            try SignInStore().setLogin(try Login("baotoureviewer"), of: account.id, on: connection)
            _ = try SignInStore().setPassword(hash, of: account.id, on: connection)
            let education = try connection.query("select id from account where login = 'education'").first!.decode("id", as: UUID.self)
            return try ErrorReportStore().file(
                NewErrorReport(itemID: item, kind: .omission, description: "缺少执业地址"),
                reporter: education,
                on: connection
            )
        }
        let page = ErrorReportPage.path(of: report.id)
        try await world.test { client in
            let authority = Browser(client)
            try await authority.signIn("reviewer")
            let list = try await authority.get(ErrorReportPagesController.list)
            #expect(list.text.contains("纠错监督") && list.text.contains("医疗机构名录") && list.text.contains(report.handlingDue.iso))
            try PageValidation.check(list.text, "error reports (authority)")
            let followed = try await authority.get(page)
            #expect(followed.text.contains("缺少执业地址") && !followed.text.contains("开始核实</button>"), "the authority follows, the provider acts")
            #expect(try await authority.post(page + "/verify", [:], from: page).status == .forbidden)

            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            #expect(try await clerk.get(ErrorReportPagesController.list).text.contains("纠错办理"))
            let verified = try await clerk.post(page + "/verify", ["note": "已转业务科室"], from: page)
            #expect(verified.headers[.location] == page + "?done=verifying")
            let blank = try await clerk.post(page + "/close", ["decision": "handled", "feedback": ""], from: page)
            #expect(blank.status == .unprocessableContent && blank.text.contains("id=\"feedback-error\"") && blank.text.contains("第四十五条"))
            try PageValidation.check(blank.text, "error report refused")
            #expect(try await clerk.post(page + "/close", ["decision": "handled", "csrf": "0"]).status == .forbidden)
            let handled = try await clerk.post(page + "/close", ["decision": "handled", "feedback": "已补充执业地址"], from: page)
            #expect(handled.headers[.location] == page + "?done=handled")
            #expect(try await clerk.get(page).text.contains("已处理并反馈"))

            let other = Browser(client)
            try await other.signIn("baotoureviewer")
            let foreign = try await other.get(page)
            #expect(foreign.status == .forbidden && !foreign.text.contains("缺少执业地址"))
            #expect(!(try await other.get(ErrorReportPagesController.list).text.contains("缺少执业地址")))
            let planner = Browser(client)
            try await planner.signIn("planner")
            #expect(try await planner.get(ErrorReportPagesController.list).status == .forbidden)
            #expect(try await Browser(client).get(page).headers[.location]?.hasPrefix("/sign-in") == true)
        }
        let actions = try await world.auditActions()
        #expect(actions.contains("error_report.verify") && actions.contains("error_report.handle"))
        try await world.drop()
    }
}
