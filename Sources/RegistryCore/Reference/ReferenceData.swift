import Foundation
import Postgres

/// A3.1 / A13.4 / W.2 / W.3 / A9.1: loads the reference data files of `sql/reference/` (`registry seed reference`):
/// the divisions, the base data kinds, the working-day calendar with the computed statutory holidays of the
/// provisional years (through ``WorkingDayCalendarStore``) and the region's default classification scheme with its
/// category tree (through ``ClassificationStore``).
///
/// Loading is idempotent: a row is inserted when new, updated only when its values differ, and otherwise not
/// written at all — a second run changes nothing and adds no audit rows. Every file is read and checked before
/// the first write, so a malformed file changes nothing. Rows missing from a file are not deleted (divisions and
/// base data kinds are referenced by registry records); retire them with a migration.
///
/// Run it in one transaction with the audit context set, e.g.
///
///     try await client.withTransaction(auditedAs: AuditContext(action: ReferenceData.auditAction)) { connection in
///         try ReferenceData.seed(from: directory, on: connection)
///     }
public enum ReferenceData {
    /// A3.1: Inner Mongolia's divisions (GB/T 2260): `code`, `name`, `parent` (empty for the region).
    public static let divisionsFile = "divisions-150000.tsv"
    /// A13.4: the base data kinds of A13–A15 with their statutory source departments.
    public static let baseDataKindsFile = "base-data-kinds.tsv"
    /// W.2: the State Council's holiday arrangements, loaded by ``WorkingDayCalendarStore/load(csv:source:on:)``.
    public static let calendarFile = "cn-official-calendar-2024-2026.csv"
    /// A9.1: the region's default classification scheme (NM-2024), the registry's own until the authority publishes one.
    public static let classificationSchemesFile = "classification-scheme.tsv"
    /// A9.1: the category tree of that scheme.
    public static let dataCategoriesFile = "data-categories.tsv"
    /// The semantic action the audit trail records for seeding.
    public static let auditAction = "reference.seed"

    static let divisionColumns = ["code", "name", "parent"]
    static let baseDataKindColumns = [
        "code", "name", "article_clause", "source_departments", "base_database_code", "subject_kind",
    ]

    /// Loads every reference file in `directory` (normally `sql/reference/`) and returns what changed per file.
    ///
    /// - Throws: ``ReferenceDataError`` naming the file and line for a malformed divisions or base data kinds file
    ///   or a row the database refuses; ``OfficialCalendarCSVError`` / ``CalendarError`` for the calendar file;
    ///   errors of the connection itself as `PostgresError`.
    public static func seed(from directory: URL, on connection: Connection) throws -> ReferenceSeedSummary {
        let divisions = try readDivisionRecords(from: directory.appendingPathComponent(divisionsFile))
        let kinds = try readBaseDataKindRecords(from: directory.appendingPathComponent(baseDataKindsFile))
        let calendarDays = try OfficialCalendarCSV.read(directory.appendingPathComponent(calendarFile))
        let schemes = try ClassificationReferenceFiles.readSchemes(from: directory.appendingPathComponent(classificationSchemesFile))
        let categories = try ClassificationReferenceFiles.readCategories(
            from: directory.appendingPathComponent(dataCategoriesFile),
            schemes: Set(schemes.map(\.scheme.code))
        )

        var divisionCounts = ReferenceSeedSummary.FileCounts(file: divisionsFile)
        let divisionStore = DivisionStore()
        for (line, division) in divisions {
            divisionCounts.record(try refusal(file: divisionsFile, line: line) { try divisionStore.upsert(division, on: connection) })
        }

        var kindCounts = ReferenceSeedSummary.FileCounts(file: baseDataKindsFile)
        let kindStore = BaseDataKindStore()
        for (line, kind) in kinds {
            kindCounts.record(try refusal(file: baseDataKindsFile, line: line) { try kindStore.upsert(kind, on: connection) })
        }

        // W.2: the calendar part checks and loads its days; a year whose listed days are unchanged writes nothing.
        // The source recorded per year is the file name, as WorkingDayCalendarStore.load(csv:) records it.
        var calendarCounts = ReferenceSeedSummary.FileCounts(file: calendarFile)
        for year in try WorkingDayCalendarStore().load(calendarDays, source: calendarFile, on: connection) {
            calendarCounts.inserted += year.daysInserted
            calendarCounts.updated += year.daysUpdated
            calendarCounts.unchanged += year.daysUnchanged
            calendarCounts.deleted += year.daysDeleted
        }
        // W.3: the statutory holidays of the provisional years after the official ones, computed by the registry.
        let statutoryCounts = try WorkingDayCalendarStore().loadStatutoryHolidays(on: connection)

        // A9.1: the default classification scheme and its category tree (parents are listed above their children).
        var schemeCounts = ReferenceSeedSummary.FileCounts(file: classificationSchemesFile)
        var categoryCounts = ReferenceSeedSummary.FileCounts(file: dataCategoriesFile)
        let classificationStore = ClassificationStore()
        for (line, scheme) in schemes {
            schemeCounts.record(try refusal(file: classificationSchemesFile, line: line) { try classificationStore.upsert(scheme, on: connection) })
        }
        for (line, category) in categories {
            categoryCounts.record(try refusal(file: dataCategoriesFile, line: line) { try classificationStore.upsert(category, on: connection) })
        }
        return ReferenceSeedSummary(files: [divisionCounts, kindCounts, calendarCounts, statutoryCounts, schemeCounts, categoryCounts])
    }

