import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RegistryCore
import Testing

@testable import RegistryWeb

/// The administrator's pages through the real router: accounts with their sessions, disabling one ends its sessions, a
/// new password link shown once; the calendar's status (W.3).
@Suite("Admin pages")
struct AdminPagesTests {
    @Test("an admin finds an account, sees its session, gives a new password link and disables it: the clerk's session ends")
    func accounts() async throws {
        let world = try await WebWorld.make()
        let clerkID = world.accounts["clerk"]!.id
        let page = "/admin/accounts/\(clerkID.uuidString.lowercased())"
        try await world.test { client in
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            #expect(try await clerk.get("/admin/accounts").status == .forbidden)
            #expect(try await Browser(client).get("/admin/accounts").headers[.location]?.hasPrefix("/sign-in") == true)

            let admin = Browser(client)
            try await admin.signIn("admin")
            let list = try await admin.get("/admin/accounts?q=%E5%8D%AB%E5%81%A5")
            #expect(list.text.contains("卫健委登记员") && !list.text.contains("新城区审核员"))
            try PageValidation.check(list.text, "accounts")
            let shown = try await admin.get(page)
            #expect(shown.text.contains("有效会话") && shown.text.contains("1 个"))
            try PageValidation.check(shown.text, "account")
            #expect(try await admin.post(page + "/disable", ["csrf": "0"]).status == .forbidden)
            let link = try await admin.post(page + "/password-link", [:], from: page)
            #expect(link.status == .ok && link.text.contains("/password/setup?token="))
            #expect(!(try await admin.get(page).text.contains("/password/setup?token=")), "the link is shown once")
            let disabled = try await admin.post(page + "/disable", [:], from: page)
            #expect(disabled.headers[.location] == page + "?done=disabled")
            #expect(try await admin.get(page).text.contains("已停用"))
            #expect(try await clerk.get("/workspace").headers[.location]?.hasPrefix("/sign-in") == true, "the clerk's session ended")

            let calendar = try await admin.get("/admin/calendar")
            #expect(calendar.text.contains("已导入的国务院节假日安排") && calendar.text.contains("2024–2026"))
            try PageValidation.check(calendar.text, "calendar")
        }
        let actions = try await world.auditActions()
        #expect(actions.contains("account.revoke") && actions.contains("account.reset_password"))
        try await world.drop()
    }

    @Test("an admin opens a clerk's account with its login, refusals beside the field; the password link is shown once and works")
    func createAccount() async throws {
        let world = try await WebWorld.make()
        try await world.test { client in
            let admin = Browser(client)
            try await admin.signIn("admin")
            let form = try await admin.get("/admin/accounts/new")
            #expect(form.text.contains("开设账户") && !form.text.contains("value=\"data_user\""), "data users register themselves")
            try PageValidation.check(form.text, "account form")
            var fields = ["role": "clerk", "display_name": "卫健委第二登记员", "institution": "", "login": "clerk2"]
            let noInstitution = try await admin.post("/admin/accounts", fields, from: "/admin/accounts/new")
            #expect(noInstitution.status == .unprocessableContent && noInstitution.text.contains("id=\"institution-error\""))
            #expect(noInstitution.text.contains("卫健委第二登记员") && noInstitution.text.contains("第三十八条"))
            try PageValidation.check(noInstitution.text, "account refused")
            fields["institution"] = WebWorld.health
            fields["login"] = "clerk"
            let taken = try await admin.post("/admin/accounts", fields, from: "/admin/accounts/new")
            #expect(taken.status == .unprocessableContent && taken.text.contains("id=\"login-error\"") && taken.text.contains("已被其他账户使用"))
            #expect(try await admin.post("/admin/accounts", fields.merging(["csrf": "0"]) { $1 }).status == .forbidden)
            fields["login"] = "clerk2"
            let created = try await admin.post("/admin/accounts", fields, from: "/admin/accounts/new")
            #expect(created.status == .ok && created.text.contains("账户已开设") && created.text.contains("卫健委第二登记员"))
            try PageValidation.check(created.text, "account created")
            let link = try #require(created.text.firstMatch(of: /\/password\/setup\?token=([A-Za-z0-9_-]+)/))
            #expect(try await admin.get("/admin/accounts?q=clerk2").text.contains("卫健委第二登记员"))
            #expect(!(try await admin.get("/admin/accounts?q=clerk2").text.contains(String(link.1))), "the link is shown once")
            let setup = try await Browser(client).get(String(link.0))
            #expect(setup.status == .ok, "the link opens the password page")

            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            #expect(try await clerk.get("/admin/accounts/new").status == .forbidden)
            #expect(try await clerk.post("/admin/accounts", fields, from: "/workspace").status == .forbidden)
            #expect(try await Browser(client).get("/admin/accounts/new").headers[.location]?.hasPrefix("/sign-in") == true)
        }
        #expect(try await world.auditActions().contains("account.create"))
        try await world.drop()
    }

