import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A44.1, A39.1, A29.2: the service's database role holds the DML it needs and nothing more
/// (`sql/0050_least_privilege.sql`), so no client of the service — nor the service itself — can forge the audit trail,
/// type a score or change the schema.
@Suite("Least privilege of the database roles (A44.1)")
struct LeastPrivilegeTests {
    private static let institution = "91350100M000100Y43"

    /// Runs `statement` as `role` in a transaction of its own and returns the refusal's SQLSTATE (nil if it ran).
    private func refusal(_ statement: SQL, as role: String, on database: TestDatabase) throws -> String? {
        let connection = try Connection(configuration: database.configuration.asUser(role))
        do {
            try connection.transaction { try $0.query(statement) }
            return nil
        } catch let error as PostgresError {
            return error.sqlState
        }
    }

    @Test("the service's role refuses a direct audit row, moving the head, DDL, disabling triggers, replica mode (A44.1)")
    func serviceRoleRefusesTampering() async throws {
        let database = try await TestDatabase.make()
        let insufficientPrivilege = "42501"
        let statements: [SQL] = [
            """
            insert into audit_log (seq, operation, action, entity, digest)
            values (1, 'insert', 'forged', 'institution', sha256('forged'))
            """,
            "update audit_chain set seq = seq + 1",
            "update audit_log set digest = sha256('a')",
            "insert into audit_link (seq, prev_hash, hash) values (1, sha256('a'), sha256('b'))",
            "select nextval('audit_log_seq')",
            "select setval('audit_log_seq', 1)",
            "delete from audit_log",
            "alter table share_request disable trigger user",
            "set session_replication_role = replica",
            "create table forged (id int)",
            "create function forged() returns int language sql return 1",
            "insert into catalog_listing select * from catalog_listing limit 1",
            "delete from calendar_day",
            "select value from registry_secret",
        ]
        for (index, statement) in statements.enumerated() {
            #expect(try refusal(statement, as: "registry_service", on: database) == insufficientPrivilege, "statement \(index)")
        }
        let superuser = try database.withAdminConnection { connection in
            try connection.query("select rolsuper from pg_roles where rolname = 'registry_service'").first!.decode("rolsuper") as Bool
        }
        #expect(!superuser)
        try await database.drop()
    }

    @Test("a score typed by hand is refused, whatever the session sets; only assessment_compute writes one (A39.1)")
    func typedScoreRefused() async throws {
        let database = try await TestDatabase.make()
        let typed: SQL = """
            insert into assessment_score (assessment_id, institution_uscc, indicator_code, computed)
            select \(UUID()), \(Self.institution), code, 100 from assessment_indicator limit 1
            """
        #expect(try refusal(typed, as: "registry_service", on: database) == "42501")
        #expect(
            try refusal(
                "insert into assessment (scheme_id, version, as_of) values (\(UUID()), 1, current_date)",
                as: "registry_service",
                on: database
            ) == "42501"
        )
        // The old switch no longer opens the door, not even to the superuser: the guard asks who runs the statement.
        let refused = try database.withAdminConnection { connection in
            do {
                try connection.transaction { connection in
                    try connection.query("select set_config('registry.assessment_computing', 'on', true)")
                    try connection.query(typed)
                }
                return nil as String?
            } catch let error as PostgresError {
                return error.constraint
            }
        }
        #expect(refused == "assessment_computed_by_registry_a39_1")
        try await database.drop()
    }

    @Test("the service's audited write is chained by the audit role and names the service's role (A44.1)")
    func serviceWritesAuditedThroughTriggers() async throws {
        let database = try await TestDatabase.make()
        let connection = try Connection(configuration: database.asService)
        let context = AuditContext(role: "test", requestID: "req-least-privilege", action: "calendar.relabel")
        try connection.transaction(auditedAs: context) { connection in
            try connection.query("update calendar_year set source = source || ' (checked)' where year = 2025")
        }
        let row = try connection.query(
            "select db_user, action from audit_log where request_id = 'req-least-privilege' order by seq desc limit 1"
        ).first
        #expect(try row?.decode("db_user") as String? == "registry_service")
        #expect(try row?.decode("action") as String? == "calendar.relabel")
        #expect(try AuditTrail.verify(expectedHead: nil, on: connection).isIntact)
        try await database.drop()
    }

    @Test("the auditor's and the report's roles read only, and never the identity numbers' key (A29.2)")
    func readersReadOnly() async throws {
        let database = try await TestDatabase.make()
        for role in ["registry_auditor", "registry_report"] {
            #expect(try refusal("select count(*) from institution", as: role, on: database) == nil)
            #expect(try refusal("select count(*) from audit_log", as: role, on: database) == nil)
            #expect(try refusal("update calendar_year set source = 'x'", as: role, on: database) == "42501")
            #expect(try refusal("select value from registry_secret", as: role, on: database) == "42501")
        }
        try await database.drop()
    }
}