    /// A3.1: the divisions of a divisions file in file order, each with its level derived from its parent chain.
    public static func readDivisions(from url: URL) throws -> [Division] {
        try readDivisionRecords(from: url).map(\.division)
    }

    /// A13.4: the base data kinds of a base data kinds file in file order (`position` is the 1-based row number).
    public static func readBaseDataKinds(from url: URL) throws -> [BaseDataKind] {
        try readBaseDataKindRecords(from: url).map(\.kind)
    }

    // MARK: - Reading

    static func readDivisionRecords(from url: URL) throws -> [(line: Int, division: Division)] {
        let records = try TabSeparatedFile.read(url, columns: divisionColumns)
        var byCode: [String: Division] = [:]
        var result: [(line: Int, division: Division)] = []
        for record in records {
            let code = try record.required("code")
            guard Division.isWellFormedCode(code) else {
                throw record.error("code “\(code)” is not six digits (GB/T 2260)")
            }
            guard byCode[code] == nil else { throw record.error("code \(code) appears twice") }
            let parentCode = record.optional("parent")
            let level: DivisionLevel
            let parent: Division?
            if let parentCode {
                guard let known = byCode[parentCode] else {
                    throw record.error("parent \(parentCode) of \(code) is not listed above it")
                }
                guard let childLevel = known.level.childLevel else {
                    throw record.error("parent \(parentCode) is a \(known.level.label); no division lies below that level")
                }
                level = childLevel
                parent = known
            } else {
                level = .region
                parent = nil
            }
            if let codeLevel = DivisionLevel(gbCode: code), codeLevel != level {
                throw record.error(
                    "\(code) is a \(codeLevel.label) code, but its parent \(parentCode ?? "(none)") makes it a \(level.label) "
                        + "[\(PlaceRules.divisionCodeMatchesLevel.constraint)]"
                )
            }
            let division = Division(code: code, name: try record.required("name"), level: level, parentCode: parentCode)
            do {
                try division.validate(parent: parent)
            } catch let violation as PlaceRuleViolation {
                throw record.error("\(violation.message) [\(violation.constraint)]")
            }
            byCode[code] = division
            result.append((record.line, division))
        }
        return result
    }

    static func readBaseDataKindRecords(from url: URL) throws -> [(line: Int, kind: BaseDataKind)] {
        let records = try TabSeparatedFile.read(url, columns: baseDataKindColumns)
        var codes: Set<String> = []
        var names: Set<String> = []
        var result: [(line: Int, kind: BaseDataKind)] = []
        for (index, record) in records.enumerated() {
            let code = try record.required("code")
            guard BaseDataKind.isValidCode(code) else {
                throw record.error("code “\(code)” must be lower-case ASCII letters, digits and _ , starting with a letter")
            }
            guard codes.insert(code).inserted else { throw record.error("code \(code) appears twice") }
            let name = try record.required("name")
            guard names.insert(name).inserted else { throw record.error("name \(name) appears twice") }
            let articleClause = try record.required("article_clause")
            guard BaseDataKind.isValidArticleClause(articleClause) else {
                throw record.error("article_clause “\(articleClause)” is not of the form A13(一), A14(八) or A15")
            }
            let databaseText = try record.required("base_database_code")
            guard let database = BaseDatabase(rawValue: databaseText) else {
                throw record.error(
                    "base_database_code “\(databaseText)” is not one of \(BaseDatabase.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            let subjectText = try record.required("subject_kind")
            guard let subject = BaseDataSubjectKind(rawValue: subjectText) else {
                throw record.error(
                    "subject_kind “\(subjectText)” is not one of \(BaseDataSubjectKind.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            guard articleClause.hasPrefix(subject.article) else {
                throw record.error("subject_kind \(subjectText) belongs to \(subject.article), not \(articleClause)")
            }
            let kind = BaseDataKind(
                code: code,
                name: name,
                articleClause: articleClause,
                sourceDepartments: try record.required("source_departments"),
                baseDatabase: database,
                subjectKind: subject,
                position: index + 1
            )
            result.append((record.line, kind))
        }
        return result
    }

    /// Runs one row's write, turning a refusal by the database into an error naming the file and line.
    private static func refusal<Result>(file: String, line: Int, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as PostgresError where error.isConstraintViolation {
            let rule = error.constraint ?? error.sqlState ?? "a constraint"
            throw ReferenceDataError(
                file: file,
                line: line,
                message: "the database refused the row (\(rule)): \(error.detail ?? error.messagePrimary ?? "")"
            )
        }
    }
}