    @Test("A5.1: an admin registers an institution and lists it; a second authority of a division is refused beside its field")
    func institutions() async throws {
        let world = try await WebWorld.make()
        let code = WebWorld.uscc("12150102MB0000507")
        try await world.test { client in
            let admin = Browser(client)
            try await admin.signIn("admin")
            let list = try await admin.get("/admin/institutions")
            #expect(list.text.contains("新城区数据局") && list.text.contains("公共数据主管部门"))
            try PageValidation.check(list.text, "institutions")
            var form = ["uscc": WebWorld.uscc("11150102MB0000609"), "name": "新城区第二数据局", "division_code": "150102", "kind": "public_data_authority"]
            let second = try await admin.post("/admin/institutions", form, from: "/admin/institutions")
            #expect(second.status == .unprocessableContent && second.text.contains("id=\"division_code-error\"") && second.text.contains("第五条"))
            #expect(second.text.contains("新城区第二数据局"))
            try PageValidation.check(second.text, "institution refused")
            form = ["uscc": code, "name": "新城区文化旅游局", "division_code": "150102", "kind": "public_institution"]
            #expect(try await admin.post("/admin/institutions", form.merging(["csrf": "0"]) { $1 }).status == .forbidden)
            let registered = try await admin.post("/admin/institutions", form, from: "/admin/institutions")
            #expect(registered.headers[.location] == "/admin/institutions?done=registered&q=\(code)")
            let shown = try await admin.get(registered.headers[.location] ?? "")
            #expect(shown.text.contains("机构已登记") && shown.text.contains("新城区文化旅游局") && !shown.text.contains("新城区数据局</td>"))

            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            #expect(try await clerk.get("/admin/institutions").status == .forbidden)
            #expect(try await Browser(client).get("/admin/institutions").headers[.location]?.hasPrefix("/sign-in") == true)
        }
        #expect(try await world.auditActions().contains("institution.register"))
        try await world.drop()
    }

    @Test("W.2: an admin loads 2027's official arrangement; a day of another year is refused beside the field, with what was typed")
    func loadCalendar() async throws {
        let world = try await WebWorld.make()
        try await world.test { client in
            let admin = Browser(client)
            try await admin.signIn("admin")
            let page = try await admin.get("/admin/calendar")
            #expect(page.text.contains("导入某一年的国务院节假日安排") && page.text.contains("value=\"2027\""))
            try PageValidation.check(page.text, "calendar form")
            var form = ["year": "2027", "source": "国办发明电〔2026〕7号", "days": "date,kind,holiday\n2026-10-01,off,国庆节\n"]
            let wrongYear = try await admin.post("/admin/calendar", form, from: "/admin/calendar")
            #expect(wrongYear.status == .unprocessableContent && wrongYear.text.contains("id=\"days-error\"") && wrongYear.text.contains("国办发明电"))
            #expect(wrongYear.text.contains("第 2 行:2026-10-01 不在 2027 年内:国务院办公厅部分节假日安排按年导入"))
            let twice = try await admin.post(
                "/admin/calendar",
                form.merging(["days": "date,kind,holiday\n2027-01-01,off,元旦\n2027-01-01,off,元旦\n"]) { $1 },
                from: "/admin/calendar"
            )
            #expect(twice.status == .unprocessableContent && twice.text.contains("id=\"days-error\""))
            #expect(twice.text.contains("第 3 行:2027-01-01 已在第 2 行列出:国务院办公厅部分节假日安排中每一天只能列出一次。"))
            #expect(!twice.text.contains("listed") && !twice.text.contains("outside"), "no English for people")
            try PageValidation.check(wrongYear.text, "calendar refused")
            #expect(try await admin.post("/admin/calendar", form.merging(["csrf": "0"]) { $1 }).status == .forbidden)
            form["days"] = "date,kind,holiday\n2027-01-01,off,元旦\n2027-02-06,off,春节\n2027-02-07,off,春节\n"
            let loaded = try await admin.post("/admin/calendar", form, from: "/admin/calendar")
            #expect(loaded.status == .seeOther && loaded.headers[.location]?.hasPrefix("/admin/calendar?loaded=2027&days=3&moved=") == true)
            let status = try await admin.get(loaded.headers[.location] ?? "")
            #expect(status.text.contains("2027 年的国务院节假日安排已导入") && status.text.contains("2024–2027"))
            let clerk = Browser(client)
            try await clerk.signIn("clerk")
            #expect(try await clerk.post("/admin/calendar", form, from: "/workspace").status == .forbidden)
        }
        #expect(try await world.auditActions().contains("calendar.load"))
        try await world.drop()
    }
}
