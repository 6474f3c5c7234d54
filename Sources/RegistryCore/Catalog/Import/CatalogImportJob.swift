import Foundation
import Postgres

/// A catalog import (A10.1–A10.3) as a job: the file a clerk uploaded or an operator named, read once and checked as a
/// whole, then stored in chunks of ``CatalogImportJobs/chunkSize`` rows, one transaction each (`catalog_import_job`).
public struct CatalogImportJob: Sendable, Hashable {
    /// Where a job is: waiting for a runner, being read or stored, or ended.
    public enum State: String, Sendable, Hashable {
        case queued, running, done, failed
    }

    public var id: UUID
    /// Unified social credit code of the institution whose catalog receives the rows.
    public var institution: String
    /// The clerk who uploaded the file; `nil` for the command line.
    public var account: UUID?
    public var filename: String
    public var format: CatalogImportFormat
    public var allOrNothing: Bool
    public var state: State
    /// The file's rows, once it has been read.
    public var rowsTotal: Int?
    /// Rows refused so far (when reading the file, or by a chunk that found the catalog changed since).
    public var rowsRefused: Int
    /// Rows of the committed chunks that were stored.
    public var rowsDone: Int
    /// Where the stored rows went, once a chunk stored any.
    public var stored: CatalogImportReport.Stored?
    /// Why a failed job stopped.
    public var failure: RegistryError?
    public var createdAt: Date
    public var finishedAt: Date?

    /// Whether the job has ended (done or failed).
    public var isFinished: Bool { state == .done || state == .failed }

    /// The job's answer in the shape of a one-transaction import's, with the refused lines given.
    public func report(problems: [CatalogImportProblem]) -> CatalogImportReport {
        CatalogImportReport(rowsRead: rowsTotal ?? 0, problems: problems, stored: stored)
    }

    static let columns: SQL = """
        id, institution_uscc::text as institution, account_id, filename, format, all_or_nothing, state::text as state,
        rows_total, rows_refused, rows_done, catalog_id, version_id, version_number, catalog_created, version_opened,
        items_created, revisions_added, revisions_changed, failure, failure_field, failure_article, created_at, finished_at
        """

    init(row: Row) throws {
        id = try row.decode("id")
        institution = try row.decode("institution")
        account = try row.decodeIfPresent("account_id")
        filename = try row.decode("filename")
        format = CatalogImportFormat(rawValue: try row.decode("format")) ?? .csv
        allOrNothing = try row.decode("all_or_nothing")
        state = State(rawValue: try row.decode("state")) ?? .failed
        rowsTotal = try row.decodeIfPresent("rows_total")
        rowsRefused = try row.decode("rows_refused")
        rowsDone = try row.decode("rows_done")
        if let catalogID: UUID = try row.decodeIfPresent("catalog_id") {
            let added: Int = try row.decode("revisions_added")
            let changed: Int = try row.decode("revisions_changed")
            stored = CatalogImportReport.Stored(
                catalogID: catalogID,
                catalogCreated: try row.decode("catalog_created"),
                versionID: try row.decode("version_id"),
                versionNumber: try row.decode("version_number"),
                versionOpened: try row.decode("version_opened"),
                itemsCreated: try row.decode("items_created"),
                revisionsAdded: added,
                revisionsChanged: changed,
                revisionsUnchanged: rowsDone - added - changed
            )
        }
        if let message: String = try row.decodeIfPresent("failure") {
            failure = RegistryError(
                .ruleViolation,
                message,
                field: try row.decodeIfPresent("failure_field"),
                article: try row.decodeIfPresent("failure_article")
            )
        }
        createdAt = try row.decode("created_at")
        finishedAt = try row.decodeIfPresent("finished_at")
    }
}

