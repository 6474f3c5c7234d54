import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RegistryCore
import Testing

@testable import RegistryWeb

/// The planners' and the assessment committee's pages (A26.1, A29.1, A39.1, A41.1, RP.1–RP.3) through the real router:
/// who may open each, another division's plan and assessment refused, the form token, refusals beside their field, the
/// whole path of a plan and of an adjusted, published assessment.
@Suite("Planning and assessment pages")
struct PlanningAndAssessmentPagesTests {
    static let hohhot = WebWorld.uscc("11150100MB0000107")
    static let baotou = WebWorld.uscc("11150200MB0000108")

    /// The web tests' world with 呼和浩特市数据局 (planner `planner`, reviewer `cityreviewer`), 包头市数据局 (planner
    /// `otherplanner`), 卫健委's published item 医疗机构名录 and an overdue catalog update obligation of 卫健委, and the
    /// 2026 scheme of 150100 computed as of 2026-08-31. Returns the item's and the assessment's ids.
    static func world() async throws -> (WebWorld, item: UUID, assessment: UUID) {
        let (world, item) = try await SharingPagesTests.world()
        let hash = try await WebWorld.passwordHash.value
        let assessment = try await world.database.write(AuditContext(role: "test", action: "fixture")) { connection in
            let people: [(String, String, String, String, Role)] = [
                (hohhot, "呼和浩特市数据局", "150100", "planner", .planner), (hohhot, "呼和浩特市数据局", "150100", "cityreviewer", .reviewer),
                (baotou, "包头市数据局", "150200", "otherplanner", .planner),
            ]
            for (uscc, name, division, login, role) in people {
                if try InstitutionStore().get(uscc: uscc, on: connection) == nil {
                    try InstitutionStore().create(
                        NewInstitution(uscc: uscc, name: name, divisionCode: division, kind: .publicDataAuthority),
                        on: connection
                    )
                }
                let (account, _) = try AccountStore().create(
                    NewAccount(role: role, displayName: "\(name)\(role.label)", institution: uscc),
                    on: connection
                )
                try SignInStore().setLogin(try Login(login), of: account.id, on: connection)
                _ = try SignInStore().setPassword(hash, of: account.id, on: connection)
            }
            let clerk = try AccountStore().actor(of: world.accounts["clerk"]!, requestID: nil, on: connection)
            let catalog = try CatalogStore().catalog(of: WebWorld.health, on: connection)!
            try CatalogStore().recordUpdateObligation(
                NewCatalogUpdateObligation(eventOn: CivilDate(iso: "2026-07-01")!, description: "机构职责调整"),
                for: catalog.id,
                on: connection
            )
            let store = AssessmentStore()
            let scheme = try store.createScheme(
                NewAssessmentScheme(year: 2026, weights: ["catalog_timeliness": 60, "catalog_completeness": 40]),
                division: "150100",
                on: connection
            )
            _ = try store.publishScheme(scheme.id, on: connection)
            return try store.compute(scheme.id, asOf: CivilDate(iso: "2026-08-31")!, on: connection).id
        }
        return (world, item, assessment)
    }

