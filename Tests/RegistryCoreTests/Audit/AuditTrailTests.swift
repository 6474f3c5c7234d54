import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A44.1: the audit trail is written and chained by the database, refuses changes, and its verifier catches tampering.
///
/// Every test has a database of its own: the chain is global to a database and the tamper tests break it on purpose.
@Suite("Audit trail (A44.1)")
struct AuditTrailTests {
    private struct Rollback: Error {}

    private static let clerk = AuditContext(
        actorAccount: UUID(uuidString: "6f9619ff-8b86-d011-b42d-00c04fc964ff"),
        role: "clerk",
        institution: "91150100MA0N00000X",
        requestID: "req-42",
        action: "catalog.submit"
    )

    /// A migrated database with a test table carrying the audit trigger (key `id`, `secret` redacted).
    private func auditedDatabase() async throws -> TestDatabase {
        let database = try await TestDatabase.make()
        try await database.client.withConnection { connection in
            try connection.execute(
                script: """
                    create table audit_test_item (id text primary key, name text not null, secret text, note text);
                    create trigger audit_test_item_audit after insert or update or delete on audit_test_item
                        for each row execute function audit_row_change('id', 'secret');
                    """
            )
        }
        return database
    }

    /// Writes `count` items, one transaction each, seals them and returns the sealed head before them.
    private func writeItems(_ count: Int, on database: TestDatabase) async throws -> AuditHead {
        let base = try await sealedHead(database)
        for index in 1...count {
            try await database.client.withTransaction(auditedAs: Self.clerk) { connection in
                try connection.query("insert into audit_test_item (id, name) values (\("item-\(index)"), \("Item \(index)"))")
            }
        }
        _ = try await sealedHead(database)
        return base
    }

    /// Seals every committed row (`audit_seal()`, as `registry serve` does on its schedule) and returns the head.
    private func sealedHead(_ database: TestDatabase) async throws -> AuditHead {
        try await database.client.withConnection { connection in
            let sealing = try AuditTrail.sealAll(on: connection)
            #expect(sealing.ran && sealing.problem == nil && !sealing.waiting, "\(sealing)")
            return try AuditTrail.head(on: connection)
        }
    }

    /// Runs `script` as an attacker would have to: a superuser with the user triggers switched off.
    private func tamper(_ database: TestDatabase, _ script: String) throws {
        try database.withAdminConnection { connection in
            try connection.transaction { connection in
                try connection.execute(script: "set local session_replication_role = replica; " + script)
            }
        }
    }

    /// Seals what it can (as `registry audit verify` does), then verifies.
    private func verify(_ database: TestDatabase, expectedHead: [UInt8]? = nil) async throws -> AuditVerification {
        try await database.client.withConnection { connection in
            _ = try AuditTrail.sealAll(on: connection)
            return try AuditTrail.verify(expectedHead: expectedHead, on: connection)
        }
    }

    private struct LoggedRow: Sendable {
        var seq: Int64
        var actorAccount: UUID?
        var role: String?
        var institution: String?
        var requestID: String?
        var operation: String
        var action: String
        var entity: String
        var recordID: String?
        var before: String?
        var beforeSecret: String?
        var afterSecret: String?
        var afterName: String?
        var prevHash: [UInt8]?
        var hash: [UInt8]?
    }

    private func loggedRows(after sequence: Int64, in database: TestDatabase) async throws -> [LoggedRow] {
        try await database.client.withConnection { connection in
            try connection.query(
                """
                select seq, actor_account, actor_role, actor_institution, request_id, operation, action, entity, record_id,
                       before::text as before, before ->> 'secret' as before_secret, after ->> 'secret' as after_secret,
                       after ->> 'name' as after_name,
                       prev_hash, hash
                from audit_entry where seq > \(sequence) order by seq
                """
            ).map { row in
                LoggedRow(
                    seq: try row.decode("seq"),
                    actorAccount: try row.decodeIfPresent("actor_account"),
                    role: try row.decodeIfPresent("actor_role"),
                    institution: try row.decodeIfPresent("actor_institution"),
                    requestID: try row.decodeIfPresent("request_id"),
                    operation: try row.decode("operation"),
                    action: try row.decode("action"),
                    entity: try row.decode("entity"),
                    recordID: try row.decodeIfPresent("record_id"),
                    before: try row.decodeIfPresent("before"),
                    beforeSecret: try row.decodeIfPresent("before_secret"),
                    afterSecret: try row.decodeIfPresent("after_secret"),
                    afterName: try row.decodeIfPresent("after_name"),
                    prevHash: try row.decodeIfPresent("prev_hash"),
                    hash: try row.decodeIfPresent("hash")
                )
            }
        }
    }

    // MARK: - Writing

