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
}
