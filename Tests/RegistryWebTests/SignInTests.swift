import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import RegistryWeb
import Testing

/// A44.1: signing in to the web workspace, its sessions and their limits, on the registry's pinned clock.
@Suite("Web sign-in and sessions")
struct SignInTests {
    @Test("a right login and password open a session in an HttpOnly, SameSite=Lax cookie; Secure behind TLS")
    func signIn() async throws {
        let world = try await WebWorld.make()
        try await world.test { client in
            let browser = Browser(client)
            let response = try await browser.post("/sign-in", ["login": "Clerk ", "password": WebWorld.password])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/workspace")
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("registry_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"))
            let workspace = try await browser.get("/workspace")
            #expect(workspace.status == .ok)
            #expect(workspace.text.contains("卫健委登记员") && workspace.text.contains("新城区卫生健康委员会"))
            #expect(workspace.text.contains("资产登记员"))
        }
        try await world.test(secureCookies: true) { client in
            let response = try await Browser(client).post("/sign-in", ["login": "clerk", "password": WebWorld.password])
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("registry_session=") })
            #expect(cookie.contains("Secure"))
        }
        let stored = try await world.database.read { connection in
            try connection.query("select count(*) as n from web_session where id_hash is not null and length(id_hash) = 32").first!.decode(
                "n",
                as: Int.self
            )
        }
        #expect(stored == 2)
        try await world.drop()
    }

    @Test("a wrong password is refused on the form, recorded, and audited")
    func failure() async throws {
        let world = try await WebWorld.make()
        try await world.test { client in
            let browser = Browser(client)
            let response = try await browser.post("/sign-in", ["login": "clerk", "password": "not-the-password"])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("登录名或密码不正确。"))
            #expect(response.text.contains("value=\"clerk\""), "the login typed is kept")
            #expect(!response.text.contains("not-the-password"), "a password is never echoed")
            #expect(browser.cookies["registry_session"] == nil)
            let unknown = try await browser.post("/sign-in", ["login": "nobody", "password": WebWorld.password])
            #expect(unknown.text.contains("登录名或密码不正确。"))
        }
        #expect(try await world.auditActions().filter { $0 == "session.sign_in_failed" }.count == 2)
        try await world.drop()
    }

    @Test("after 5 failures within 15 minutes the next attempt waits, even with the right password, and says how long")
    func throttle() async throws {
        let world = try await WebWorld.make()
        try await world.test { client in
            let browser = Browser(client)
            for minute in 0..<5 {
                world.at(9, minute)
                try await browser.post("/sign-in", ["login": "clerk", "password": "wrong-\(minute)-password"])
            }
            world.at(9, 10)
            let refused = try await browser.post("/sign-in", ["login": "clerk", "password": WebWorld.password])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.text.contains("请在 5 分钟后再试"), "\(refused.text)")
            #expect(browser.cookies["registry_session"] == nil)
            world.at(9, 15)
            try await browser.signIn("clerk")
        }
        let rows = try await world.database.read { connection in
            try connection.query("select throttled from sign_in_failure where login = 'clerk' order by id").map {
                try $0.decode("throttled", as: Bool.self)
            }
        }
        #expect(rows == [false, false, false, false, false, true])
        #expect(try await world.auditActions().contains("session.sign_in_refused"))
        try await world.drop()
    }

    @Test("a session ends after 30 minutes idle, on the registry's clock")
    func idle() async throws {
        let world = try await WebWorld.make()
        try await world.test { client in
            let browser = Browser(client)
            try await browser.signIn("clerk")
            world.at(9, 29)
            #expect(try await browser.get("/workspace").status == .ok)
            world.at(9, 58)
            #expect(try await browser.get("/workspace").status == .ok)
            world.at(10, 28)
            let expired = try await browser.get("/workspace")
            #expect(expired.status == .seeOther)
            #expect(expired.headers[.location] == "/sign-in")
        }
        let reason = try await world.database.read { try $0.query("select end_reason from web_session").first!.decode("end_reason", as: String.self) }
        #expect(reason == "timed_out")
        try await world.drop()
    }

    @Test("a session ends 12 hours after sign-in however busy it is")
    func absolute() async throws {
        let world = try await WebWorld.make()
        world.at(8, 0)
        try await world.test { client in
            let browser = Browser(client)
            try await browser.signIn("clerk")
            for step in 1..<36 {
                world.at(8 + step * 20 / 60, step * 20 % 60)
                #expect(try await browser.get("/workspace").status == .ok, "at step \(step)")
            }
            world.at(20, 0)
            #expect(try await browser.get("/workspace").status == .seeOther)
        }
        try await world.drop()
    }

    @Test("sign-out ends the session; sign-out everywhere ends all of the account's")
    func signOut() async throws {
        let world = try await WebWorld.make()
        try await world.test { client in
            let first = Browser(client)
            let second = Browser(client)
            let other = Browser(client)
            try await first.signIn("clerk")
            try await second.signIn("clerk")
            try await other.signIn("reviewer")
            let out = try await first.post("/sign-out", [:], from: "/workspace")
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/sign-in?notice=signed_out")
            #expect(first.cookies["registry_session"] == nil)
            #expect(try await first.get("/workspace").headers[.location] == "/sign-in")
            #expect(try await second.get("/workspace").status == .ok)

            try await first.signIn("clerk")
            try await second.post("/sign-out-everywhere", [:], from: "/workspace")
            #expect(try await first.get("/workspace").headers[.location] == "/sign-in")
            #expect(try await second.get("/workspace").headers[.location] == "/sign-in")
            #expect(try await other.get("/workspace").status == .ok, "another account's session stays")
            #expect(try await first.get("/sign-in?notice=signed_out").text.contains("您已退出登录"))
        }
        let actions = try await world.auditActions()
        #expect(actions.contains("session.sign_in") && actions.contains("session.sign_out") && actions.contains("session.sign_out_everywhere"))
        try await world.drop()
    }

    @Test("revoking an account ends its sessions at once")
    func revoked() async throws {
        let world = try await WebWorld.make()
        try await world.test { client in
            let browser = Browser(client)
            try await browser.signIn("clerk")
            let id = world.accounts["clerk"]!.id
            try await world.database.write(AuditContext(role: "test", action: "account.revoke")) { try AccountStore().revoke(id, on: $0) }
            #expect(try await browser.get("/workspace").headers[.location] == "/sign-in")
            let again = try await browser.post("/sign-in", ["login": "clerk", "password": WebWorld.password])
            #expect(again.status == .unprocessableContent)
        }
        let reason = try await world.database.read { try $0.query("select end_reason from web_session").first!.decode("end_reason", as: String.self) }
        #expect(reason == "account_revoked")
        try await world.drop()
    }

    @Test("a POST without the form token, or with another's, gets the 403 page and changes nothing")
    func csrf() async throws {
        let world = try await WebWorld.make()
        try await world.test { client in
            let browser = Browser(client)
            try await browser.signIn("clerk")
            let missing = try await client.executeRequest(
                uri: "/sign-out",
                method: .post,
                headers: [.cookie: "registry_session=\(browser.cookies["registry_session"]!)", .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "")
            )
            #expect(missing.status == .forbidden)
            #expect(missing.text.contains("表单已失效"))
            let wrong = try await browser.post("/sign-out", ["csrf": String(repeating: "a", count: 64)])
            #expect(wrong.status == .forbidden)
            #expect(try await browser.get("/workspace").status == .ok, "still signed in")
            let anonymous = try await Browser(client).post("/sign-in", ["login": "clerk", "password": WebWorld.password, "csrf": ""])
            #expect(anonymous.status == .forbidden)
        }
        try await world.drop()
    }

    @Test("anonymous visitors are sent to sign in; a role without the right gets the 403 page")
    func access() async throws {
        let world = try await WebWorld.make()
        try await world.test(
            extra: { router in
                router.get("/reviewers-only") { _, context in
                    try context.require(.reviewer)
                    return "ok"
                }
            },
            { client in
                let anonymous = Browser(client)
                #expect(try await anonymous.get("/").headers[.location] == "/sign-in")
                #expect(try await anonymous.get("/workspace").headers[.location] == "/sign-in")
                #expect(try await anonymous.get("/reviewers-only").headers[.location] == "/sign-in")
                let clerk = Browser(client)
                try await clerk.signIn("clerk")
                #expect(try await clerk.get("/").headers[.location] == "/workspace")
                #expect(try await clerk.get("/sign-in").headers[.location] == "/workspace")
                let refused = try await clerk.get("/reviewers-only")
                #expect(refused.status == .forbidden)
                #expect(refused.text.contains("无权访问") && refused.text.contains("资产登记员"))
                let missing = try await clerk.get("/no-such-page")
                #expect(missing.status == .notFound)
                #expect(missing.text.contains("页面不存在"))
            }
        )
        try await world.drop()
    }

    @Test("every response of the pages carries the security headers; the API keeps its bearer tokens")
    func headers() async throws {
        let world = try await WebWorld.make()
        try await world.test { client in
            let browser = Browser(client)
            for response in [
                try await browser.get("/sign-in"), try await browser.get("/"), try await browser.get("/nothing"),
                try await browser.get("/static/registry.css"),
            ] {
                #expect(response.headers[.contentSecurityPolicy] == "default-src 'self'; frame-ancestors 'none'")
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
            }
            let css = try await browser.get("/static/registry.css")
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.headers[.cacheControl] == "public, max-age=86400")
            let api = try await client.executeRequest(uri: "/api/v1/accounts/me", method: .get, headers: [:], body: nil)
            #expect(api.status == .unauthorized)
            #expect(api.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(api.headers[.contentSecurityPolicy] == nil, "the API keeps its own responses")
        }
        try await world.drop()
    }

    @Test("an unexpected error shows a page with a reference number that the log has too, and no internals")
    func unexpected() async throws {
        struct Internal: Error {
            let detail = "secret internals 150102198506121234"
        }
        let world = try await WebWorld.make()
        let log = LogLines()
        try await world.test(
            log: log,
            extra: { router in
                router.get("/broken") { _, _ -> String in throw Internal() }
            },
            { client in
                let page = try await Browser(client).get("/broken")
                #expect(page.status == .internalServerError)
                #expect(!page.text.contains("secret") && !page.text.contains("Internal"))
                let reference = try #require(page.text.firstMatch(of: /<code class="reference">([^<]+)<\/code>/)?.1)
                #expect(log.text.contains("reference: \(reference)") || log.text.contains("\"reference\": \(reference)"), "\(log.text)")
                #expect(!log.text.contains("150102198506121234"))
            }
        )
        try await world.drop()
    }
}