    @Test("changes through an audited table give chained rows naming actor, role, institution and request")
    func chainedRowsWithActor() async throws {
        let database = try await auditedDatabase()
        let before = try await sealedHead(database)
        try await database.client.withTransaction(auditedAs: Self.clerk) { connection in
            try connection.query("insert into audit_test_item (id, name, secret) values ('a', 'Alpha', 'top secret')")
            try connection.query("update audit_test_item set name = 'Alpha 2' where id = 'a'")
            try connection.query("update audit_test_item set name = name")  // changes nothing: not logged
            try connection.query("delete from audit_test_item where id = 'a'")
        }
        let unsealed = try await loggedRows(after: before.sequence, in: database)
        #expect(unsealed.count == 3 && unsealed.allSatisfy { $0.hash == nil && $0.prevHash == nil }, "sealed after commit")
        _ = try await sealedHead(database)
        let rows = try await loggedRows(after: before.sequence, in: database)
        try #require(rows.count == 3)
        #expect(rows.map(\.seq) == [before.sequence + 1, before.sequence + 2, before.sequence + 3])
        #expect(rows.map(\.operation) == ["insert", "update", "delete"])
        for row in rows {
            #expect(row.actorAccount == Self.clerk.actorAccount)
            #expect(row.role == "clerk")
            #expect(row.institution == "91150100MA0N00000X")
            #expect(row.requestID == "req-42")
            #expect(row.action == "catalog.submit")
            #expect(row.entity == "audit_test_item")
            #expect(row.recordID == "a")
            #expect(row.hash?.count == 32)
        }
        // The redacted column never reaches the log in clear. An update keeps the old values of what it changed.
        #expect(rows[0].afterSecret == "[redacted]")
        #expect(rows[1].before == #"{"name": "Alpha"}"# && rows[1].afterSecret == "[redacted]")
        #expect(rows[2].beforeSecret == "[redacted]" && rows[2].afterSecret == nil)
        #expect(rows[1].afterName == "Alpha 2")
        // Each row is linked to the one before it, and the head is the last row.
        #expect(rows[0].prevHash == before.hash)
        #expect(rows[1].prevHash == rows[0].hash)
        #expect(rows[2].prevHash == rows[1].hash)
        let head = try await sealedHead(database)
        #expect(head.sequence == rows[2].seq && head.hash == rows[2].hash)
        try await database.drop()
    }

    @Test("without a context the action is the SQL operation and no actor is named")
    func defaultsWithoutContext() async throws {
        let database = try await auditedDatabase()
        let before = try await sealedHead(database)
        try await database.client.withTransaction { connection in
            try connection.query("insert into audit_test_item (id, name) values ('plain', 'Plain')")
        }
        let rows = try await loggedRows(after: before.sequence, in: database)
        try #require(rows.count == 1)
        #expect(rows[0].action == "insert")
        #expect(rows[0].actorAccount == nil && rows[0].role == nil && rows[0].requestID == nil)
        // A null value of a redacted column stays null: there is nothing to hide.
        #expect(rows[0].afterSecret == nil)
        try await database.drop()
    }

    @Test("the row trigger writes the trail beside it, whatever audit_log the session's search_path finds first (A44.1)")
    func trailBesideTheTrigger() async throws {
        let database = try await auditedDatabase()
        let before = try await sealedHead(database)
        let decoyRows = try database.withAdminConnection { connection in
            try connection.transaction { connection in
                try connection.execute(
                    script: """
                        create schema decoy;
                        create table decoy.audit_log (like public.audit_log);
                        create sequence decoy.audit_log_seq start 1000000;
                        set local search_path = decoy, public;
                        insert into audit_test_item (id, name) values ('elsewhere', 'n');
                        """
                )
                return try connection.query("select count(*)::int as n from decoy.audit_log").first!.decode("n", as: Int.self)
            }
        }
        #expect(decoyRows == 0)
        let rows = try await loggedRows(after: before.sequence, in: database)
        #expect(rows.map(\.recordID) == ["elsewhere"] && rows.first?.seq == before.sequence + 1)
        #expect(try await verify(database).isIntact)
        try await database.drop()
    }

    @Test("a composite key is recorded as a JSON array")
    func compositeKey() async throws {
        let database = try await auditedDatabase()
        let recordID = try await database.client.withTransaction { connection in
            try connection.execute(
                script: """
                    create table audit_test_pair (a int, b text, v text, primary key (a, b));
                    create trigger audit_test_pair_audit after insert or update or delete on audit_test_pair
                        for each row execute function audit_row_change('a, b');
                    insert into audit_test_pair values (150000, 'x', 'v');
                    """
            )
            return try connection.query("select record_id from audit_log where entity = 'audit_test_pair'").first!
                .decode("record_id", as: String.self)
        }
        #expect(recordID == #"[150000, "x"]"#)
        try await database.drop()
    }