    @Test("A26.1: a planner drafts the year's plan, picks an item from the catalog, publishes, amends with a reason; progress and RP.2")
    func planPath() async throws {
        let (world, item, _) = try await Self.world()
        try await world.test { client in
            let planner = Browser(client)
            try await planner.signIn("planner")
            let list = try await planner.get("/plans?year=2026")
            #expect(list.text.contains("本年度尚未编制开放计划") && list.text.contains("开放计划"))
            try PageValidation.check(list.text, "plans")

            let blank = try await planner.post("/plans", ["year": "2026", "priorities": " "], from: "/plans")
            #expect(blank.status == .unprocessableContent)
            #expect(blank.text.contains("id=\"priorities-error\"") && blank.text.contains("第二十六条"))
            try PageValidation.check(blank.text, "plans refused")

            let created = try await planner.post("/plans", ["year": "2026", "priorities": "**民生**数据优先"], from: "/plans")
            #expect(created.status == .seeOther)
            let plan = created.headers[.location] ?? ""
            #expect(plan.hasPrefix("/plans/"))
            let editor = try await planner.get(plan + "?q=%E5%8C%BB%E7%96%97")
            #expect(editor.text.contains("医疗机构名录") && editor.text.contains("<strong>民生</strong>"))
            try PageValidation.check(editor.text, "plan editor")
            let picked = try await planner.get(plan + "?item=\(item.uuidString)")
            #expect(picked.text.contains("列入计划:医疗机构名录"))
            try PageValidation.check(picked.text, "plan editor, item picked")

            let outside = try await planner.post(
                plan + "/items",
                ["item_id": item.uuidString, "open_type": "conditional", "target_date": "2027-03-01"],
                from: plan
            )
            #expect(outside.status == .unprocessableContent)
            #expect(outside.text.contains("id=\"target_date-error\"") && outside.text.contains("计划开放日期须在计划年度之内"))
            let added = try await planner.post(
                plan + "/items",
                ["item_id": item.uuidString, "open_type": "conditional", "target_date": "2026-08-15", "livelihood": "true"],
                from: plan
            )
            #expect(added.headers[.location] == plan + "?done=added")
            let published = try await planner.post(plan + "/publish", [:], from: plan)
            #expect(published.headers[.location] == plan + "?done=published")
            let shown = try await planner.get(plan)
            #expect(shown.text.contains("已公布") && !shown.text.contains("公布开放计划</button>"))

            let progress = try await planner.get(plan + "/progress?as_of=2026-09-01")
            #expect(progress.text.contains("逾期未开放") && progress.text.contains("新城区卫生健康委员会") && progress.text.contains("<svg"))
            #expect(progress.text.contains("class=\"status-overdue\""))
            try PageValidation.check(progress.text, "plan progress")

            let noReason = try await planner.post("/plans", ["year": "2026", "priorities": "同上"], from: "/plans?year=2026")
            #expect(noReason.text.contains("id=\"amendment_note-error\""))
            let amended = try await planner.post(
                "/plans",
                ["year": "2026", "priorities": "同上", "amendment_note": "增加教育数据"],
                from: "/plans?year=2026"
            )
            #expect(amended.status == .seeOther && amended.headers[.location] != plan)
            let versions = try await planner.get("/plans?year=2026").text
            #expect(versions.contains("第 2 版") && versions.contains("增加教育数据") && versions.contains("继续编辑草稿"))

            let report = try await planner.get("/plans/report?year=2026")
            #expect(report.text.contains("医疗机构名录") && report.text.contains("下载 Markdown"))
            #expect(report.text.utf8.count < 100_000)
            try PageValidation.check(report.text, "open-plan report")
            let markdown = try await planner.get("/plans/report?year=2026&format=md")
            #expect(markdown.headers[.contentType] == "text/markdown; charset=utf-8")
            #expect(markdown.headers[.contentDisposition]?.contains("open-plan-2026-150100.md") == true)
            let html = try await planner.get("/plans/report?year=2026&format=html")
            #expect(html.text.hasPrefix("<!DOCTYPE html>"))

            let other = Browser(client)
            try await other.signIn("otherplanner")
            let draft = amended.headers[.location] ?? ""
            let foreign = try await other.get(draft)
            #expect(foreign.status == .forbidden && !foreign.text.contains("增加教育数据"), "another division's draft")
            let foreignPublish = try await other.post(draft + "/publish", [:], from: "/plans")
            #expect(foreignPublish.status == .forbidden)
        }
        #expect(try await world.auditActions().contains("open_plan.publish"))
        try await world.drop()
    }

