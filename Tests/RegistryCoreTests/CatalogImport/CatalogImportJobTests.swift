import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Catalog imports as jobs committed in chunks (A10.1–A10.3, A44.1): the upload queued by a clerk, run by a runner, one
/// transaction per chunk, resumed after the last whole chunk when its runner died.
@Suite("Catalog import jobs, committed in chunks (A10.3, A44.1)")
struct CatalogImportJobTests {
    /// A clerk of the fixture's importing institution.
    static func clerk(_ fixture: CatalogImportFixture) async throws -> Principal {
        let account = try await fixture.database.write(AuditContext(role: "test")) { connection in
            try AccountStore().create(
                NewAccount(role: .clerk, displayName: "卫健委登记员", institution: CatalogImportFixture.institution),
                on: connection
            ).0
        }
        return Principal(account: account, division: "150000", institutionKind: .publicInstitution, requestID: "req-upload")
    }

    static func queue(
        _ bytes: [UInt8],
        _ fixture: CatalogImportFixture,
        jobs: CatalogImportJobs,
        clerk: Principal,
        allOrNothing: Bool = false
    ) async throws -> UUID {
        try await fixture.database.write(clerk.audit(CatalogImportJobs.auditAction)) { connection in
            try jobs.queue(
                file: bytes,
                filename: "台账.csv",
                format: .csv,
                allOrNothing: allOrNothing,
                institution: CatalogImportFixture.institution,
                actor: clerk,
                on: connection
            )
        }
    }

    static func runNext(_ fixture: CatalogImportFixture, _ jobs: CatalogImportJobs) async throws -> UUID? {
        try await fixture.database.client.withConnection { try jobs.runNext(on: $0) }
    }

    static func job(_ id: UUID, _ fixture: CatalogImportFixture) async throws -> CatalogImportJob {
        try await fixture.database.read { try CatalogImportJobs().job(id, of: CatalogImportFixture.institution, on: $0)! }
    }

    static func count(_ sql: SQL, _ fixture: CatalogImportFixture) async throws -> Int {
        try await fixture.database.read { try $0.query(sql).first!.decode("n", as: Int.self) }
    }

    @Test("A10.3: a 5,000-row ledger uploaded by a clerk is stored in chunks, with the right counts and refused lines")
    func fiveThousandRows() async throws {
        let fixture = try await CatalogImportFixture.make()
        let clerk = try await Self.clerk(fixture)
        let (url, expected) = try CatalogImportLargeTests.writeLedger(rows: 5_000)
        defer { try? FileManager.default.removeItem(at: url) }
        let bad = Set(expected.map(\.line)).count
        let jobs = CatalogImportJobs(clock: fixture.database.clock)

        let id = try await Self.queue(Array(try Data(contentsOf: url)), fixture, jobs: jobs, clerk: clerk)
        let queued = try await Self.job(id, fixture)
        #expect(queued.state == .queued && queued.rowsTotal == nil)
        #expect(try await Self.runNext(fixture, jobs) == id)
        #expect(try await Self.runNext(fixture, jobs) == nil, "nothing else waits")

        let job = try await Self.job(id, fixture)
        #expect(job.state == .done && job.failure == nil && job.finishedAt != nil)
        #expect(job.rowsTotal == 5_000 && job.rowsRefused == bad && job.rowsDone == 5_000 - bad)
        #expect(job.stored?.revisionsAdded == 5_000 - bad && job.stored?.versionOpened == true)
        let problems = try await fixture.database.read { try jobs.problems(of: id, on: $0) }
        #expect(
            problems.map { "\($0.line) \($0.field ?? "-") \($0.rule.constraint)" }
                == expected.map { "\($0.line) \($0.field ?? "-") \($0.rule)" }
        )

