import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

@Suite("Accounts, data users and tokens (A38.1, A13.1, A14.1, A44.1)")
struct AccountStoreTests {
    static let authority = "11150000MB0000001F"
    static let institution = "11150102MB0000005X"
    static let citizenID = "11010519491231002X"

    /// A database with the region's authority and one public institution registered.
    private func database() async throws -> RegistryDatabase {
        let test = try await TestDatabase.make()
        let database = RegistryDatabase(client: test.client)
        try await database.write(AuditContext(role: "test")) { connection in
            let store = InstitutionStore()
            _ = try store.create(
                NewInstitution(uscc: Self.authority, name: "自治区政务服务与数据管理局", divisionCode: "150000", kind: .publicDataAuthority),
                on: connection
            )
            _ = try store.create(
                NewInstitution(uscc: Self.institution, name: "新城区卫生健康委员会", divisionCode: "150102", kind: .publicInstitution),
                on: connection
            )
        }
        return database
    }

    private func create(_ account: NewAccount, in database: RegistryDatabase) async throws -> (Account, APIToken) {
        try await database.write(AuditContext(role: "test", requestID: "req-accounts", action: "account.create")) {
            try AccountStore().create(account, on: $0)
        }
    }

    @Test("a token finds its account until it is revoked; only its SHA-256 is stored")
    func tokenLifecycle() async throws {
        let database = try await database()
        let (account, token) = try await create(NewAccount(role: .clerk, displayName: "登记员", institution: Self.institution), in: database)
        #expect(token.value.count == 67)
        #expect(APIToken(presented: token.value) == token)
        #expect(APIToken(presented: token.value.uppercased()) == nil)
        #expect(!String(describing: token).contains(token.value.suffix(64)))

        let found = try await database.read { try AccountStore().account(for: token, on: $0) }
        #expect(found?.id == account.id)
        #expect(found?.institution == Self.institution)

        let stored = try await database.read { connection in
            try connection.query("select token_hash from account where id = \(account.id)").first!.decode("token_hash", as: [UInt8].self)
        }
        #expect(stored.count == 32)

        try await database.write(AuditContext(role: "test")) { try AccountStore().revoke(account.id, on: $0) }
        let afterRevoke = try await database.read { try AccountStore().account(for: token, on: $0) }
        #expect(afterRevoke == nil)
    }

    @Test("two tokens never collide")
    func tokensAreRandom() {
        let tokens = Set((0..<1000).map { _ in APIToken.generate().value })
        #expect(tokens.count == 1000)
    }

    @Test("a clerk without an institution is refused by Swift and by the database alike (A38.1)")
    func clerkNeedsInstitution() async throws {
        let database = try await database()
        let swift = await #expect(throws: RegistryError.self) {
            try await create(NewAccount(role: .clerk, displayName: "登记员"), in: database)
        }
        #expect(swift?.article == "A38.1")
        #expect(swift?.field == "institution")

        let sql = await #expect(throws: RegistryError.self) {
            try await database.write(AuditContext(role: "test")) { connection in
                try connection.query(
                    "insert into account (role, display_name, token_hash) values ('clerk', '登记员', sha256('x'))"
                )
            }
        }
        #expect(sql == swift)
    }

    @Test("reviewers must belong to a public data authority (A5.1)")
    func reviewerAtAuthority() async throws {
        let database = try await database()
        let refused = await #expect(throws: RegistryError.self) {
            try await create(NewAccount(role: .reviewer, displayName: "审核员", institution: Self.institution), in: database)
        }
        #expect(refused?.article == "A5.1")
        #expect(refused?.code == .ruleViolation)
        let (reviewer, _) = try await create(NewAccount(role: .reviewer, displayName: "审核员", institution: Self.authority), in: database)
        #expect(reviewer.role == .reviewer)
    }

    @Test("an invalid credit code is refused naming the field and the check character (A14.1)")
    func invalidInstitutionCode() async throws {
        let database = try await database()
        let refused = await #expect(throws: RegistryError.self) {
            try await create(NewAccount(role: .clerk, displayName: "登记员", institution: "11150102MB0000005Y"), in: database)
        }
        #expect(refused?.field == "institution")
        #expect(refused?.article == "A14.1")
        #expect(refused?.message.contains("第18位") == true)
    }

    @Test("a natural person's citizen number is kept only as digest and mask, lower-case x normalised (A13.1)")
    func citizenNumberProtected() async throws {
        let database = try await database()
        let person = NewDataUser(kind: .naturalPerson, name: "张三", citizenID: Self.citizenID.lowercased())
        let (account, _) = try await create(NewAccount(role: .dataUser, displayName: "张三", dataUser: person), in: database)
        let dataUser = try await database.read { try AccountStore().dataUser(account.dataUserID!, on: $0) }
        #expect(dataUser?.maskedCitizenID == "110105********002X")

        let dump = try await database.read { connection in
            try connection.query("select d::text || ' ' || (select string_agg(a::text, ' ') from audit_log a) as text from data_user d")
                .first!.decode("text", as: String.self)
        }
        let storedClear = dump.contains(Self.citizenID) || dump.contains(Self.citizenID.lowercased())
        #expect(!storedClear)

        let again = await #expect(throws: RegistryError.self) {
            try await create(NewAccount(role: .dataUser, displayName: "张三", dataUser: person), in: database)
        }
        #expect(again?.code == .conflict)

        // A13.1: an admin reissues credentials to the same person: a new account, the same data user.
        var reissued = NewAccount(role: .dataUser, displayName: "张三(补发)", dataUser: person)
        reissued.reissue = true
        let (second, _) = try await create(reissued, in: database)
        #expect(second.id != account.id && second.dataUserID == account.dataUserID)
        let count = try await database.read { try $0.query("select count(*)::int as n from data_user").first!.decode("n", as: Int.self) }
        #expect(count == 1)
    }

    @Test("an invalid citizen number inserted with plain SQL is refused by its domain (A13.1)")
    func invalidCitizenNumberInSQL() async throws {
        let database = try await database()
        let refused = await #expect(throws: RegistryError.self) {
            try await database.write(AuditContext(role: "test")) { connection in
                try connection.query(
                    "insert into data_user (kind, name, citizen_id) values ('natural_person', '李四', '11010519491231002Y')"
                )
            }
        }
        #expect(refused?.article == "A13.1")
    }

    @Test("opening an account writes an audit row naming the actor's request, with the token hash redacted (A44.1)")
    func accountCreationAudited() async throws {
        let database = try await database()
        let (account, _) = try await create(NewAccount(role: .committee, displayName: "委员"), in: database)
        let row = try await database.read { connection in
            try connection.query(
                "select action, request_id, after ->> 'token_hash' as token from audit_log where entity = 'account' and record_id = \(account.id.uuidString.lowercased())"
            ).first
        }
        #expect(try row?.decode("action", as: String.self) == "account.create")
        #expect(try row?.decode("request_id", as: String.self) == "req-accounts")
        #expect(try row?.decode("token", as: String.self) == "[redacted]")
    }
}
