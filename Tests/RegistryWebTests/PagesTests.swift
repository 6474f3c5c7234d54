import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import Testing

@testable import RegistryWeb

/// The password links, the 工作台 pages and their HTML.
@Suite("Web pages")
struct PagesTests {
    @Test("a password link is used once, within 72 hours; refusals are shown beside the field; the change is audited")
    func passwordSetup() async throws {
        let world = try await WebWorld.make()
        let clerk = world.accounts["clerk"]!.id
        let (first, second) = try await world.database.write(AuditContext(role: "cli", action: "account.reset_password")) { connection in
            let first = try SignInStore().resetPassword(of: try Login("clerk"), on: connection).token
            let second = try SignInStore().resetPassword(of: try Login("reviewer"), on: connection).token
            return (first, second)
        }
        try await world.test { client in
            let browser = Browser(client)
            let page = "/password/setup?token=\(first.value)"
            #expect(try await browser.get(page).text.contains("卫健委登记员"))
            let short = try await browser.post(
                "/password/setup",
                ["token": first.value, "password": "short", "password_repeated": "short"],
                from: page
            )
            #expect(short.status == .unprocessableContent)
            #expect(short.text.contains("id=\"password-error\"") && short.text.contains("至少需要 12 个字符"))
            let common = try await browser.post(
                "/password/setup",
                ["token": first.value, "password": "Password1234", "password_repeated": "Password1234"],
                from: page
            )
            #expect(common.text.contains("常见密码"))
            let new = "a-new-password-for-the-clerk"
            let set = try await browser.post("/password/setup", ["token": first.value, "password": new, "password_repeated": new], from: page)
            #expect(set.headers[.location] == "/sign-in?notice=password_set")
            #expect(try await browser.get(page).text.contains("此链接无法使用"))
            let again = try await browser.post(
                "/password/setup",
                ["token": first.value, "password": new, "password_repeated": new],
                from: "/sign-in"
            )
            #expect(again.status == .unprocessableContent)
            #expect(again.text.contains("第四十四条"), "the article of the refusing rule, as people know it")
            #expect(!again.text.contains("A44"))
            try await browser.signIn("clerk", password: new)

            world.at(9, 0, on: CivilDate(iso: "2026-09-04")!)
            #expect(try await browser.get("/password/setup?token=\(second.value)").text.contains("此链接无法使用"), "72 hours have passed")
        }
        let (changedAt, setups) = try await world.database.read { connection in
            let changed = try connection.query("select password_changed_at from account where id = \(clerk)").first!
            let used = try connection.query("select count(*) as n from password_setup where used_at is not null").first!
            return (try changed.decodeIfPresent("password_changed_at", as: Date.self), try used.decode("n", as: Int.self))
        }
        #expect(changedAt != nil)
        #expect(setups == 1)
        #expect(try await world.auditActions().contains("account.set_password"))
        let logged = try await world.database.read { connection in
            try connection.query("select count(*) as n from audit_log where after::text like '%$2b$%' or before::text like '%$2b$%'").first!
                .decode("n", as: Int.self)
        }
        #expect(logged == 0, "no password hash in the audit trail")
        try await world.drop()
    }

    @Test("the clerk's 工作台 lists the institution's due work, nearest first, overdue in red, provisional marked 暂定")
    func clerkWorkspace() async throws {
        let world = try await WebWorld.make()
        let clerk = try await world.database.read { try AccountStore().actor(of: world.accounts["clerk"]!, requestID: nil, on: $0) }
        try await world.database.write(AuditContext(role: "test", action: "fixture")) { connection in
            let catalog = try CatalogStore().openInstitutionalCatalog(of: WebWorld.health, on: connection)
            for (day, what) in [("2026-07-01", "机构职责调整"), ("2026-08-28", "法律依据修订"), ("2026-12-20", "新职责")] {
                try CatalogStore().recordUpdateObligation(
                    NewCatalogUpdateObligation(eventOn: CivilDate(iso: day)!, description: what),
                    for: catalog.id,
                    on: connection
                )
            }
        }
        try await world.test { client in
            let browser = Browser(client)
            try await browser.signIn("clerk")
            let html = try await browser.get("/workspace").text
            let order = ["机构职责调整", "法律依据修订", "新职责"].compactMap { html.range(of: $0)?.lowerBound }
            #expect(order.count == 3 && order == order.sorted(), "nearest deadline first")
            #expect(html.contains("<tr class=\"overdue\">") && html.contains("逾期"))
            #expect(html.contains("1 项已逾期"))
            #expect(html.contains("剩 "))
            #expect(html.contains("暂定"), "2027 is counted on the provisional calendar")
            try PageValidation.check(html, "clerk workspace")
        }
        try await world.drop()
    }