/// The import jobs of the registry: queueing an upload, reading a job's state and refused lines, and running a job —
/// the only place with the jobs' SQL (`sql/0095_catalog_import_jobs.sql`).
///
/// A run reads the file once and checks it as a whole (a code twice in the file is seen across the file), storing its
/// refused and its good lines in one transaction that writes no registry data; then it stores the good lines in chunks,
/// one audited transaction each that also advances the job's progress, so a chunk is all-or-nothing and holds the audit
/// chain's head for one chunk only. A runner holds an advisory lock on its job for as long as it runs it; a job left
/// `running` by a process that died is taken over by the next runner, which resumes after the last committed chunk.
///
/// With all-or-nothing, any line refused when the file is read means nothing is stored. A line refused only when its
/// chunk is stored (the catalog changed since the file was read) is reported and not stored, whatever the setting.
public struct CatalogImportJobs: Sendable {
    /// The semantic action of a job's creation and of its state changes in the audit trail (A44.1); the rows it stores
    /// are recorded as ``CatalogImportStore/auditAction``.
    public static let auditAction = "catalog.import_job"
    /// Rows per transaction when storing.
    public static let chunkSize = 500
    /// The advisory lock class of a running job (the key is the hash of its id).
    static let lockClass = 0x6A0B
    /// Attempts at a chunk that waits too long for a lock (the audit chain's head, the catalog) before the job fails.
    static let lockAttempts = 10

    let clock: RegistryClock
    let chunkSize: Int

    public init(clock: RegistryClock = RegistryClock(), chunkSize: Int = Self.chunkSize) {
        self.clock = clock
        self.chunkSize = chunkSize
    }

    // MARK: Queueing and reading

    /// Queues an uploaded file for import into the catalog of the clerk's institution; returns the job's id.
    ///
    /// Run inside a transaction audited as ``auditAction``. Refuses at once what the job would refuse before reading a
    /// row: an actor who is no clerk of `institution` (A38.1), a catalog under review or returned (A10.3).
    public func queue(
        file: [UInt8],
        filename: String,
        format: CatalogImportFormat,
        allOrNothing: Bool,
        institution: String,
        actor: Principal,
        on connection: Connection
    ) throws -> UUID {
        try actor.requireClerk(of: institution)
        _ = try CatalogImportStore().checkTarget(institution: institution, on: connection)
        return try connection.queryOne(
            """
            insert into catalog_import_job (institution_uscc, account_id, filename, format, all_or_nothing, file, chunk_size)
            values (\(institution), \(actor.account.id), \(Self.displayName(filename)), \(format.rawValue), \(allOrNothing),
                    \(file)::bytea, \(chunkSize))
            returning id
            """
        ).decode("id")
    }

    /// The job `id` of `institution`, or `nil` when there is none (another institution's job is none).
    public func job(_ id: UUID, of institution: String, on connection: Connection) throws -> CatalogImportJob? {
        try connection.query(
            "select \(CatalogImportJob.columns) from catalog_import_job where id = \(id) and institution_uscc = \(institution)::text"
        ).first.map(CatalogImportJob.init(row:))
    }

    /// The latest jobs of `institution`, newest first.
    public func recent(of institution: String, limit: Int = 10, on connection: Connection) throws -> [CatalogImportJob] {
        try connection.query(
            """
            select \(CatalogImportJob.columns) from catalog_import_job where institution_uscc = \(institution)::text
             order by created_at desc, id limit \(limit)
            """
        ).map(CatalogImportJob.init(row:))
    }

    /// The first `limit` refused lines of job `id` (`nil`: all), ordered by line and field.
    public func problems(of id: UUID, limit: Int? = nil, on connection: Connection) throws -> [CatalogImportProblem] {
        let cap: SQL = if let limit { "limit \(limit)" } else { "" }
        return try connection.query(
            "select line, field, rule from catalog_import_job_problem where job_id = \(id) order by line, field nulls first, rule \(cap)"
        ).map { row in
            CatalogImportProblem(
                line: try row.decode("line"),
                field: try row.decodeIfPresent("field"),
                rule: CatalogImportRules.rule(named: try row.decode("rule"))
            )
        }
    }

    /// How many reasons job `id` gives for its refused lines (a line may have several).
    public func problemCount(of id: UUID, on connection: Connection) throws -> Int {
        try connection.queryOne("select count(*)::int as n from catalog_import_job_problem where job_id = \(id)").decode("n")
    }

