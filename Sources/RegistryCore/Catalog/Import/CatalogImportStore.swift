import Foundation
import Postgres

/// Bulk import of catalog items (目录条目) into an institution's catalog (A10.1–A10.3).
///
/// The file is streamed through COPY into a staging table, checked set-based by the database against the rules of
/// `catalog_item_revision` and `catalog_item` (`catalog_import_validate`), and every valid row is stored as a revision
/// in the catalog's draft version (`catalog_import_store`): a draft is opened when none is, a new code becomes an item,
/// a revision the draft already has is updated. Each refused row is reported with its line, field and rule. With
/// `allOrNothing`, any refused row means nothing is stored. The only place with the import's SQL.
///
/// ``importItems(bytes:format:institution:allOrNothing:actor:progress:on:)`` does it all in one transaction; the page and
/// the command line run the same steps as an import job (``CatalogImportJobs``), which reads and checks the file in one
/// transaction and stores it in chunks.
public struct CatalogImportStore: Sendable {
    /// The semantic action the audit trail records for every row an import writes (A44.1).
    public static let auditAction = "catalog.import"

    public init() {}

    /// Imports `file` into the catalog of `institution`.
    ///
    /// Run it inside one transaction audited as ``auditAction`` (`Connection.transaction(auditedAs:)`): the staging
    /// tables live until its end, and a thrown error leaves nothing behind when the caller rolls back.
    ///
    /// - Parameters:
    ///   - actor: when given, must be a clerk of `institution` (A38.1); `nil` for the command line run by an operator.
    ///   - progress: called at most about once a second while reading, and at the start of each later phase.
    /// - Throws: ``RegistryError`` when the institution is not registered, its catalog's open version is not a draft
    ///   (A10.3), or the file cannot be read as `format` (no header, unknown column …); `PostgresError` for the rest.
    public func importItems(
        from file: URL,
        format: CatalogImportFormat,
        institution: String,
        allOrNothing: Bool,
        actor: Principal? = nil,
        progress: (CatalogImportProgress) -> Void = { _ in },
        on connection: Connection
    ) throws -> CatalogImportReport {
        try importItems(
            from: try ImportByteSource(file: file),
            format: format,
            institution: institution,
            allOrNothing: allOrNothing,
            actor: actor,
            progress: progress,
            on: connection
        )
    }

    /// Imports a file already in memory; see ``importItems(from:format:institution:allOrNothing:actor:progress:on:)``.
    public func importItems(
        bytes: [UInt8],
        format: CatalogImportFormat,
        institution: String,
        allOrNothing: Bool,
        actor: Principal? = nil,
        progress: (CatalogImportProgress) -> Void = { _ in },
        on connection: Connection
    ) throws -> CatalogImportReport {
        try importItems(
            from: ImportByteSource(bytes: bytes),
            format: format,
            institution: institution,
            allOrNothing: allOrNothing,
            actor: actor,
            progress: progress,
            on: connection
        )
    }

    private func importItems(
        from source: ImportByteSource,
        format: CatalogImportFormat,
        institution: String,
        allOrNothing: Bool,
        actor: Principal?,
        progress: (CatalogImportProgress) -> Void,
        on connection: Connection
    ) throws -> CatalogImportReport {
        let clock = ImportClock()
        if let actor { try actor.requireClerk(of: institution) }
        let catalogID = try checkTarget(institution: institution, on: connection)
        let reader = try CatalogImportReader(source: source, format: format)

        try stage(reader, clock: clock, progress: progress, on: connection)
        progress(.validating(rows: reader.rowsRead, seconds: clock.seconds))
        let problems = try validate(catalogID: catalogID, readerProblems: reader.problems, on: connection)
        var report = CatalogImportReport(rowsRead: reader.rowsRead, problems: problems, stored: nil)

        let storable = report.rowsRead - report.rowsRefused
        if storable > 0 && (!allOrNothing || problems.isEmpty) {
            progress(.storing(rows: storable, seconds: clock.seconds))
            report.stored = try store(institution: institution, rows: storable, on: connection)
        }
        progress(.finished(rows: report.rowsRead, seconds: clock.seconds))
        return report
    }

