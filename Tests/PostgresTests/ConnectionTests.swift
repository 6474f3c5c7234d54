import Foundation
import Postgres
import TestSupport
import Testing

@Suite("A real PostgreSQL over libpq")
struct ConnectionTests {
    @Test("values round-trip through parameters and typed decoding")
    func roundTrip() async throws {
        let database = try await TestDatabase.makeEmpty()
        let id = UUID()
        let moment = Date(timeIntervalSince1970: 1_717_459_200.123456)
        let row = try await database.client.withConnection { connection in
            try connection.query(
                """
                select \("内蒙古 'quoted' \\ back")::text as text, \(Int64.max)::int8 as big, \(Int32(-7))::int4 as small,
                       \(true)::bool as flag, \(Decimal(string: "12345.678901")!)::numeric as amount, \(2.5)::float8 as ratio,
                       \(id)::uuid as id, \(moment)::timestamptz as moment, '2024-06-04'::date as day,
                       \(["a", "b,c", "d\"e", "", "NULL"])::text[] as items, \([UInt8]([0, 1, 254, 255]))::bytea as bytes,
                       \(PostgresJSON(["k": "值"]))::jsonb as doc, null::text as nothing
                """
            ).first!
        }
        #expect(try row.decode("text", as: String.self) == "内蒙古 'quoted' \\ back")
        #expect(try row.decode("big", as: Int64.self) == .max)
        #expect(try row.decode("small", as: Int32.self) == -7)
        #expect(try row.decode("flag", as: Bool.self))
        #expect(try row.decode("amount", as: Decimal.self) == Decimal(string: "12345.678901"))
        #expect(try row.decode("ratio", as: Double.self) == 2.5)
        #expect(try row.decode("id", as: UUID.self) == id)
        #expect(abs(try row.decode("moment", as: Date.self).timeIntervalSince(moment)) < 0.000_001)
        #expect(try row.decode("day", as: String.self) == "2024-06-04")
        #expect(try row.decode("items", as: [String].self) == ["a", "b,c", "d\"e", "", "NULL"])
        #expect(try row.decode("bytes", as: [UInt8].self) == [0, 1, 254, 255])
        #expect(try row.decode("doc", as: PostgresJSON<[String: String]>.self).value == ["k": "值"])
        #expect(try row.decodeIfPresent("nothing", as: String.self) == nil)
        #expect(throws: PostgresDecodingError.self) { try row.decode("nothing", as: String.self) }
        try await database.drop()
    }

    @Test("hostile input is stored literally")
    func hostileInputStoredLiterally() async throws {
        let database = try await TestDatabase.makeEmpty()
        let hostile = "'); DROP TABLE x; --"
        let stored = try await database.client.withConnection { connection in
            try connection.execute(script: "create table x (value text)")
            try connection.query("insert into x (value) values (\(hostile))")
            return try connection.query("select value from x").first!.decode("value", as: String.self)
        }
        #expect(stored == hostile)
        try await database.drop()
    }