    @Test("A39.1 / A41.1: sorting, drill-down, an adjustment with an inert remark, publication by the authority; RP.1 and RP.3")
    func assessmentPath() async throws {
        let (world, _, assessment) = try await Self.world()
        let path = "/assessments/\(assessment.uuidString.lowercased())"
        let score = path + "/score?institution=\(WebWorld.health)&indicator=catalog_timeliness"
        try await world.test { client in
            let committee = Browser(client)
            try await committee.signIn("committee")
            let list = try await committee.get("/assessments?year=2026")
            #expect(list.text.contains("呼和浩特市") && list.text.contains(path))
            try PageValidation.check(list.text, "assessments")
            let table = try await committee.get(path + "?sort=catalog_timeliness&order=asc")
            #expect(table.text.contains("aria-sort=\"ascending\"") && table.text.contains("新城区卫生健康委员会"))
            let rows = table.text.components(separatedBy: "<tr>").dropFirst(2).map { $0 }
            #expect(rows.first?.contains("新城区卫生健康委员会") == true, "the overdue obligation puts 卫健委 first when ascending")
            #expect(table.text.utf8.count < 100_000)
            let byRank = try await committee.get(path + "?page=99")
            #expect(byRank.status == .ok && byRank.text.contains("aria-sort=\"ascending\""), "by rank, first first; a page past the last is the last")
            #expect(byRank.text.contains("新城区卫生健康委员会"))
            try PageValidation.check(table.text, "assessment")

            let drill = try await committee.get(score)
            #expect(drill.text.contains("机构职责调整") && drill.text.contains("逾期未更新") && drill.text.contains("class=\"against\""))
            try PageValidation.check(drill.text, "score")
            let noRecords = try await committee.get(path + "/score?institution=\(WebWorld.health)&indicator=catalog_completeness")
            #expect(noRecords.text.contains("不逐条列出"))

            let remark = "<script>alert(1)</script> 见 [x](javascript:alert(1))"
            let form = ["institution": WebWorld.health, "indicator": "catalog_timeliness", "adjusted": "80", "remark": remark]
            var preview = form
            preview["action"] = "preview"
            let previewed = try await committee.post(path + "/score", preview, from: score)
            #expect(previewed.status == .ok && previewed.text.contains("调整说明预览"))
            #expect(previewed.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !previewed.text.contains("<script>"))
            #expect(!previewed.text.contains("href=\"javascript:"))
            try PageValidation.check(previewed.text, "score preview")
            var unexplained = form
            unexplained["remark"] = ""
            let refused = try await committee.post(path + "/score", unexplained, from: score)
            #expect(refused.status == .unprocessableContent && refused.text.contains("id=\"remark-error\"") && refused.text.contains("第四十一条"))
            let withoutToken = try await committee.post(path + "/score", form.merging(["csrf": "0"]) { $1 })
            #expect(withoutToken.status == .forbidden)
            let saved = try await committee.post(path + "/score", form, from: score)
            #expect(saved.status == .seeOther)
            let adjusted = try await committee.get(path)
            #expect(adjusted.text.contains("class=\"computed\"") && adjusted.text.contains("80.00"))
            #expect(!adjusted.text.contains("发布评估结果"), "the committee does not publish")

            let district = Browser(client)
            try await district.signIn("reviewer")
            let foreign = try await district.get(path)
            #expect(foreign.status == .forbidden && !foreign.text.contains("新城区卫生健康委员会"), "another division's unpublished assessment")
            let planner = Browser(client)
            try await planner.signIn("planner")
            #expect(try await planner.get(path).status == .forbidden, "a planner has no assessment pages")

            let authority = Browser(client)
            try await authority.signIn("cityreviewer")
            let published = try await authority.post(path + "/publish", [:], from: path)
            #expect(published.headers[.location] == path + "?done=published")
            let frozen = try await committee.post(path + "/score", form, from: score)
            #expect(frozen.status == .unprocessableContent && frozen.text.contains("已公布的评估结果不能修改"))

            let report = try await committee.get(path + "/report")
            #expect(report.text.contains("&lt;script&gt;") && !report.text.contains("<script>") && !report.text.contains("javascript:alert"))
            try PageValidation.check(report.text, "assessment report")
            let markdown = try await committee.get(path + "/report?format=md")
            #expect(markdown.headers[.contentDisposition]?.contains("assessment-2026-150100.md") == true)
            let compliance = try await committee.get("/compliance-report?as_of=2026-08-31&division=150100")
            #expect(compliance.status == .ok && compliance.text.contains("下载 CSV 附录"))
            try PageValidation.check(compliance.text, "compliance report")
            let csv = try await committee.get("/compliance-report?as_of=2026-08-31&division=150100&format=csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8" && csv.text.contains("机构职责调整"))
            let outsider = try await planner.get("/compliance-report?as_of=2026-08-31&division=150200")
            #expect(outsider.status == .forbidden)
        }
        let actions = try await world.auditActions()
        #expect(actions.contains("assessment.adjust") && actions.contains("assessment.publish"))
        try await world.drop()
    }

    @Test("the new pages: anonymous → sign-in; wrong role → 403 page; POST without the form token → 403")
    func access() async throws {
        let (world, _, assessment) = try await Self.world()
        let path = "/assessments/\(assessment.uuidString.lowercased())"
        try await world.test { client in
            let anonymous = Browser(client)
            for page in ["/plans", "/plans/report", path, "/assessments", "/compliance-report"] {
                let response = try await anonymous.get(page)
                #expect(response.status == .seeOther && response.headers[.location]?.hasPrefix("/sign-in") == true, "\(page)")
            }
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            for page in ["/plans", "/plans/report", path, "/assessments", "/compliance-report"] {
                let response = try await clerk.get(page)
                #expect(response.status == .forbidden, "\(page)")
                try PageValidation.check(response.text, "403 \(page)")
            }
            let planner = Browser(client)
            try await planner.signIn("planner")
            #expect(try await planner.post("/plans", ["year": "2026", "priorities": "x", "csrf": "0"]).status == .forbidden)
            let committee = Browser(client)
            try await committee.signIn("committee")
            #expect(try await committee.post(path + "/publish", ["csrf": "0"]).status == .forbidden)
            let navigation = try await planner.get("/workspace").text
            #expect(navigation.contains("href=\"/plans\"") && navigation.contains("href=\"/compliance-report\""))
        }
        try await world.drop()
    }
}