    /// The institution's catalog, if it has one; refuses an unknown institution and a catalog under review (A10.3).
    func checkTarget(institution: String, on connection: Connection) throws -> UUID? {
        guard try connection.query("select 1 from institution where uscc = \(institution)::text").first != nil else {
            throw RegistryError.notFound("机构 \(institution)", field: "institution")
        }
        let open = try connection.query(
            """
            select c.id, v.number, v.state::text as state
              from catalog c
              left join catalog_version v on v.catalog_id = c.id and v.state <> 'approved'
             where c.kind = 'institutional' and c.institution_uscc = \(institution)::text
            """
        ).first
        if let state = try open?.decodeIfPresent("state", as: String.self), state != "draft" {
            var error = CatalogImportRules.rule(named: "catalog_item_revision_draft_only_a10_3").error
            let number = try open?.decode("number", as: Int.self) ?? 0
            error.message = "该目录第\(number)版\(state == "submitted" ? "正在审核" : "已被退回"),不能导入:" + error.message
            throw error
        }
        return try open?.decode("id", as: UUID.self)
    }

    /// Streams the readable rows into `catalog_import_staging`.
    func stage(
        _ reader: CatalogImportReader,
        clock: ImportClock,
        progress: (CatalogImportProgress) -> Void,
        on connection: Connection
    ) throws {
        try connection.query("drop table if exists pg_temp.catalog_import_staging")
        try connection.query("create temporary table catalog_import_staging of catalog_import_row on commit drop")
        try withoutActuallyEscaping(progress) { progress in
            let rows = StagingRows(reader: reader, clock: clock, progress: progress)
            try connection.copy(into: "catalog_import_staging", columns: CatalogImportColumns.staging, rows: rows)
            if let failure = rows.failure.error { throw failure }
        }
    }

    /// The problems of the staged rows and of the rows that could not be read, ordered by line.
    func validate(
        catalogID: UUID?,
        readerProblems: [CatalogImportProblem],
        on connection: Connection
    ) throws -> [CatalogImportProblem] {
        var problems = readerProblems
        for row in try connection.query("select line, field, rule from catalog_import_validate(\(catalogID))") {
            let rule = CatalogImportRules.rule(named: try row.decode("rule"))
            let field: String = try row.decode("field")
            problems.append(CatalogImportProblem(line: try row.decode("line"), field: rule.field ?? field, rule: rule))
        }
        return problems.sorted { ($0.line, $0.field ?? "") < ($1.line, $1.field ?? "") }
    }

    func store(institution: String, rows: Int, on connection: Connection) throws -> CatalogImportReport.Stored {
        let row = try connection.queryOne(
            """
            select catalog_id, catalog_created, version_id, version_number, version_opened, items_created, revisions_added, revisions_changed
              from catalog_import_store(\(institution))
            """
        )
        let added: Int = try row.decode("revisions_added")
        let changed: Int = try row.decode("revisions_changed")
        return CatalogImportReport.Stored(
            catalogID: try row.decode("catalog_id"),
            catalogCreated: try row.decode("catalog_created"),
            versionID: try row.decode("version_id"),
            versionNumber: try row.decode("version_number"),
            versionOpened: try row.decode("version_opened"),
            itemsCreated: try row.decode("items_created"),
            revisionsAdded: added,
            revisionsChanged: changed,
            revisionsUnchanged: rows - added - changed
        )
    }
}

/// Seconds since an import started.
struct ImportClock {
    private let start = ContinuousClock.now

    init() {}

    var seconds: Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// The reader's rows as the sequence COPY consumes, reporting progress; a read error ends the sequence and is kept.
private struct StagingRows: Sequence {
    final class Failure {
        var error: (any Error)?
    }

    let reader: CatalogImportReader
    let clock: ImportClock
    let progress: (CatalogImportProgress) -> Void
    let failure = Failure()

    func makeIterator() -> Iterator {
        Iterator(rows: self)
    }

    struct Iterator: IteratorProtocol {
        let rows: StagingRows
        var nextReport = 1.0

        mutating func next() -> [String?]? {
            do {
                guard let row = try rows.reader.next() else { return nil }
                if rows.reader.rowsRead % 1024 == 0, rows.clock.seconds >= nextReport {
                    rows.progress(.reading(rows: rows.reader.rowsRead, seconds: rows.clock.seconds))
                    nextReport = rows.clock.seconds + 1
                }
                return row
            } catch {
                rows.failure.error = error
                return nil
            }
        }
    }
}