        #expect(try await Self.count("select count(*)::int as n from catalog_item_revision", fixture) == 5_000 - bad)
        #expect(try await Self.count("select count(*)::int as n from catalog_import_job_line", fixture) == 0, "the lines go")
        #expect(try await Self.count("select count(*)::int as n from catalog_import_job where file is not null", fixture) == 0)
        let stored = try await Self.count(
            """
            select count(*)::int as n from audit_log
             where action = 'catalog.import' and actor_account = \(clerk.account.id)
            """,
            fixture
        )
        let progress = try await Self.count(
            "select count(*)::int as n from audit_log where action = 'catalog.import_job' and operation = 'update'",
            fixture
        )
        #expect(progress == 1 + 1 + 10 + 1, "claimed, read, each chunk's progress with its rows, done")
        #expect(stored == 2 * (5_000 - bad) + 2, "every row audited as the clerk's: an item and a revision, the catalog and its draft")
        let transactions = try await Self.count(
            "select count(distinct occurred_at)::int as n from audit_log where action = 'catalog.import'",
            fixture
        )
        #expect(transactions == 10, "500 rows per transaction (occurred_at is the transaction's start)")
        let created = try await Self.count(
            """
            select count(*)::int as n from audit_log
             where action = 'catalog.import_job' and operation = 'insert' and actor_account = \(clerk.account.id)
               and after ->> 'file' = '[redacted]'
            """,
            fixture
        )
        #expect(created == 1, "the job's creation is audited as the clerk's, without the file (A44.1)")
        try await fixture.drop()
    }

    @Test("A10.3: with all-or-nothing, a refused line means nothing is stored; without, the CLI path reports as before")
    func allOrNothing() async throws {
        let fixture = try await CatalogImportFixture.make()
        let file = ImportFile.csv([ImportRow.valid(code: "A-1"), ImportRow.valid(code: "A-2").with("grade", "secret")])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("job-\(UUID().uuidString).csv")
        try Data(file.bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let context = AuditContext(role: "cli", institution: CatalogImportFixture.institution, action: CatalogImportStore.auditAction)
        let jobs = CatalogImportJobs(clock: fixture.database.clock)
        let strict = try await fixture.database.client.withConnection { connection in
            try jobs.importFile(
                at: url,
                format: .csv,
                institution: CatalogImportFixture.institution,
                allOrNothing: true,
                context: context,
                on: connection
            )
        }
        #expect(strict.stored == nil && strict.rowsRead == 2 && strict.rowsRefused == 1)
        #expect(try await Self.count("select count(*)::int as n from catalog_item_revision", fixture) == 0)
        let report = try await fixture.database.client.withConnection { connection in
            try jobs.importFile(
                at: url,
                format: .csv,
                institution: CatalogImportFixture.institution,
                allOrNothing: false,
                context: context,
                on: connection
            )
        }
        #expect(report.rowsStored == 1 && report.stored?.itemsCreated == 1 && report.problems.map(\.line) == [3])
        try await fixture.drop()
    }

    @Test("A44.1: a chunk that fails is rolled back whole; the job fails with the chunks before it kept and counted")
    func chunkFailure() async throws {
        let fixture = try await CatalogImportFixture.make()
        let clerk = try await Self.clerk(fixture)
        // A rule the import's checks do not know of, broken by line 1,202 (row 1,201, in the third chunk of 500).
        try await fixture.test.client.withConnection { connection in
            try connection.query(
                """
                create function test_refuse_marked() returns trigger language plpgsql as $$
                begin
                    if new.name = '坏行' then raise exception 'refused by the test' using errcode = 'check_violation'; end if;
                    return new;
                end $$
                """
            )
            try connection.query(
                """
                create trigger test_refuse_marked before insert on catalog_item_revision
                    for each row execute function test_refuse_marked()
                """
            )
        }
        let rows = (1...1_500).map { ImportRow.valid(code: "C-\($0)", name: $0 == 1_201 ? "坏行" : "数据资源\($0)") }
        let jobs = CatalogImportJobs(clock: fixture.database.clock)
        let id = try await Self.queue(ImportFile.csv(rows).bytes, fixture, jobs: jobs, clerk: clerk)
        #expect(try await Self.runNext(fixture, jobs) == id)

        let job = try await Self.job(id, fixture)
        #expect(job.state == .failed && job.failure != nil && job.finishedAt != nil)
        #expect(job.rowsTotal == 1_500 && job.rowsDone == 1_000, "two whole chunks")
        #expect(try await Self.count("select count(*)::int as n from catalog_item_revision", fixture) == 1_000)
        #expect(try await Self.count("select count(*)::int as n from catalog_item", fixture) == 1_000, "no item of the failed chunk")
        #expect(try await Self.count("select count(*)::int as n from catalog_import_job_line", fixture) == 0)
        try await fixture.drop()
    }

    @Test("a job left running by a runner that died or stopped is resumed by the next; a live runner's job is left alone")
    func resume() async throws {
        let fixture = try await CatalogImportFixture.make()
        let clerk = try await Self.clerk(fixture)
        let jobs = CatalogImportJobs(clock: fixture.database.clock, chunkSize: 2)
        let rows = (1...5).map { ImportRow.valid(code: "R-\($0)") }
        let id = try await Self.queue(ImportFile.csv(rows).bytes, fixture, jobs: jobs, clerk: clerk)
        // A runner that claimed the job and still holds its lock: nobody else takes it.
        let holder = try Connection(configuration: fixture.test.configuration)
        try holder.query("select pg_advisory_lock(\(0x6A0B)::int, hashtext(\(id)::text))")
        try await fixture.database.write(AuditContext(role: "test")) { connection in
            try connection.query("update catalog_import_job set state = 'running', started_at = registry_now() where id = \(id)")
        }
        #expect(try await Self.runNext(fixture, jobs) == nil)
        // The runner dies: its lock goes with its session, and the next runner resumes the job; this one is stopped
        // (the service shuts down) after its first chunk.
        try holder.query("select pg_advisory_unlock_all()")
        let stopped = try await fixture.database.client.withConnection { connection in
            var asked = 0
            return try jobs.runNext(
                on: connection,
                stopping: {
                    asked += 1
                    return asked > 1
                }
            )
        }
        #expect(stopped == id)
        let paused = try await Self.job(id, fixture)
        #expect(paused.state == .running && paused.rowsDone == 2, "left running after its first whole chunk")
        #expect(try await Self.runNext(fixture, jobs) == id)
        let job = try await Self.job(id, fixture)
        #expect(job.state == .done && job.rowsDone == 5)
        #expect(try await Self.count("select count(*)::int as n from catalog_item_revision", fixture) == 5)
        try await fixture.drop()
    }
}
