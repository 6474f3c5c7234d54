import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import RegistryServer
import Testing

@Suite("Accounts and tokens over HTTP")
struct AccountsAPITests {
    struct Created: Decodable {
        struct AccountBody: Decodable {
            var id: String
            var role: String
        }

        var account: AccountBody
        var token: String
    }

    @Test("no token, a malformed token and an unknown token are all refused as unauthenticated")
    func unauthenticated() async throws {
        let registry = try await TestRegistry.make()
        try await registry.test { client in
            for headers: HTTPFields in [[:], .bearer("nonsense"), .bearer("rg_" + String(repeating: "0", count: 64))] {
                try await client.execute(uri: "/api/v1/accounts/me", method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                    let code = try response.decode(ErrorBody.self).error.code
                    #expect(code == "unauthenticated")
                }
            }
        }
        try await registry.drop()
    }

    @Test("an admin opens an account whose token works once stored, and revoking it shuts it out")
    func createUseRevoke() async throws {
        let registry = try await TestRegistry.make()
        let body = ByteBuffer(json: "{\"role\": \"committee\", \"display_name\": \"评估委员\"}")
        try await registry.test { client in
            let created = try await client.execute(
                uri: "/api/v1/accounts",
                method: .post,
                headers: .bearer(registry.adminToken),
                body: body
            ) { response in
                #expect(response.status == .created)
                return try response.decode(Created.self)
            }
            #expect(created.account.role == "committee")
            #expect(created.token.count == 67)

            try await client.execute(uri: "/api/v1/accounts/me", method: .get, headers: .bearer(created.token)) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains(created.account.id))
            }
            try await client.execute(
                uri: "/api/v1/accounts",
                method: .post,
                headers: .bearer(created.token),
                body: body
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(
                uri: "/api/v1/accounts/\(created.account.id)",
                method: .delete,
                headers: .bearer(registry.adminToken)
            ) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/accounts/me", method: .get, headers: .bearer(created.token)) { response in
                #expect(response.status == .unauthorized)
            }
        }
        let stored = try await registry.registry.read { connection in
            try connection.query("select count(*) as n from account where token_hash = sha256(convert_to(\(""), 'UTF8'))")
                .first!.decode("n", as: Int.self)
        }
        #expect(stored == 0)
        try await registry.drop()
    }

    @Test("a token revoked outside the server (CLI, another server) can change nothing from that moment (A44.1)")
    func revokedElsewhere() async throws {
        let registry = try await TestRegistry.make()
        let body = ByteBuffer(json: "{\"role\": \"committee\", \"display_name\": \"评估委员\"}")
        try await registry.test { client in
            let admin = try await client.execute(
                uri: "/api/v1/accounts",
                method: .post,
                headers: .bearer(registry.adminToken),
                body: ByteBuffer(json: "{\"role\": \"admin\", \"display_name\": \"第二管理员\"}")
            ) { try $0.decode(Created.self) }
            // A read remembers the token's actor for a few seconds …
            try await client.execute(uri: "/api/v1/accounts/me", method: .get, headers: .bearer(admin.token)) { response in
                #expect(response.status == .ok)
            }
            try await registry.registry.write(AuditContext(role: "test", action: "account.revoke")) { connection in
                try AccountStore().revoke(UUID(uuidString: admin.account.id)!, on: connection)
            }
            // … but a change looks the token up again and is refused at once.
            try await client.execute(uri: "/api/v1/accounts", method: .post, headers: .bearer(admin.token), body: body) { response in
                #expect(response.status == .unauthorized)
            }
        }
        try await registry.drop()
    }

    @Test("a clerk account without an institution is refused naming the field and the article (A38.1)")
    func clerkNeedsInstitution() async throws {
        let registry = try await TestRegistry.make()
        try await registry.test { client in
            try await client.execute(
                uri: "/api/v1/accounts",
                method: .post,
                headers: .bearer(registry.adminToken),
                body: ByteBuffer(json: "{\"role\": \"clerk\", \"display_name\": \"登记员\"}")
            ) { response in
                #expect(response.status == .unprocessableContent)
                let error = try response.decode(ErrorBody.self).error
                #expect(error.field == "institution")
                #expect(error.article == "A38.1")
            }
        }
        try await registry.drop()
    }

    @Test("a data user's citizen number never appears unmasked in a response, the database or the log (A13.1)")
    func citizenNumberMasked() async throws {
        let registry = try await TestRegistry.make()
        let citizenID = "11010519491231002X"
        let body = ByteBuffer(
            json: """
                {"role": "data_user", "display_name": "张三",
                 "data_user": {"kind": "natural_person", "name": "张三", "citizen_id": "\(citizenID)"}}
                """
        )
        try await registry.test { client in
            try await client.execute(
                uri: "/api/v1/accounts",
                method: .post,
                headers: .bearer(registry.adminToken),
                body: body
            ) { response in
                #expect(response.status == .created)
                #expect(!response.text.contains(citizenID))
            }
            try await client.execute(
                uri: "/api/v1/identifiers/check",
                method: .post,
                headers: .json,
                body: ByteBuffer(json: "{\"code\": \"\(citizenID)\"}")
            ) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("110105********002X"))
                #expect(!response.text.contains(citizenID))
            }
        }
        let dump = try await registry.registry.read { connection in
            try connection.query(
                "select coalesce(string_agg(d::text, ' '), '') as rows from data_user d"
            ).first!.decode("rows", as: String.self)
                + (try connection.query("select coalesce(string_agg(a::text, ' '), '') as rows from audit_log a")
                    .first!.decode("rows", as: String.self))
        }
        let storedMasked = dump.contains("110105********002X")
        let storedClear = dump.contains(citizenID)
        #expect(storedMasked)
        #expect(!storedClear)
        let log = registry.log.text
        let loggedClear = log.contains(citizenID)
        #expect(!loggedClear)
        #expect(log.contains("POST /api/v1/identifiers/check 200"))
        try await registry.drop()
    }

    /// Whether `token` authenticates now: a change (never answered from the read cache) that only checks the token.
    private func authenticates(_ client: some TestClientProtocol, _ token: String) async throws -> Bool {
        try await client.execute(uri: "/api/v1/violations", method: .post, headers: .bearer(token), body: ByteBuffer(json: "{}")) {
            $0.status != .unauthorized
        }
    }

    @Test("a token expires after 90 days; rotating issues a new one and the old one works for a day's grace")
    func expiryAndRotation() async throws {
        let registry = try await TestRegistry.make()
        let clock = registry.registry.clock
        clock.pin(CivilDate(iso: "2026-09-01")!)
        let (account, first) = try await registry.registry.write(AuditContext(role: "test", action: "account.create")) {
            try AccountStore().create(NewAccount(role: .committee, displayName: "评估委员"), on: $0)
        }
        let (_, stranger) = try await registry.registry.write(AuditContext(role: "test", action: "account.create")) {
            try AccountStore().create(NewAccount(role: .committee, displayName: "另一位评估委员"), on: $0)
        }
        let days = account.tokenExpiresAt.timeIntervalSince(CivilDate(iso: "2026-09-01")!.previous.endOfDay()) / 86_400
        #expect((90...91).contains(days), "\(days) days")
        try await registry.test { client in
            let rotate = "/api/v1/accounts/\(account.id)/token"
            #expect(try await client.execute(uri: rotate, method: .post, headers: .bearer(stranger.value)) { $0.status } == .forbidden)
            let rotated = try await client.execute(uri: rotate, method: .post, headers: .bearer(first.value)) { response in
                #expect(response.status == .created)
                return try response.decode(Created.self).token
            }
            #expect(try await authenticates(client, first.value), "the old token works during the grace period")
            #expect(try await authenticates(client, rotated))
            clock.pin(CivilDate(iso: "2026-09-03")!)
            #expect(try await !authenticates(client, first.value), "the grace period is over")
            #expect(try await authenticates(client, rotated))
            clock.pin(CivilDate(iso: "2026-12-05")!)
            #expect(try await !authenticates(client, rotated), "90 days have passed")
        }
        try await registry.drop()
    }

    @Test("failed token checks are throttled per client address; the last admin cannot be revoked")
    func throttledAndLastAdmin() async throws {
        let registry = try await TestRegistry.make()
        // Three failures to a window of a day: however slow the machine, they fall within one window.
        try await registry.test(tokenFailureLimit: 3, tokenFailureWindow: .seconds(86_400)) { client in
            let id = try await client.execute(uri: "/api/v1/accounts/me", method: .get, headers: .bearer(registry.adminToken)) {
                try $0.decode(Created.AccountBody.self).id
            }
            try await client.execute(uri: "/api/v1/accounts/\(id)", method: .delete, headers: .bearer(registry.adminToken)) { response throws in
                #expect(response.status == .unprocessableContent)
                #expect(try response.decode(ErrorBody.self).error.message.contains("最后一个有效的平台管理员账户"))
            }
            let guess = "rg_" + String(repeating: "1", count: 64)
            for _ in 0..<3 { #expect(try await !authenticates(client, guess)) }
            try await client.execute(uri: "/api/v1/accounts/me", method: .get, headers: .bearer(registry.adminToken)) { response throws in
                #expect(response.status == .tooManyRequests)
                #expect(try response.decode(ErrorBody.self).error.code == "too_many_requests")
                #expect(response.headers[.retryAfter] == "86400", "the throttle's window")
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok, "requests without a token go on") }
        }
        try await registry.drop()
    }
}