    @Test("a transaction that throws leaves no row")
    func throwingTransactionRollsBack() async throws {
        struct Refused: Error {}
        let database = try await TestDatabase.makeEmpty()
        try await database.client.withConnection { try $0.execute(script: "create table t (id int primary key)") }
        await #expect(throws: Refused.self) {
            try await database.client.withTransaction { connection in
                try connection.query("insert into t values (1)")
                throw Refused()
            }
        }
        let count = try await database.client.withConnection { try $0.query("select count(*) as n from t").first!.decode("n", as: Int.self) }
        #expect(count == 0)
        try await database.drop()
    }

    @Test("a statement with parameters is prepared once per session and survives failures and schema changes")
    func preparedStatements() async throws {
        let database = try await TestDatabase.makeEmpty()
        try await database.client.withConnection { connection in
            try connection.execute(script: "create table p (id int primary key, name text)")
            for id in 1...3 { try connection.query("insert into p (id, name) values (\(id), \("n\(id)"))") }
            let prepared = try connection.query("select count(*)::int as n from pg_prepared_statements where statement like 'insert into p%'")
            #expect(try prepared.first!.decode("n", as: Int.self) == 1)
            // A failing execution in a rolled-back transaction leaves the statement usable.
            #expect(throws: PostgresError.self) {
                try connection.transaction { try $0.query("insert into p (id, name) values (\(1), \("again"))") }
            }
            try connection.query("insert into p (id, name) values (\(4), \("n4"))")
            // `select *` over a table whose columns change: outside a transaction it is prepared anew and answers.
            let select: SQL = "select * from p where id = \(4)"
            #expect(try connection.query(select).columnNames == ["id", "name"])
            try connection.execute(script: "alter table p add column note text")
            #expect(try connection.query(select).columnNames == ["id", "name", "note"])
            // Inside a transaction the statement fails, the transaction with it; run again, it is prepared anew.
            try connection.execute(script: "alter table p add column extra text")
            #expect(throws: PostgresError.self) { try connection.transaction { try $0.query(select) } }
            #expect(try connection.transaction { try $0.query(select) }.columnNames == ["id", "name", "note", "extra"])
        }
        try await database.drop()
    }

    @Test("a transaction begun inside a transaction is refused, and the outer one rolls back whole")
    func nestedTransactionCaught() async throws {
        let database = try await TestDatabase.makeEmpty()
        try await database.client.withConnection { try $0.execute(script: "create table n (id int primary key)") }
        let error = await #expect(throws: PostgresError.self) {
            try await database.client.withTransaction { connection in
                try connection.query("insert into n values (\(1))")
                try connection.transaction { try $0.query("insert into n values (\(2))") }
            }
        }
        #expect(error?.kind == .unexpected)
        let count = try await database.client.withConnection { try $0.queryOne("select count(*)::int as n from n").decode("n", as: Int.self) }
        #expect(count == 0)
        try await database.drop()
    }

    @Test("statements run on generic plans inside withGenericPlans only, and the session's setting comes back after a throw")
    func genericPlans() async throws {
        let database = try await TestDatabase.makeEmpty()
        let mode: SQL = "select current_setting('plan_cache_mode') as m, \(1)::int as one"
        try await database.client.withConnection { connection in
            let inside = try connection.withGenericPlans { try connection.queryOne(mode).decode("m", as: String.self) }
            #expect(inside == "force_generic_plan")
            #expect(try connection.queryOne(mode).decode("m", as: String.self) == "auto")
            #expect(throws: PostgresError.self) {
                try connection.withGenericPlans { try connection.query("select 1 / \(0)::int") }
            }
            #expect(try connection.queryOne(mode).decode("m", as: String.self) == "auto")
        }
        try await database.drop()
    }

    @Test("a transaction whose prepared `select *` went stale after a migration runs again and succeeds")
    func stalePreparedStatementRetried() async throws {
        let database = try await TestDatabase.makeEmpty()
        let pool = PostgresClient(configuration: database.client.configuration, maxConnections: 1)
        let select: SQL = "select * from s where id = \(1)"
        try await pool.withConnection { connection in
            try connection.execute(script: "create table s (id int primary key, name text); insert into s values (1, 'a')")
            _ = try connection.query(select)
        }
        try await database.client.withConnection { try $0.execute(script: "alter table s add column note text") }
        let columns = try await pool.withTransaction { try $0.query(select).columnNames }
        #expect(columns == ["id", "name", "note"])
        try await pool.shutdown()
        try await database.drop()
    }

    @Test("server errors carry SQLSTATE and constraint but their description shows no values")
    func errorFields() async throws {
        let database = try await TestDatabase.makeEmpty()
        let error = await #expect(throws: PostgresError.self) {
            try await database.client.withConnection { connection in
                try connection.execute(script: "create table t (code text constraint t_code_unique unique)")
                try connection.query("insert into t values (\("secret-110105194912310021"))")
                try connection.query("insert into t values (\("secret-110105194912310021"))")
            }
        }
        #expect(error?.sqlState == "23505")
        #expect(error?.constraint == "t_code_unique")
        #expect(error?.isConstraintViolation == true)
        #expect(error.map { !String(describing: $0).contains("secret") } == true)
        try await database.drop()
    }

    @Test("COPY FROM STDIN loads special characters and NULLs, and a failing COPY loads nothing")
    func copyIn() async throws {
        let database = try await TestDatabase.makeEmpty()
        let rows: [[String?]] = (0..<5000).map { ["\($0)", "tab\there\nnew line \\ back 值", $0 % 7 == 0 ? nil : "x"] }
        let (copied, sample, nulls) = try await database.client.withConnection { connection in
            try connection.execute(script: "create table c (id int primary key, body text, maybe text)")
            let copied = try connection.copy(into: "c", columns: ["id", "body", "maybe"], rows: rows)
            let sample = try connection.query("select body from c where id = 42").first!.decode("body", as: String.self)
            let nulls = try connection.query("select count(*) as n from c where maybe is null").first!.decode("n", as: Int.self)
            return (copied, sample, nulls)
        }
        #expect(copied == 5000)
        #expect(sample == "tab\there\nnew line \\ back 值")
        #expect(nulls == 715)

        let duplicate: [[String?]] = [["1", "a", nil], ["1", "b", nil]]
        let error = await #expect(throws: PostgresError.self) {
            try await database.client.withTransaction { connection in
                try connection.copy(into: "c", columns: ["id", "body", "maybe"], rows: duplicate)
            }
        }
        #expect(error?.sqlState == "23505")
        let count = try await database.client.withConnection { try $0.query("select count(*) as n from c").first!.decode("n", as: Int.self) }
        #expect(count == 5000)
        try await database.drop()
    }

    @Test("a client program gets the connection's options on its command line and the password only in its environment (A35.1)")
    func programConnection() async throws {
        let database = try await TestDatabase.makeEmpty(maxConnections: 1)
        // The socket trusts every local user, so the password is carried but never checked.
        let url = database.connectionString + "&password=s3cr3t-pw&application_name=it%27s%20a%20%5C%20test"
        let program = try Connection(configuration: PostgresConfiguration(connectionString: url)).programConnection()
        #expect(!program.connectionString.contains("s3cr3t-pw"))
        #expect(program.environment == ["PGPASSWORD": "s3cr3t-pw"])
        let reached = try Connection(configuration: PostgresConfiguration(connectionString: program.connectionString))
        let row = try reached.query("select current_database() as name, current_setting('application_name') as app").first!
        #expect(try row.decode("name", as: String.self) == database.name)
        #expect(try row.decode("app", as: String.self) == "it's a \\ test")
        try await database.drop()
    }

    @Test("a read-only session reads and refuses every write (25006), as a streaming standby does")
    func readOnlySession() async throws {
        let database = try await TestDatabase.makeEmpty(maxConnections: 1)
        try await database.client.withConnection { try $0.query("create table note (text text)") }
        let connection = try Connection(configuration: database.configuration.readingOnly(as: "registry-reads"))
        let row = try connection.query("select count(*) as n, current_setting('application_name') as app from note").first!
        #expect(try row.decode("n", as: Int.self) == 0)
        #expect(try row.decode("app", as: String.self) == "registry-reads")
        let single = try #require(throws: PostgresError.self) { try connection.query("insert into note values ('x')") }
        let inTransaction = try #require(throws: PostgresError.self) {
            try connection.transaction { try $0.query("insert into note values ('x')") }
        }
        #expect(single.sqlState == "25006")
        #expect(inTransaction.sqlState == "25006")
        try await database.drop()
    }

    @Test("a session for requests plans without JIT and parallel workers; others keep the server's settings")
    func requestSession() async throws {
        let database = try await TestDatabase.makeEmpty(maxConnections: 1)
        let settings: SQL = "select current_setting('jit') as jit, current_setting('max_parallel_workers_per_gather') as workers"
        let request = try Connection(configuration: database.configuration.forRequests()).query(settings).first!
        #expect(try request.decode("jit", as: String.self) == "off")
        #expect(try request.decode("workers", as: String.self) == "0")
        let other = try Connection(configuration: database.configuration).query(settings).first!
        #expect(try other.decode("workers", as: String.self) != "0")
        try await database.drop()
    }

    @Test("a connection that breaks during COMMIT reports the outcome as unknown, never as a plain failure")
    func commitOutcomeUnknown() async throws {
        let database = try await TestDatabase.make(maxConnections: 1)
        let connection = try Connection(configuration: database.configuration)
        // A deferred trigger ends its own server process at COMMIT, as a crash or a network cut would.
        try connection.execute(
            script: """
                create table commit_probe (id int);
                create function commit_probe_die() returns trigger language plpgsql
                    as $$ begin perform pg_terminate_backend(pg_backend_pid()); return null; end $$;
                create constraint trigger commit_probe_die after insert on commit_probe deferrable initially deferred
                    for each row execute function commit_probe_die();
                """
        )
        #expect {
            try connection.transaction { try $0.query("insert into commit_probe values (1)") }
        } throws: { ($0 as? PostgresError)?.kind == .commitOutcomeUnknown }
        try await database.drop()
    }
}
