import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A registry with one account of the audit authority, one clerk and one natural person registered as data user.
private struct AuditWorld {
    static let institution = "11150102MB0000005X"
    static let citizenID = "11010519491231002X"

    let test: TestDatabase
    let database: RegistryDatabase
    let auditor: Principal
    let clerk: Principal
    var workflow: AuditAccessWorkflow { AuditAccessWorkflow(database: database) }

    static func make() async throws -> AuditWorld {
        let test = try await TestDatabase.make()
        let database = RegistryDatabase(client: test.client)
        try await database.write(AuditContext(role: "test")) { connection in
            _ = try InstitutionStore().create(
                NewInstitution(uscc: institution, name: "新城区卫生健康委员会", divisionCode: "150102", kind: .publicInstitution),
                on: connection
            )
        }
        let person = NewDataUser(kind: .naturalPerson, name: "张三", citizenID: citizenID)
        _ = try await database.actor(for: NewAccount(role: .dataUser, displayName: "张三", dataUser: person))
        return AuditWorld(
            test: test,
            database: database,
            auditor: try await database.actor(for: NewAccount(role: .auditor, displayName: "自治区审计厅"), requestID: "req-audit"),
            clerk: try await database.actor(for: NewAccount(role: .clerk, displayName: "登记员", institution: institution))
        )
    }

    /// Runs `statements` in one audited transaction as `context`; returns the refusal, or `nil` when they passed.
    func refusal(_ statements: [SQL], as context: AuditContext = AuditContext(role: "test")) async -> RegistryError? {
        do {
            try await database.write(context) { connection in
                for statement in statements { try connection.query(statement) }
            }
            return nil
        } catch {
            return RegistryError(mapping: error)
        }
    }

    /// The number of rows of `table` (a name fixed in the test).
    func count(_ table: String) async throws -> Int {
        try await database.read { try $0.query("select count(*) as n from \(unescaped: table)").first!.decode("n", as: Int.self) }
    }
}

@Suite("The audit authority's access: read-only, every read recorded (A29.2)")
struct AuditAccessTests {
    @Test("A29.2 / A38.1: an auditor account is opened without a data user; Swift and the database refuse one tied to a data user alike")
    func auditorAccount() async throws {
        let world = try await AuditWorld.make()
        #expect(world.auditor.role == .auditor)
        #expect(world.auditor.institution == nil)
        let tied = NewAccount(role: .auditor, displayName: "审计", dataUser: NewDataUser(kind: .otherOrganisation, name: "某协会"))
        let swift = #expect(throws: RegistryError.self) { try tied.validated() }
        let sql = await world.refusal([
            """
            insert into account (role, display_name, data_user_id, token_hash)
            select 'auditor', '审计', id, sha256('auditor') from data_user limit 1
            """
        ])
        #expect(swift?.article == "A38.1")
        #expect(sql == swift)
        try await world.test.drop()
    }

    @Test("A29.2: an auditor reads a page of a dataset, and the read is recorded once, with its parameters, rows and request")
    func readRecorded() async throws {
        let world = try await AuditWorld.make()
        let page = try await world.workflow.read("accounts", page: ListingPage(limit: 2, offset: 1), by: world.auditor)
        #expect(page.total == 3)
        #expect(page.items.count == 2)
        let log = try await world.database.read { connection in
            try connection.query(
                "select account_id, dataset, parameters::text as parameters, row_count, http_request_id from audit_read_log"
            )
        }
        #expect(log.count == 1)
        let row = try #require(log.first)
        #expect(try row.decode("account_id", as: UUID.self) == world.auditor.account.id)
        #expect(try row.decode("dataset", as: String.self) == "accounts")
        #expect(try row.decode("parameters", as: String.self) == #"{"limit": 2, "offset": 1}"#)
        #expect(try row.decode("row_count", as: Int.self) == 2)
        #expect(try row.decode("http_request_id", as: String.self) == "req-audit")
        let trail = try await world.database.read { connection in
            try connection.query("select count(*) as n from audit_log where entity = 'audit_read_log' and action = 'audit_access.read'")
                .first!.decode("n", as: Int.self)
        }
        #expect(trail == 1, "the read log is chained into the audit trail (A44.1)")
        try await world.test.drop()
    }

    @Test(
        "A29.2: the supervision records are datasets too — violations, error reports, disputes, unlawful-use reports, assessments, security checks and usage feedback"
    )
    func supervisionDatasets() async throws {
        let world = try await AuditWorld.make()
        let names = try world.workflow.datasets(by: world.auditor).map(\.rawValue)
        for name in [
            "violations", "error-reports", "disputes", "unlawful-use-reports", "assessments", "security-checks", "security-incidents",
            "dishonest-conduct", "data-products", "usage-feedback",
        ] {
            #expect(names.contains(name), "\(name)")
            let page = try await world.workflow.read(name, page: ListingPage(limit: 5, offset: 0), by: world.auditor)
            #expect(page.total >= 0)
        }
        try await world.test.drop()
    }