    @Test("a redacted or key column that the table lacks is an error, never a silent leak")
    func unknownColumnIsAnError() async throws {
        let database = try await auditedDatabase()
        await #expect(throws: PostgresError.self) {
            try await database.client.withTransaction { connection in
                try connection.execute(
                    script: """
                        create table audit_test_typo (id text primary key, citizen_id text);
                        create trigger audit_test_typo_audit after insert on audit_test_typo
                            for each row execute function audit_row_change('id', 'citizen_no');
                        insert into audit_test_typo values ('1', '150102199001011234');
                        """
                )
            }
        }
        try await database.drop()
    }

    @Test("an update logs the old values of the columns it changed and the whole row after, a redacted column redacted")
    func updateLogsChangedValues() async throws {
        let database = try await auditedDatabase()
        let before = try await sealedHead(database)
        try await database.client.withTransaction(auditedAs: Self.clerk) { connection in
            try connection.query("insert into audit_test_item (id, name, secret) values ('b', 'Beta', 'old secret')")
            try connection.query("update audit_test_item set secret = 'new secret', note = 'noted' where id = 'b'")
        }
        let rows = try await loggedRows(after: before.sequence, in: database)
        try #require(rows.count == 2)
        #expect(rows[1].before == #"{"note": null, "secret": "[redacted]"}"#)
        #expect(rows[1].afterSecret == "[redacted]" && rows[1].afterName == "Beta")
        let restored = try await database.client.withConnection { connection in
            try connection.query(
                """
                select (u.after || u.before) = i.after as restored
                  from audit_log i, audit_log u where i.seq = \(rows[0].seq) and u.seq = \(rows[1].seq)
                """
            ).first?.decode("restored", as: Bool.self)
        }
        #expect(restored == true, "the row before the update is the row after with the old values put back")
        #expect(try await verify(database).isIntact)
        try await database.drop()
    }

    @Test("a check constraint added to audit_log holds for the next row the trigger writes in the same session")
    func addedCheckConstraintHolds() async throws {
        let database = try await auditedDatabase()
        try await database.client.withConnection { connection in
            try connection.query("insert into audit_test_item (id, name) values ('c', 'Gamma')")
            try connection.query("alter table audit_log add constraint audit_test_no_delete check (operation <> 'delete')")
            #expect(throws: PostgresError.self) { try connection.query("delete from audit_test_item where id = 'c'") }
            try connection.query("alter table audit_log drop constraint audit_test_no_delete")
            try connection.query("delete from audit_test_item where id = 'c'")
        }
        #expect(try await database.client.withConnection { try $0.query("select 1 from audit_test_item").count } == 0)
        try await database.drop()
    }

    @Test("rows inserted in bulk are audited once per key value of the statement, every row in the image")
    func bulkInsertsAuditedPerStatement() async throws {
        let database = try await auditedDatabase()
        let before = try await sealedHead(database)
        let logged = try await database.client.withTransaction(auditedAs: Self.clerk) { connection in
            try connection.execute(
                script: """
                    create table audit_test_score (run int, unit text, value int, primary key (run, unit));
                    create trigger audit_test_score_audit_inserts after insert on audit_test_score
                        referencing new table as new_rows
                        for each statement execute function audit_rows_inserted('run');
                    insert into audit_test_score values (2, 'b', 20), (1, 'b', 10), (1, 'a', 11);
                    insert into audit_test_score select 3, 'c', 30 where false;
                    """
            )
            return try connection.query(
                """
                select record_id, operation || ' ' || action || ' ' || actor_role || ' ' || request_id as who,
                       coalesce(before::text, 'none') as before, after::text as after
                  from audit_log where seq > \(before.sequence) order by seq
                """
            ).map { row in
                try [
                    row.decode("record_id", as: String.self), row.decode("who", as: String.self),
                    row.decode("before", as: String.self), row.decode("after", as: String.self),
                ]
            }
        }
        #expect(logged.map { $0[0] } == ["1", "2"])
        #expect(logged.allSatisfy { $0[1] == "insert catalog.submit clerk req-42" && $0[2] == "none" })
        #expect(logged.first?[3] == #"[{"run": 1, "unit": "a", "value": 11}, {"run": 1, "unit": "b", "value": 10}]"#)
        #expect(logged.last?[3] == #"[{"run": 2, "unit": "b", "value": 20}]"#)
        #expect(try await verify(database).isIntact)
        await #expect(throws: PostgresError.self) {
            try await database.client.withTransaction { connection in
                try connection.execute(
                    script: """
                        create table audit_test_typo (id int primary key);
                        create trigger audit_test_typo_audit_inserts after insert on audit_test_typo
                            referencing new table as new_rows
                            for each statement execute function audit_rows_inserted('run');
                        insert into audit_test_typo values (1);
                        """
                )
            }
        }
        try await database.drop()
    }

    @Test("a rolled-back transaction leaves no audit row; the gap its number leaves is linked over by the sealed chain")
    func rollbackLeavesNoRow() async throws {
        let database = try await auditedDatabase()
        let before = try await sealedHead(database)
        await #expect(throws: Rollback.self) {
            try await database.client.withTransaction(auditedAs: Self.clerk) { connection in
                try connection.query("insert into audit_test_item (id, name) values ('gone', 'Rolled back')")
                throw Rollback()
            }
        }
        let afterRollback = try await sealedHead(database)
        #expect(afterRollback == before)
        try await database.client.withTransaction(auditedAs: Self.clerk) { connection in
            try connection.query("insert into audit_test_item (id, name) values ('kept', 'Kept')")
        }
        let rows = try await loggedRows(after: before.sequence, in: database)
        #expect(rows.map(\.seq) == [before.sequence + 2], "the rolled-back transaction drew number \(before.sequence + 1)")
        #expect(rows.map(\.recordID) == ["kept"])
        #expect(try await verify(database).isIntact)
        #expect(try await loggedRows(after: before.sequence, in: database).first?.prevHash == before.hash)
        try await database.drop()
    }

    @Test("one transaction writing many rows, with a savepoint rolled back, is sealed whole, in order, without the undone row")
    func bulkTransactionChainsOnce() async throws {
        let database = try await auditedDatabase()
        let before = try await sealedHead(database)
        try await database.client.withTransaction(auditedAs: Self.clerk) { connection in
            try connection.query("insert into audit_test_item (id, name) select 'bulk-' || g, 'n' from generate_series(1, 5000) g")
            try connection.execute(script: "savepoint partial")
            try connection.query("insert into audit_test_item (id, name) values ('undone', 'n')")
            try connection.execute(script: "rollback to savepoint partial")
            try connection.query("update audit_test_item set note = 'u' where id = 'bulk-1'")
        }
        let head = try await sealedHead(database)
        #expect(head.sequence == before.sequence + 5002, "the undone row's number is a gap")
        let rows = try await loggedRows(after: before.sequence, in: database)
        #expect(rows.map(\.seq) == Array((before.sequence + 1)...(before.sequence + 5000)) + [before.sequence + 5002])
        #expect(!rows.map(\.recordID).contains("undone"))
        #expect(rows.last?.hash == head.hash)
        let verification = try await verify(database, expectedHead: head.hash)
        #expect(verification.isIntact, "\(verification.summary)")
        try await database.drop()
    }

    @Test("concurrent writers, some rolling back, give one intact chain holding every committed row in number order")
    func concurrentWriters() async throws {
        let database = try await auditedDatabase()
        let before = try await sealedHead(database)
        let writers = 4
        let perWriter = 12
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The sealer runs meanwhile, as `registry serve` runs it, and seals while commits interleave.
            group.addTask {
                for _ in 0..<20 {
                    _ = try await database.client.withConnection { try AuditTrail.seal(on: $0) }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            for writer in 0..<writers {
                group.addTask {
                    for index in 0..<perWriter {
                        let id = "w\(writer)-\(index)"
                        do {
                            try await database.client.withTransaction(auditedAs: Self.clerk) { connection in
                                try connection.query("insert into audit_test_item (id, name) values (\(id), 'n')")
                                try connection.query("update audit_test_item set note = 'u' where id = \(id)")
                                if index % 3 == 0 { throw Rollback() }
                            }
                        } catch is Rollback {}
                    }
                }
            }
            try await group.waitForAll()
        }
        let committed = writers * (perWriter - (perWriter + 2) / 3)
        let rows = try await loggedRows(after: before.sequence, in: database)
        #expect(rows.count == committed * 2)
        #expect(Set(rows.map(\.recordID)).count == committed)
        let verification = try await verify(database)
        #expect(verification.isIntact, "\(verification.summary)")
        let sealed = try await loggedRows(after: before.sequence, in: database)
        #expect(sealed.allSatisfy { $0.hash != nil } && zip(sealed, sealed.dropFirst()).allSatisfy { $0.hash == $1.prevHash })
        try await database.drop()
    }

    @Test("seq, digest, time and database user that a client supplies are ignored")
    func clientCannotChooseChainFields() async throws {
        let database = try await auditedDatabase()
        let before = try await sealedHead(database)
        let row = try await database.client.withTransaction(auditedAs: Self.clerk) { connection in
            try connection.query(
                """
                insert into audit_log (seq, operation, action, entity, record_id, digest, occurred_at, db_user)
                values (999, 'insert', 'manual.note', 'audit_test_item', 'z', sha256('forged'), '2000-01-01', 'mallory')
                returning seq, db_user = session_user as real_user, occurred_at = now() as real_time,
                          actor_role, request_id
                """
            ).first!
        }
        #expect(try row.decode("seq", as: Int64.self) == before.sequence + 1)
        #expect(try row.decode("real_user", as: Bool.self))
        #expect(try row.decode("real_time", as: Bool.self))
        // Unset actor fields are filled from the transaction's context.
        #expect(try row.decodeIfPresent("actor_role", as: String.self) == "clerk")
        #expect(try row.decodeIfPresent("request_id", as: String.self) == "req-42")
        #expect(try await verify(database).isIntact)
        try await database.drop()
    }

    // MARK: - Append-only

    @Test(
        "UPDATE, DELETE and TRUNCATE on audit_log and its links are refused, and a link not written by the sealer",
        arguments: [
            "update audit_log set actor_role = 'reviewer'",
            "update audit_log set actor_role = 'reviewer' where false",
            "delete from audit_log",
            "truncate audit_log",
            "update audit_link set hash = sha256('forged')",
            "delete from audit_link",
            "truncate audit_link",
            "insert into audit_link select seq + 1000, hash, sha256('forged') from audit_link order by seq desc limit 1",
        ]
    )
    func appendOnly(statement: String) async throws {
        let database = try await auditedDatabase()
        _ = try await writeItems(1, on: database)
        let error = await #expect(throws: PostgresError.self) {
            try await database.client.withConnection { try $0.query("\(unescaped: statement)") }
        }
        #expect(error?.sqlState == "23514")
        #expect(error?.constraint == "audit_log_append_only_a44_1")
        #expect(error.flatMap { RegistryError($0).article } == "A44.1")
        #expect(try await verify(database).isIntact)
        try await database.drop()
    }

    @Test(
        "the chain head cannot be changed directly",
        arguments: [
            "update audit_chain set seq = seq + 1, hash = sha256('forged')",
            "update audit_chain set seq = 0",
            "delete from audit_chain",
            "insert into audit_chain values (7, sha256('forged'))",
            "truncate audit_chain",
        ]
    )
    func chainHeadGuarded(statement: String) async throws {
        let database = try await auditedDatabase()
        _ = try await writeItems(1, on: database)
        let error = await #expect(throws: PostgresError.self) {
            try await database.client.withConnection { try $0.query("\(unescaped: statement)") }
        }
        #expect(error?.sqlState == "23514")
        #expect(error?.constraint == "audit_chain_advanced_by_log_only_a44_1")
        #expect(error.map { RegistryError($0).code } == .ruleViolation)
        try await database.drop()
    }

    // MARK: - Verification

    @Test("an intact chain verifies, whatever the session's time zone and date style")
    func intactChainVerifies() async throws {
        let database = try await auditedDatabase()
        _ = try await writeItems(3, on: database)
        // Rows written and verified under other session settings hash the same.
        let underOtherSettings = try await database.client.withConnection { connection in
            try connection.transaction { connection in
                try connection.execute(script: "set local TimeZone = 'Asia/Shanghai'; set local DateStyle = 'SQL, DMY'")
                try Self.clerk.apply(on: connection)
                try connection.query("insert into audit_test_item (id, name) values ('tz', 'Shanghai time')")
                return try AuditTrail.verify(on: connection)
            }
        }
        #expect(underOtherSettings.isIntact, "\(underOtherSettings.summary)")
        let verification = try await verify(database)
        let head = try await sealedHead(database)
        #expect(verification.isIntact)
        #expect(verification.brokenSequence == nil && verification.problem == nil)
        #expect(verification.head == head)
        #expect(verification.rowsChecked == head.sequence)
        #expect(verification.summary == "OK: \(head.sequence) rows, head \(head.sequence) \(head.hashHex)")
        #expect(verification.head.hashHex.count == 64)
        // The current head and an earlier one are both contained in the chain.
        #expect(try await verify(database, expectedHead: head.hash).isIntact)
        try await database.drop()
    }

    @Test("an edited row is caught")
    func editedRow() async throws {
        let database = try await auditedDatabase()
        let base = try await writeItems(5, on: database)
        let target = base.sequence + 3
        try tamper(database, "update audit_log set actor_role = 'reviewer' where seq = \(target)")
        let verification = try await verify(database)
        #expect(!verification.isIntact)
        #expect(verification.brokenSequence == target)
        #expect(verification.problem?.contains("altered") == true)
        #expect(verification.summary.hasPrefix("BROKEN at sequence \(target): "))
        try await database.drop()
    }

    @Test("an edited row whose hash was recomputed is caught at the next row")
    func editedRowWithRecomputedHash() async throws {
        let database = try await auditedDatabase()
        let base = try await writeItems(5, on: database)
        let target = base.sequence + 3
        try tamper(
            database,
            """
            update audit_log set actor_role = 'reviewer' where seq = \(target);
            update audit_log l set digest = sha256(convert_to(audit_canonical(l), 'UTF8')) where seq = \(target);
            update audit_link k set hash = audit_link_hash(k.prev_hash, l)
              from audit_log l where l.seq = k.seq and k.seq = \(target);
            """
        )
        let verification = try await verify(database)
        #expect(!verification.isIntact)
        #expect(verification.brokenSequence == target + 1)
        try await database.drop()
    }

    @Test(
        "a deleted row is caught: alone, with its link, or with its link and the later rows renumbered",
        arguments: ["alone", "with its link", "renumbered"]
    )
    func deletedRow(kind: String) async throws {
        let database = try await auditedDatabase()
        let base = try await writeItems(5, on: database)
        let target = base.sequence + 2
        var script = "delete from audit_log where seq = \(target);"
        if kind != "alone" { script += "delete from audit_link where seq = \(target);" }
        if kind == "renumbered" {
            script += """
                update audit_log set seq = seq - 1 where seq > \(target); update audit_link set seq = seq - 1 where seq > \(target);
                update audit_chain set seq = seq - 1;
                """
        }
        try tamper(database, script)
        let verification = try await verify(database)
        #expect(!verification.isIntact)
        #expect(verification.brokenSequence == target)
        switch kind {
        case "alone":
            #expect(verification.problem == "row \(target) is missing: its link is in the chain but the row is gone")
        case "with its link":
            #expect(
                verification.problem
                    == "row \(target + 1) does not link to row \(target - 1), the sealed row before it: rows between them are missing"
            )
        default:
            #expect(verification.problem?.contains("does not link to the row before it") == true, "\(verification.summary)")
        }
        try await database.drop()
    }

    @Test("two rows whose contents were swapped are caught, with or without their hashes", arguments: [false, true])
    func swappedRows(withHashes: Bool) async throws {
        let database = try await auditedDatabase()
        let base = try await writeItems(5, on: database)
        let first = base.sequence + 2
        let second = base.sequence + 3
        let columns =
            "occurred_at, actor_account, actor_role, actor_institution, db_user, operation, action, entity, "
            + "record_id, before, after, request_id"
        var script = """
            update audit_log a set (\(columns)) = (select \(columns) from audit_log b where b.seq = \(first + second) - a.seq)
            where a.seq in (\(first), \(second));
            """
        if withHashes {
            script += """
                update audit_link a set (prev_hash, hash) = (select prev_hash, hash from audit_link b where b.seq = \(first + second) - a.seq)
                where a.seq in (\(first), \(second));
                """
        }
        try tamper(database, script)
        let verification = try await verify(database)
        #expect(!verification.isIntact)
        #expect(verification.brokenSequence == first)
        try await database.drop()
    }

    @Test("rows cut off at the tail are caught; with the head rewound too, only against the earlier head hash")
    func cutOffTail() async throws {
        let database = try await auditedDatabase()
        let base = try await writeItems(5, on: database)
        let anchor = try await sealedHead(database)
        let kept = base.sequence + 3

        try tamper(database, "delete from audit_log where seq > \(kept); delete from audit_link where seq > \(kept)")
        let headNotRewound = try await verify(database)
        #expect(!headNotRewound.isIntact)
        #expect(headNotRewound.brokenSequence == kept + 1)
        #expect(headNotRewound.problem?.contains("missing at the tail") == true)

        try tamper(
            database,
            """
            update audit_chain set (seq, hash, sealed_rows)
                = (select seq, hash, (select count(*) from audit_link) from audit_link where seq = \(kept))
            """
        )
        let rewound = try await verify(database)
        #expect(rewound.isIntact, "without an anchor a consistent cut is indistinguishable from a shorter log")
        #expect(rewound.head.sequence == kept)

        let anchored = try await verify(database, expectedHead: anchor.hash)
        #expect(!anchored.isIntact)
        #expect(anchored.brokenSequence == kept + 1)
        #expect(anchored.problem?.contains(anchor.hashHex) == true)
        #expect(anchored.summary.hasPrefix("BROKEN at sequence \(kept + 1): the chain no longer contains the expected head"))
        try await database.drop()
    }

    @Test("a chain rewritten and rehashed by a superuser verifies, but not against the anchors kept outside (A44.1)")
    func anchorsCatchRewrittenChain() async throws {
        let database = try await auditedDatabase()
        let file = AuditAnchorFile(path: NSTemporaryDirectory() + "anchors-\(UUID().uuidString).txt")
        let anchor = { try await database.client.withConnection { try AuditAnchor.take(on: $0) } }
        _ = try await sealedHead(database)  // anchors hold sealed heads
        try file.append(try await anchor())
        let base = try await writeItems(5, on: database)
        try file.append(try await anchor())
        let anchors = try file.read()
        #expect(anchors.count == 2 && anchors[0].head == base && anchors[1].head.sequence == base.sequence + 5)
        #expect(try await database.client.withConnection { try AuditTrail.check(anchors: anchors, on: $0) }.isEmpty)

        // Row base + 4 is edited and it and every later row rehashed, the head moved along: a consistent forgery.
        let target = base.sequence + 4
        try tamper(
            database,
            """
            update audit_log set actor_role = 'reviewer' where seq = \(target);
            update audit_log l set digest = sha256(convert_to(audit_canonical(l), 'UTF8')) where seq = \(target);
            do $$
            declare
                s bigint;
                prev bytea := (select hash from audit_link where seq = \(target - 1));
            begin
                for s in select seq from audit_link where seq >= \(target) order by seq loop
                    update audit_link k set prev_hash = prev, hash = audit_link_hash(prev, l)
                      from audit_log l where l.seq = k.seq and k.seq = s returning k.hash into prev;
                end loop;
                update audit_chain set hash = prev;
            end
            $$;
            """
        )
        #expect(try await verify(database).isIntact, "rehashed throughout, the chain itself cannot tell")
        let mismatches = try await database.client.withConnection { try AuditTrail.check(anchors: anchors, on: $0) }
        #expect(mismatches.map(\.anchor) == [anchors[1]], "the earlier anchor still holds, the later one is caught")
        #expect(mismatches.first?.found != nil && mismatches.first?.found != anchors[1].head.hash)
        try? FileManager.default.removeItem(atPath: file.path)
        try await database.drop()
    }

    // MARK: - Sealing after commit

    /// A transaction left open on a connection of its own: begun, audited as the clerk, `statement` run.
    private func openWriter(_ database: TestDatabase, _ statement: SQL) throws -> Connection {
        let connection = try Connection(configuration: database.configuration)
        try connection.query("begin")
        try Self.clerk.apply(on: connection)
        try connection.query(statement)
        return connection
    }

    private func insertItem(_ id: String, on client: PostgresClient) async throws {
        try await client.withTransaction(auditedAs: Self.clerk) { connection in
            try connection.query("insert into audit_test_item (id, name) values (\(id), 'n')")
        }
    }

    @Test("a writer still running holds back the rows numbered after it; once it commits both are sealed in number order (A44.1)")
    func sealerWaitsForWritersRunning() async throws {
        let database = try await auditedDatabase()
        let before = try await sealedHead(database)
        let slow = try openWriter(database, "insert into audit_test_item (id, name) values ('slow', 'n')")
        try await insertItem("fast", on: database.client)  // commits first, with the higher number

        let held = try await database.client.withConnection { try AuditTrail.sealAll(attempts: 3, on: $0) }
        #expect(held.ran && held.sealed == 0 && held.waiting && held.head == before, "\(held)")
        let waiting = try await loggedRows(after: before.sequence, in: database)
        #expect(waiting.map(\.recordID) == ["fast"] && waiting.first?.seq == before.sequence + 2 && waiting.first?.hash == nil)
        let unsealed = try await database.client.withConnection { try AuditTrail.verify(on: $0) }
        #expect(unsealed.isIntact && unsealed.unsealedRows == 1 && unsealed.head == before, "\(unsealed.summary)")
        #expect(unsealed.summary.contains("(1 not yet sealed)"))

        try slow.query("commit")
        let head = try await sealedHead(database)
        let rows = try await loggedRows(after: before.sequence, in: database)
        #expect(rows.map(\.recordID) == ["slow", "fast"])
        #expect(rows.first?.prevHash == before.hash && rows.last?.prevHash == rows.first?.hash && rows.last?.hash == head.hash)
        let verification = try await verify(database)
        #expect(verification.isIntact && verification.unsealedRows == 0, "\(verification.summary)")
        try await database.drop()
    }

    @Test("a writer left open in another database does not hold back the sealer: xids are the cluster's, the log is not (A44.1)")
    func otherDatabaseDoesNotHoldBackSealer() async throws {
        let database = try await auditedDatabase()
        let other = try await auditedDatabase()
        let elsewhere = try openWriter(other, "insert into audit_test_item (id, name) values ('elsewhere', 'n')")
        let before = try await sealedHead(database)
        try await insertItem("here", on: database.client)
        let head = try await sealedHead(database)
        #expect(head.sequence > before.sequence, "sealed while the other database's writer is still open")
        try elsewhere.query("rollback")
        try await other.drop()
        try await database.drop()
    }

    @Test(
        "an edited, swapped or hand-inserted row not sealed yet is found, before and after the sealer passes it (A44.1)",
        arguments: ["edited", "swapped", "inserted behind the sealer", "inserted with a number never handed out"]
    )
    func unsealedTamperingFound(kind: String) async throws {
        let database = try await auditedDatabase()
        // A rolled-back writer leaves a number free, which the sealer passes over.
        await #expect(throws: Rollback.self) {
            try await database.client.withTransaction(auditedAs: Self.clerk) { connection in
                try connection.query("insert into audit_test_item (id, name) values ('gone', 'n')")
                throw Rollback()
            }
        }
        let free = try await database.client.withConnection { connection in
            try connection.query("select last_value from audit_log_seq").first!.decode("last_value", as: Int64.self)
        }
        _ = try await writeItems(1, on: database)  // sealed, numbered free + 1
        let first = free + 1
        for index in 1...3 { try await insertItem("unsealed-\(index)", on: database.client) }  // first + 1 … first + 3
        let handedOut = first + 3
        let forged = """
            insert into audit_log (seq, operation, action, entity, record_id, after)
            values (%SEQ%, 'insert', 'forged', 'audit_test_item', 'forged', '{}');
            update audit_log l set digest = sha256(convert_to(audit_canonical(l), 'UTF8')) where seq = %SEQ%;
            """
        let broken: Int64
        switch kind {
        case "edited":
            try tamper(database, "update audit_log set actor_role = 'reviewer' where seq = \(first + 2)")
            broken = first + 2
        case "swapped":
            let columns = "actor_role, record_id, after, digest"
            try tamper(
                database,
                """
                update audit_log a set (\(columns)) = (select \(columns) from audit_log b where b.seq = \(2 * first + 3) - a.seq)
                 where a.seq in (\(first + 1), \(first + 2));
                """
            )
            broken = first + 1
        case "inserted behind the sealer":
            try tamper(database, forged.replacingOccurrences(of: "%SEQ%", with: "\(free)"))
            broken = free
        default:
            try tamper(database, forged.replacingOccurrences(of: "%SEQ%", with: "\(handedOut + 10)"))
            broken = handedOut + 10
        }
        let unsealed = try await database.client.withConnection { try AuditTrail.verify(on: $0) }
        #expect(!unsealed.isIntact)
        #expect(unsealed.brokenSequence == broken, "\(unsealed.summary)")
        // The sealer links rows by the digests their writers stamped (sql/0146): it seals an edited row as it is, and
        // verify still finds it, by its digest.
        let sealing = try await database.client.withConnection { try AuditTrail.sealAll(on: $0) }
        if kind == "edited" || kind == "swapped" {
            #expect(sealing.problem == nil, "\(sealing)")
            #expect(sealing.head.sequence == handedOut, "sealed through the edited rows")
        }
        let verification = try await verify(database)
        #expect(!verification.isIntact)
        #expect(verification.brokenSequence == broken, "\(verification.summary)")
        if kind == "edited" || kind == "swapped" {
            #expect(verification.problem?.contains("row \(broken) was altered") == true, "\(verification.summary)")
        }
        try await database.drop()
    }

    @Test("a row written past the triggers without a digest stops the sealer before it, and verify names it (A44.1)")
    func rowWithoutDigestNotSealed() async throws {
        let database = try await auditedDatabase()
        let before = try await sealedHead(database)
        try await insertItem("first", on: database.client)
        try tamper(
            database,
            """
            insert into audit_log (seq, operation, action, entity, record_id, after)
            values (nextval('audit_log_seq'), 'insert', 'forged', 'audit_test_item', 'forged', '{}')
            """
        )
        try await insertItem("after", on: database.client)
        let sealing = try await database.client.withConnection { try AuditTrail.sealAll(on: $0) }
        let forged = before.sequence + 2
        #expect(sealing.problem == "row \(forged) has no digest: it was written past the audit triggers", "\(sealing)")
        #expect(sealing.head.sequence == forged - 1, "sealed up to the row before")
        let verification = try await database.client.withConnection { try AuditTrail.verify(on: $0) }
        #expect(!verification.isIntact)
        #expect(verification.brokenSequence == forged, "\(verification.summary)")
        try await database.drop()
    }

    @Test("a row inserted into the sealed chain, linked and hashed, is caught at the row after it (A44.1)")
    func insertedSealedRowFound() async throws {
        let database = try await auditedDatabase()
        await #expect(throws: Rollback.self) {
            try await database.client.withTransaction(auditedAs: Self.clerk) { connection in
                try connection.query("insert into audit_test_item (id, name) values ('gone', 'n')")
                throw Rollback()
            }
        }
        let free = try await database.client.withConnection { connection in
            try connection.query("select last_value from audit_log_seq").first!.decode("last_value", as: Int64.self)
        }
        _ = try await writeItems(2, on: database)  // sealed: free + 1, free + 2
        try tamper(
            database,
            """
            insert into audit_log (seq, operation, action, entity, record_id, after)
            values (\(free), 'insert', 'forged', 'audit_test_item', 'forged', '{}');
            update audit_log l set digest = sha256(convert_to(audit_canonical(l), 'UTF8')) where l.seq = \(free);
            insert into audit_link (seq, prev_hash, hash)
            select l.seq, p.hash, audit_link_hash(p.hash, l)
              from audit_log l, (select hash from audit_link where seq < \(free) order by seq desc limit 1) p
             where l.seq = \(free);
            """
        )
        let verification = try await verify(database)
        #expect(!verification.isIntact)
        #expect(verification.brokenSequence == free + 1, "\(verification.summary)")
        #expect(verification.problem?.contains("does not link to the row before it") == true)
        try await database.drop()
    }

    @Test("a crash between commit and sealing loses no row and breaks no chain: a new client seals and verifies (A44.1)")
    func crashBeforeSealing() async throws {
        let database = try await auditedDatabase()
        let before = try await sealedHead(database)
        let writer = PostgresClient(configuration: database.configuration, maxConnections: 2)
        for index in 1...3 { try await insertItem("committed-\(index)", on: writer) }
        // A writer killed mid-transaction holds a number; a sealer killed mid-run had sealed inside its transaction.
        let killedWriter = try openWriter(database, "insert into audit_test_item (id, name) values ('killed', 'n')")
        try await insertItem("committed-4", on: writer)
        try await writer.shutdown()
        let killedSealer = try Connection(configuration: database.configuration)
        try killedSealer.query("begin")
        for _ in 1...2 { _ = try killedSealer.query("select * from audit_seal()") }
        for connection in [killedWriter, killedSealer] {
            let pid = try connection.query("select pg_backend_pid() as pid").first!.decode("pid", as: Int32.self)
            try database.withAdminConnection { try $0.query("select pg_terminate_backend(\(pid), 5000)") }
        }
        #expect(try await database.client.withConnection { try AuditTrail.head(on: $0) } == before, "the killed sealer sealed nothing")

        let fresh = PostgresClient(configuration: database.configuration, maxConnections: 1)
        let (sealing, verification) = try await fresh.withConnection { connection in
            (try AuditTrail.sealAll(on: connection), try AuditTrail.verify(on: connection))
        }
        try await fresh.shutdown()
        #expect(sealing.ran && sealing.sealed == 4 && sealing.problem == nil, "\(sealing)")
        #expect(verification.isIntact && verification.unsealedRows == 0, "\(verification.summary)")
        let rows = try await loggedRows(after: before.sequence, in: database)
        #expect(rows.map(\.recordID) == ["committed-1", "committed-2", "committed-3", "committed-4"])
        #expect(rows.last?.hash == verification.head.hash)
        try await database.drop()
    }

    @Test("two sealers cannot both run: while one holds the lock, another returns at once and seals nothing (A44.1)")
    func oneSealerAtATime() async throws {
        let database = try await auditedDatabase()
        let before = try await sealedHead(database)
        for index in 1...2 { try await insertItem("item-\(index)", on: database.client) }
        let first = try Connection(configuration: database.configuration)
        try first.query("begin")
        #expect(try first.query("select ran from audit_seal()").first!.decode("ran", as: Bool.self))

        let second = try await database.client.withConnection { try AuditTrail.sealAll(on: $0) }
        #expect(!second.ran && second.sealed == 0 && second.head == before, "\(second)")
        #expect(second.description == "another sealer is running: nothing sealed")
        #expect(try await loggedRows(after: before.sequence, in: database).allSatisfy { $0.hash == nil })

        try first.query("commit")
        let head = try await sealedHead(database)
        #expect(head.sequence == before.sequence + 2)
        #expect(try await verify(database).isIntact)
        try await database.drop()
    }

    @Test(
        "no role but the sealer's writes a link, a sealed row's link is never written again or changed, rows are never updated; the sealer needs READ COMMITTED (A44.1)"
    )
    func onlyTheSealerSeals() async throws {
        let database = try await auditedDatabase()
        _ = try await writeItems(1, on: database)
        try await insertItem("unsealed", on: database.client)
        let (sealed, unsealed) = try await database.client.withConnection { connection in
            let row = try connection.query("select max(seq) filter (where hash is not null) as s, max(seq) as u from audit_entry").first!
            return (try row.decode("s", as: Int64.self), try row.decode("u", as: Int64.self))
        }
        let forge = { @Sendable (seq: Int64) -> SQL in
            "insert into audit_link (seq, prev_hash, hash) values (\(seq), sha256('a'), sha256('b'))"
        }
        let service = try Connection(configuration: database.asService)
        let byService = #expect(throws: PostgresError.self) { try service.query(forge(unsealed)) }
        #expect(byService?.sqlState == "42501")
        let byOwner = await #expect(throws: PostgresError.self) {
            try await database.client.withConnection { try $0.query(forge(unsealed)) }
        }
        #expect(byOwner?.constraint == "audit_log_append_only_a44_1")
        let asSealerRole = { (statement: SQL) throws -> PostgresError? in
            try database.withAdminConnection { connection in
                try connection.query("set role registry_audit")
                do { try connection.query(statement) } catch let error as PostgresError { return error }
                return nil
            }
        }
        #expect(try asSealerRole(forge(sealed))?.sqlState == "23505", "a sealed row's link is never written again")
        #expect(
            try asSealerRole("update audit_link set hash = sha256('b') where seq = \(sealed)")?.sqlState == "42501",
            "a link stays as written"
        )
        #expect(try asSealerRole("update audit_log set actor_role = 'x' where seq = \(unsealed)")?.sqlState == "42501")
        #expect(try asSealerRole("delete from audit_log where seq = \(unsealed)")?.sqlState == "42501")
        let repeatable = #expect(throws: PostgresError.self) {
            try service.transaction { connection in
                try connection.query("set transaction isolation level repeatable read")
                try connection.query("select * from audit_seal()")
            }
        }
        #expect(repeatable?.messagePrimary?.contains("READ COMMITTED") == true)
        #expect(try AuditTrail.sealAll(on: service).sealed == 1, "the service's role runs the sealer")
        #expect(try await verify(database).isIntact)
        try await database.drop()
    }

    @Test("hash hex round trip")
    func hashHex() {
        let hash = (0..<32).map { UInt8($0 * 7 % 256) }
        let head = AuditHead(sequence: 3, hash: hash)
        #expect(AuditHead.hash(fromHex: head.hashHex) == hash)
        #expect(AuditHead.hash(fromHex: #"\x"# + head.hashHex.uppercased()) == hash)
        #expect(AuditHead.hash(fromHex: "abc") == nil)
        #expect(AuditHead.hash(fromHex: String(repeating: "g", count: 64)) == nil)
        #expect(head.description == "3 \(head.hashHex)")
    }
}