    @Test("every page is valid HTML in zh-CN with a label for every input")
    func validHTML() async throws {
        let world = try await WebWorld.make()
        let token = try await world.database.write(AuditContext(role: "cli", action: "account.reset_password")) {
            try SignInStore().resetPassword(of: try Login("committee"), on: $0).token
        }
        try await world.test(
            extra: { router in
                router.get("/admins-only") { _, context in
                    try context.require(.admin)
                    return "ok"
                }
            },
            { client in
                let anonymous = Browser(client)
                try PageValidation.check(try await anonymous.get("/sign-in").text, "sign-in")
                try PageValidation.check(try await anonymous.post("/sign-in", ["login": "x", "password": ""]).text, "sign-in refused")
                try PageValidation.check(try await anonymous.get("/password/setup?token=\(token.value)").text, "password setup")
                try PageValidation.check(try await anonymous.get("/password/setup?token=nothing").text, "password link refused")
                let refused = try await anonymous.post(
                    "/password/setup",
                    ["token": token.value, "password": "x", "password_repeated": "y"],
                    from: "/password/setup?token=\(token.value)"
                )
                try PageValidation.check(refused.text, "password setup refused")
                try PageValidation.check(try await anonymous.get("/nothing").text, "404")
                for login in ["clerk", "reviewer", "committee"] {
                    let browser = Browser(client)
                    try await browser.signIn(login)
                    try PageValidation.check(try await browser.get("/workspace").text, "\(login) workspace")
                    if login == "reviewer" {
                        let forbidden = try await browser.get("/admins-only")
                        #expect(forbidden.status == .forbidden)
                        try PageValidation.check(forbidden.text, "403")
                    }
                }
            }
        )
        try await world.drop()
    }

    @Test("the reviewer's 工作台 lists the queues; the header shows the reviewer and the institution")
    func reviewerWorkspace() async throws {
        let world = try await WebWorld.make()
        try await world.test { client in
            let browser = Browser(client)
            try await browser.signIn("reviewer")
            let html = try await browser.get("/workspace").text
            #expect(html.contains("待审核的目录版本") && html.contains("没有待审核的目录版本"))
            #expect(html.contains("待转办的目录外数据需求"))
            #expect(html.contains("新城区审核员") && html.contains("新城区数据局") && html.contains("主管部门审核员"))
            #expect(html.contains("aria-current=\"page\""))
        }
        try await world.drop()
    }

    @Test("articles read as people know them: A21.1 is 第二十一条")
    func articles() {
        #expect(ArticleName.of("A21.1") == "第二十一条")
        #expect(ArticleName.of("A10.3") == "第十条")
        #expect(ArticleName.of("A5.1") == "第五条")
        #expect(ArticleName.of("A44") == "第四十四条")
        #expect(ArticleName.of("A105.1") == "第一百零五条")
        #expect(ArticleName.of("A110.1") == "第一百一十条")
        #expect(ArticleName.of("W.2") == nil)
        #expect(ArticleName.of(nil) == nil)
    }

    @Test("a refusal is placed beside the field it names, else above the form, with its article")
    func formErrors() {
        let rule = RegistryError(.ruleViolation, "有条件共享须注明依据。", field: "legal_basis", article: "A21.1")
        let beside = FormErrors(rule, shownFields: ["legal_basis"])
        #expect(beside.fields["legal_basis"] == FieldError(rule))
        #expect(beside.fields["legal_basis"]?.article == "第二十一条")
        #expect(beside.summary == nil)
        let above = FormErrors(rule, shownFields: ["name"])
        #expect(above.summary?.message == "有条件共享须注明依据。")
        #expect(above.fields.isEmpty)
    }
}