    /// A file name as the job keeps it: its last path component without control characters, at most 255 characters.
    static func displayName(_ filename: String) -> String {
        let last = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init).prefix(255))
        return clean.isEmpty ? "台账" : clean
    }

    // MARK: Running

    /// Imports the file at `url` as the command line does: a job created and run at once on `connection`, its rows
    /// audited as `context`; the job's report, or the error that failed it.
    public func importFile(
        at url: URL,
        format: CatalogImportFormat,
        institution: String,
        allOrNothing: Bool,
        context: AuditContext,
        progress: (CatalogImportProgress) -> Void = { _ in },
        on connection: Connection
    ) throws -> CatalogImportReport {
        let id: UUID = try transaction(context.acting(Self.auditAction), on: connection) { connection in
            guard try connection.query("select 1 from institution where uscc = \(institution)::text").first != nil else {
                throw RegistryError.notFound("机构 \(institution)", field: "institution")
            }
            let id: UUID = try connection.queryOne(
                """
                insert into catalog_import_job (institution_uscc, filename, format, all_or_nothing, chunk_size, state, started_at)
                values (\(institution), \(Self.displayName(url.lastPathComponent)), \(format.rawValue), \(allOrNothing),
                        \(chunkSize), 'running', registry_now())
                returning id
                """
            ).decode("id")
            try connection.query("select pg_advisory_lock(\(Self.lockClass)::int, hashtext(\(id)::text))")
            return id
        }
        defer { _ = try? connection.query("select pg_advisory_unlock_all()") }
        let source = try ImportByteSource(file: url)
        return try run(id, source: source, context: context, progress: progress, on: connection)
    }

    /// Claims the oldest job waiting (queued, or left running by a runner that died) and runs it to its end on
    /// `connection`; `nil` when no job waits. A job that fails is recorded as failed, and its id returned. When
    /// `stopping` turns true (the service shuts down), the job is left running after its last whole chunk, for the next
    /// runner to resume.
    public func runNext(on connection: Connection, stopping: () -> Bool = { false }) throws -> UUID? {
        guard !stopping() else { return nil }
        defer { _ = try? connection.query("select pg_advisory_unlock_all()") }
        let claim = AuditContext(role: "system", requestID: "import-runner", action: Self.auditAction)
        let claimed: (UUID, AuditContext)? = try transaction(claim, on: connection) { connection in
            let waiting = try connection.query(
                """
                select j.id, j.account_id, j.institution_uscc::text as institution, a.role::text as role
                  from catalog_import_job j left join account a on a.id = j.account_id
                 where j.state in ('queued', 'running')
                 order by j.created_at, j.id
                 limit 20
                   for update of j skip locked
                """
            )
            for row in waiting {
                let id: UUID = try row.decode("id")
                let locked: Bool = try connection.queryOne(
                    "select pg_try_advisory_lock(\(Self.lockClass)::int, hashtext(\(id)::text)) as locked"
                ).decode("locked")
                guard locked else { continue }
                try connection.query(
                    """
                    update catalog_import_job set state = 'running', started_at = coalesce(started_at, registry_now())
                     where id = \(id)
                    """
                )
                let context = AuditContext(
                    actorAccount: try row.decodeIfPresent("account_id"),
                    role: try row.decodeIfPresent("role") ?? "cli",
                    institution: try row.decode("institution"),
                    requestID: "import-job-\(id.uuidString.lowercased())",
                    action: CatalogImportStore.auditAction
                )
                return (id, context)
            }
            return nil
        }
        guard let claimed else { return nil }
        let (id, context) = claimed
        _ = try? run(id, source: nil, context: context, stopping: stopping, on: connection)
        return id
    }

    /// Runs job `id`, which this connection holds the lock of, to its end: reads the file unless done before (from
    /// `source`, or the upload kept in the job), stores the chunks not yet stored, and records the end.
    func run(
        _ id: UUID,
        source: ImportByteSource?,
        context: AuditContext,
        progress: (CatalogImportProgress) -> Void = { _ in },
        stopping: () -> Bool = { false },
        on connection: Connection
    ) throws -> CatalogImportReport {
        let clock = ImportClock()
        do {
            try read(id, source: source, context: context.acting(Self.auditAction), clock: clock, progress: progress, on: connection)
            let storing = try connection.queryOne(
                "select count(*)::int as n from catalog_import_job_line where job_id = \(id)"
            ).decode("n", as: Int.self)
            if storing > 0 { progress(.storing(rows: storing, seconds: clock.seconds)) }
            while try storeChunk(of: id, context: context, on: connection) {
                if stopping() { throw Stopped() }
            }
            try end(id, failure: nil, context: context.acting(Self.auditAction), on: connection)
        } catch let stopped as Stopped {
            throw stopped
        } catch {
            let failure = Self.registryError(error)
            try? end(id, failure: failure, context: context.acting(Self.auditAction), on: connection)
            throw failure
        }
        let job = try connection.queryOne("select \(CatalogImportJob.columns) from catalog_import_job where id = \(id)")
        let report = try CatalogImportJob(row: job).report(problems: try problems(of: id, on: connection))
        progress(.finished(rows: report.rowsRead, seconds: clock.seconds))
        return report
    }

    /// Reads and checks the whole file, unless a run before did: its refused lines and its good lines are kept.
    private func read(
        _ id: UUID,
        source: ImportByteSource?,
        context: AuditContext,
        clock: ImportClock,
        progress: (CatalogImportProgress) -> Void,
        on connection: Connection
    ) throws {
        try transaction(context, on: connection) { connection in
            let job = try connection.queryOne(
                """
                select institution_uscc::text as institution, format, all_or_nothing, rows_total, file
                  from catalog_import_job where id = \(id) for update
                """
            )
            guard try job.decodeIfPresent("rows_total", as: Int.self) == nil else { return }
            let uploaded: [UInt8]? = try job.decodeIfPresent("file")
            guard let source = source ?? uploaded.map(ImportByteSource.init(bytes:)) else {
                throw RegistryError(.unavailable, "导入在读完文件之前中断,文件未保留:请重新导入。", field: "file")
            }
            let institution: String = try job.decode("institution")
            let store = CatalogImportStore()
            let catalogID = try store.checkTarget(institution: institution, on: connection)
            let reader = try CatalogImportReader(
                source: source,
                format: CatalogImportFormat(rawValue: try job.decode("format")) ?? .csv
            )
            try store.stage(reader, clock: clock, progress: progress, on: connection)
            progress(.validating(rows: reader.rowsRead, seconds: clock.seconds))
            let problems = try store.validate(catalogID: catalogID, readerProblems: reader.problems, on: connection)
            try record(problems, of: id, on: connection)
            let allOrNothing: Bool = try job.decode("all_or_nothing")
            if problems.isEmpty || !allOrNothing {
                try connection.query(
                    """
                    insert into catalog_import_job_line (job_id, line, content)
                    select \(id), s.line, row(s.*)::catalog_import_row
                      from pg_temp.catalog_import_staging s
                     where not exists (select 1 from catalog_import_job_problem p where p.job_id = \(id) and p.line = s.line)
                    """
                )
            }
            try connection.query(
                """
                update catalog_import_job set rows_total = \(reader.rowsRead), rows_refused = \(Set(problems.map(\.line)).count),
                       file = null
                 where id = \(id)
                """
            )
        }
    }

    /// Stores the next chunk of good lines in one transaction with the job's progress; `false` when none is left.
    private func storeChunk(of id: UUID, context: AuditContext, on connection: Connection) throws -> Bool {
        var attempt = 1
        while true {
            do {
                return try transaction(context, on: connection) { connection in
                    try storeOneChunk(of: id, context: context, on: connection)
                }
            } catch let error as PostgresError where error.sqlState == "55P03" && attempt < Self.lockAttempts {
                // The chain's head or the catalog stayed locked past the session's lock timeout: wait and try again.
                attempt += 1
                Thread.sleep(forTimeInterval: Double(attempt))
            }
        }
    }

    /// The chunk's rows are audited as `context` (``CatalogImportStore/auditAction``), the job's progress as
    /// ``auditAction``.
    private func storeOneChunk(of id: UUID, context: AuditContext, on connection: Connection) throws -> Bool {
        let job = try connection.queryOne(
            """
            select institution_uscc::text as institution, state::text as state, chunk_size, last_line
              from catalog_import_job where id = \(id) for update
            """
        )
        guard try job.decode("state", as: String.self) == "running" else {
            throw RegistryError(.conflict, "导入任务已不在进行中。")
        }
        try connection.query("drop table if exists pg_temp.catalog_import_staging")
        try connection.query("create temporary table catalog_import_staging of catalog_import_row on commit drop")
        let lastLine: Int = try job.decode("last_line")
        let chunkSize: Int = try job.decode("chunk_size")
        let chunk = try connection.queryOne(
            """
            with moved as (
                insert into pg_temp.catalog_import_staging
                select (l.content).* from catalog_import_job_line l
                 where l.job_id = \(id) and l.line > \(lastLine)
                 order by l.line
                 limit \(chunkSize)
                returning line)
            select count(*)::int as rows, coalesce(max(line), 0) as last_line from moved
            """
        )
        let rows: Int = try chunk.decode("rows")
        guard rows > 0 else { return false }
        let institution: String = try job.decode("institution")
        let store = CatalogImportStore()
        let catalogID = try store.checkTarget(institution: institution, on: connection)
        let problems = try store.validate(catalogID: catalogID, readerProblems: [], on: connection)
        try record(problems, of: id, on: connection)
        let refused = Set(problems.map(\.line)).count
        var stored: CatalogImportReport.Stored?
        if rows > refused { stored = try store.store(institution: institution, rows: rows - refused, on: connection) }
        let reached: Int = try chunk.decode("last_line")
        try context.acting(Self.auditAction).apply(on: connection)
        try connection.query(
            """
            update catalog_import_job
               set rows_done = rows_done + \(rows - refused), rows_refused = rows_refused + \(refused),
                   last_line = \(reached),
                   catalog_id = coalesce(catalog_id, \(stored?.catalogID)), version_id = coalesce(version_id, \(stored?.versionID)),
                   version_number = coalesce(version_number, \(stored?.versionNumber)),
                   catalog_created = catalog_created or \(stored?.catalogCreated ?? false),
                   version_opened = version_opened or \(stored?.versionOpened ?? false),
                   items_created = items_created + \(stored?.itemsCreated ?? 0),
                   revisions_added = revisions_added + \(stored?.revisionsAdded ?? 0),
                   revisions_changed = revisions_changed + \(stored?.revisionsChanged ?? 0)
             where id = \(id)
            """
        )
        return true
    }

    /// Ends job `id`: done, or failed with `failure`; the lines not stored are dropped.
    private func end(_ id: UUID, failure: RegistryError?, context: AuditContext, on connection: Connection) throws {
        try transaction(context, on: connection) { connection in
            try connection.query("delete from catalog_import_job_line where job_id = \(id)")
            try connection.query(
                """
                update catalog_import_job
                   set state = \(failure == nil ? "done" : "failed")::catalog_import_job_state, file = null,
                       failure = \(failure?.message), failure_field = \(failure?.field), failure_article = \(failure?.article),
                       finished_at = registry_now()
                 where id = \(id) and state = 'running'
                """
            )
        }
    }

    private func record(_ problems: [CatalogImportProblem], of id: UUID, on connection: Connection) throws {
        guard !problems.isEmpty else { return }
        try connection.query(
            """
            insert into catalog_import_job_problem (job_id, line, field, rule)
            select \(id), p.line::int, nullif(p.field, ''), p.rule
              from unnest(\(problems.map { String($0.line) })::text[], \(problems.map { $0.field ?? "" })::text[],
                          \(problems.map(\.rule.constraint))::text[]) as p (line, field, rule)
            """
        )
    }

    /// One transaction on `connection`, audited as `context`, on the registry's clock, with the long statement budget.
    private func transaction<Result>(
        _ context: AuditContext,
        on connection: Connection,
        _ body: (Connection) throws -> Result
    ) throws -> Result {
        try connection.transaction(auditedAs: context) { connection in
            try StatementBudget.long.apply(on: connection)
            try clock.apply(on: connection)
            return try body(connection)
        }
    }

    /// A run left off because its runner stops.
    struct Stopped: Error {}

    static func registryError(_ error: any Error) -> RegistryError {
        switch error {
        case let error as RegistryError: error
        case let error as PostgresError: RegistryError(error)
        case let error as any RegistryErrorConvertible: error.registryError
        default: RegistryError(.internal, "导入时发生意外错误。")
        }
    }
}