@Suite("TRUNCATE of audited tables (A44.1)")
struct TruncateGuardTests {
    @Test("every table with the audit trigger refuses TRUNCATE, so no change escapes the trail")
    func auditedTablesRefuseTruncate() async throws {
        let database = try await TestDatabase.make()
        let (audited, guarded) = try await database.client.withConnection { connection in
            let audited = try connection.query(
                """
                select distinct t.tgrelid::regclass::text as name from pg_trigger t join pg_proc p on p.oid = t.tgfoid
                 where p.proname = 'audit_row_change' order by 1
                """
            ).map { try $0.decode("name", as: String.self) }
            let guarded = try connection.query(
                """
                select distinct t.tgrelid::regclass::text as name from pg_trigger t join pg_proc p on p.oid = t.tgfoid
                 where p.proname = 'refuse_truncate' order by 1
                """
            ).map { try $0.decode("name", as: String.self) }
            return (audited, guarded)
        }
        #expect(!audited.isEmpty)
        #expect(audited == guarded)
        for table in audited {
            let error = await #expect(throws: PostgresError.self) {
                try await database.client.withConnection { try $0.query("truncate \(unescaped: table) cascade") }
            }
            #expect(error?.constraint == "audited_table_no_truncate_a44_1")
        }
        try await database.drop()
    }
}