    @Test("A29.2: every other role is refused, an unknown dataset is not found, a page over 500 rows is refused; none is recorded")
    func refusals() async throws {
        let world = try await AuditWorld.make()
        let forbidden = await #expect(throws: RegistryError.self) {
            try await world.workflow.read("accounts", page: ListingPage(), by: world.clerk)
        }
        #expect(forbidden?.code == .forbidden)
        #expect(throws: RegistryError.self) { try world.workflow.datasets(by: world.clerk) }
        let unknown = await #expect(throws: RegistryError.self) {
            try await world.workflow.read("registry_secret", page: ListingPage(), by: world.auditor)
        }
        #expect(unknown?.code == .notFound)
        let tooLarge = await #expect(throws: RegistryError.self) {
            try await world.workflow.read("accounts", page: ListingPage(limit: 501), by: world.auditor)
        }
        #expect(tooLarge?.field == "limit")
        #expect(try await world.count("audit_read_log") == 0)
        try await world.test.drop()
    }

    @Test("A13.1: accounts come without token hash, data users with the masked citizen number only")
    func personalDataMasked() async throws {
        let world = try await AuditWorld.make()
        let users = try await world.workflow.read("data-users", page: ListingPage(), by: world.auditor).items
        let accounts = try await world.workflow.read("accounts", page: ListingPage(), by: world.auditor).items
        #expect(users.compactMap { $0["citizen_id_masked"] ?? nil } == ["110105********002X"])
        #expect(users.allSatisfy { $0["citizen_id_digest"] == nil && $0["citizen_id"] == nil })
        #expect(accounts.count == 3)
        #expect(accounts.allSatisfy { $0["token_hash"] == nil })
        try await world.test.drop()
    }

    @Test("A29.2: the read log refuses UPDATE and DELETE through plain SQL with the rule's error, TRUNCATE with the audit guard's")
    func readLogAppendOnly() async throws {
        let world = try await AuditWorld.make()
        _ = try await world.workflow.read("institutions", page: ListingPage(), by: world.auditor)
        let appendOnly = RuleCatalog.rule(forConstraint: "audit_read_log_append_only_a29_2")?.error
        #expect(appendOnly?.article == "A29.2")
        for statement: SQL in ["update audit_read_log set row_count = 0", "delete from audit_read_log", "delete from audit_read_log where false"] {
            #expect(await world.refusal([statement]) == appendOnly, "\(statement)")
        }
        let truncate = await world.refusal(["truncate audit_read_log"])
        #expect(truncate?.article == "A44.1")
        #expect(try await world.count("audit_read_log") == 1)
        try await world.test.drop()
    }

    @Test("A29.2: only a current auditor account is recorded as reader")
    func readerIsAuditor() async throws {
        let world = try await AuditWorld.make()
        let insert: SQL = """
            insert into audit_read_log (account_id, dataset, row_count) values (\(world.clerk.account.id), 'accounts', 0)
            """
        #expect(await world.refusal([insert]) == RuleCatalog.rule(forConstraint: "audit_read_log_by_auditor_a29_2")?.error)
        try await world.database.write(AuditContext(role: "test")) { try AccountStore().revoke(world.auditor.account.id, on: $0) }
        let revoked: SQL = """
            insert into audit_read_log (account_id, dataset, row_count) values (\(world.auditor.account.id), 'accounts', 0)
            """
        #expect(await world.refusal([revoked])?.article == "A29.2")
        try await world.test.drop()
    }

    @Test("A29.2: a change made as an auditor is refused by the database, on any audited table, and leaves nothing behind")
    func auditorChangesNothing() async throws {
        let world = try await AuditWorld.make()
        let before = try await (world.count("institution"), world.count("audit_log"))
        let uscc = "11150103MB0000007" + String(UnifiedSocialCreditCode.checkCharacter(for: "11150103MB0000007")!)
        let refused = await world.refusal(
            [
                """
                insert into institution (uscc, name, division_code, kind)
                values (\(uscc), '回民区教育局', '150103', 'public_institution')
                """
            ],
            as: world.auditor.audit("institution.register")
        )
        #expect(refused == RuleCatalog.rule(forConstraint: "audit_authority_read_only_a29_2")?.error)
        let revoke = await world.refusal(
            ["update account set revoked_at = now() where id = \(world.clerk.account.id)"],
            as: world.auditor.audit("account.revoke")
        )
        #expect(revoke?.article == "A29.2")
        let after = try await (world.count("institution"), world.count("audit_log"))
        #expect(after == before)
        try await world.test.drop()
    }

    @Test("A29.2: each named constraint of the read log and each rule 0024 raises has its Rule, with the article its name ends in")
    func everyConstraintHasARule() async throws {
        let world = try await AuditWorld.make()
        let declared = try await world.database.read { connection in
            try connection.query(
                "select conname::text as name from pg_constraint where conrelid = 'audit_read_log'::regclass and contype <> 'p'"
            ).map { try $0.decode("name", as: String.self) }
        }
        let text = try String(
            contentsOf: ProjectDirectory.sql.appendingPathComponent("0024_audit_authority_access.sql"),
            encoding: .utf8
        )
        let raised = text.matches(of: /constraint = '([a-z0-9_]+)'/).map { String($0.1) }
        #expect(declared.count == 4)
        for name in Set(declared + raised) {
            let rule = RuleCatalog.rule(forConstraint: name)
            #expect(rule != nil, "no Rule for \(name)")
            #expect(rule?.article == "A29.2", "\(name)")
        }
        try await world.test.drop()
    }
}
