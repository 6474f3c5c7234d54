import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

@Suite("Bulk import of catalog items (A10.1–A10.3, A21.1, A27.1, A9.2)")
struct CatalogImportTests {
    /// A row breaking exactly one rule of `catalog_item_revision` or `catalog_item`, and that rule.
    struct BrokenRule {
        var rule: Rule
        var row: ImportRow
    }

    static let brokenRules: [BrokenRule] = {
        let row = ImportRow.valid(code: "H-BAD")
        let restricted = row.with("share_type", "not_shared").with("share_reason", "涉及个人隐私").with("share_legal_basis", "《个人信息保护法》")
        let notOpen = row.with("open_type", "not_open").with("open_conditions", nil)
        return [
            BrokenRule(rule: CatalogRules.itemCodeFormat, row: row.with("code", "H 01")),
            BrokenRule(rule: CatalogRules.nameNotBlank, row: row.with("name", "  ")),
            BrokenRule(rule: CatalogRules.shareContent, row: row.with("data_items", "[]")),
            BrokenRule(rule: CatalogRules.shareContent, row: row.with("data_items", #"[{"name":"a","type":"text"}]"#)),
            BrokenRule(rule: CatalogRules.shareScope, row: row.with("share_scope", " ")),
            BrokenRule(rule: CatalogRules.departmentsNamed, row: row.with("providing_department", " ")),
            BrokenRule(rule: CatalogRules.restrictedShareNeedsReason, row: restricted.with("share_reason", nil)),
            BrokenRule(rule: CatalogRules.restrictedShareNeedsLegalBasis, row: restricted.with("share_legal_basis", " ")),
            BrokenRule(rule: CatalogRules.conditionalShareNeedsConditions, row: restricted.with("share_type", "conditional")),
            BrokenRule(rule: CatalogRules.notOpenNeedsGround, row: notOpen),
            BrokenRule(rule: CatalogRules.notOpenLawNamed, row: notOpen.with("not_open_ground", "law")),
            BrokenRule(rule: CatalogRules.openGroundOnlyWhenNotOpen, row: row.with("not_open_ground", "privacy")),
            BrokenRule(rule: CatalogRules.conditionalOpenNeedsConditions, row: row.with("open_conditions", nil)),
            BrokenRule(rule: CatalogRules.categoryAndGrade, row: row.with("grade", nil)),
            BrokenRule(rule: CatalogRules.categoryExists, row: row.with("category_code", "no.such.category")),
            BrokenRule(
                rule: CatalogRules.coreNotUnconditionallyOpen,
                row: row.with("grade", "core").with("open_type", "unconditional").with("open_conditions", nil)
            ),
            BrokenRule(rule: CatalogRules.sourceInstitutionRegistered, row: row.with("source_institution", "91350100M000100Y43")),
            BrokenRule(rule: CatalogRules.baseDataKindExists, row: row.with("base_data_kind", "no_such_kind")),
            BrokenRule(
                rule: Rule(constraint: "uscc_valid_a14_1", field: "source_institution", message: ""),
                row: row.with("source_institution", "11150000MB0000002K")
            ),
        ]
    }()

    @Test("every rule refuses a row in an import as a plain INSERT does: same constraint, same words, the row's line and field")
    func rulesAsInTheSchema() async throws {
        let fixture = try await CatalogImportFixture.make()
        _ = try await fixture.importFile(.csv([.valid(code: "H-BASE")]))
        let (itemID, versionID) = try Self.plainItem(in: fixture)
        let before = try await fixture.footprint()

        for broken in Self.brokenRules {
            for file in [ImportFile.csv([broken.row]), .jsonLines([broken.row])] {
                let report = try await fixture.importFile(file)
                let line = 1 + (file.format == .csv ? 1 : 0)
                #expect(report.problems.map(\.rule.constraint) == [broken.rule.constraint], "\(broken.rule.constraint) \(file.format)")
                #expect(report.problems.first?.line == line)
                #expect(report.problems.first?.field == broken.rule.field, "\(broken.rule.constraint)")
                #expect(report.stored == nil)
            }
            let insert = try #require(try Self.plainInsertError(broken.row, item: itemID, version: versionID, in: fixture))
            #expect(insert.constraint == broken.rule.constraint)
            let imported = try await fixture.importFile(.csv([broken.row])).problems[0]
            if broken.rule.constraint != "uscc_valid_a14_1" { #expect(imported.message == broken.rule.message) }
            if RuleCatalog.rule(forConstraint: broken.rule.constraint) != nil {
                let fromDatabase = RegistryError(insert)
                #expect(imported.error.message == fromDatabase.message)
                #expect(imported.error.article == fromDatabase.article)
                #expect(imported.error.code == fromDatabase.code)
            }
        }
        #expect(try await fixture.footprint() == before, "refused imports change nothing")
        try await fixture.drop()
    }

    @Test("values that are not of their column's type are named by field, with the values allowed")
    func valuesOfTheWrongType() async throws {
        let fixture = try await CatalogImportFixture.make()
        let row = ImportRow.valid(code: "H-T")
        let cases: [(ImportRow, Rule)] = [
            (row.with("data_form", "table"), CatalogImportRules.dataFormKnown),
            (row.with("data_items", "[{\"name\":"), CatalogImportRules.dataItemsJSON),
            (row.with("share_type", "open"), CatalogImportRules.shareTypeKnown),
            (row.with("open_type", "public"), CatalogImportRules.openTypeKnown),
            (row.with("open_type", "not_open").with("not_open_ground", "secret"), CatalogImportRules.notOpenGroundKnown),
            (row.with("update_frequency", "hourly"), CatalogImportRules.updateFrequencyKnown),
            (row.with("grade", "secret"), CatalogImportRules.gradeKnown),
            (row.with("data_updated_on", "2023-02-29"), CatalogImportRules.dateValid),
            (row.with("data_updated_on", "2024/06/01"), CatalogImportRules.dateValid),
            (row.with("livelihood_related", "maybe"), CatalogImportRules.booleanValid),
            (row.with("share_type", nil), CatalogImportRules.valuePresent),
        ]
        for (bad, rule) in cases {
            let report = try await fixture.importFile(.csv([bad]))
            #expect(report.problems.map(\.rule) == [rule], "\(rule.constraint)")
            #expect(report.problems.first?.field == rule.field ?? "share_type")
        }
        let lenient = row.with("share_type", " unconditional ").with("grade", "general ").with("livelihood_related", "是")
            .with("data_updated_on", " 2024-02-29").with("source_institution", CatalogImportFixture.institution.lowercased())
        let report = try await fixture.importFile(.csv([lenient]))
        #expect(report.problems.isEmpty)
        let stored = try #require(try await fixture.draftRevision(code: "H-T"))
        #expect(try stored.decode("livelihood_related", as: Bool.self))
        #expect(try stored.decode("source_institution_uscc", as: String.self) == CatalogImportFixture.institution)
        try await fixture.drop()
    }

    @Test("CSV cells with commas, quotes, line breaks, edge spaces and Chinese text are stored exactly as written")
    func csvQuoting() async throws {
        let fixture = try await CatalogImportFixture.make()
        let name = "人口基本信息,含\"引号\"与逗号"
        let description = "第一行\n第二行,\"带引号\"\r\n第三行 "
        let items = #"[{"name":"姓名,全称","type":"string","description":"含\"引号\"的说明\n换行"}]"#
        let row = ImportRow.valid(code: "Q-1", name: name).with("description", description).with("data_items", items)
            .with("share_scope", "  全区  ")
        let report = try await fixture.importFile(.csv([row, .valid(code: "Q-2")]))
        #expect(report.problems.isEmpty)
        #expect(report.rowsRead == 2)
        let stored = try #require(try await fixture.draftRevision(code: "Q-1"))
        #expect(try stored.decode("name", as: String.self) == name)
        #expect(try stored.decode("description", as: String.self) == description)
        #expect(try stored.decode("share_scope", as: String.self) == "  全区  ")
        let storedItems = try stored.decode("data_items_text", as: String.self)
        #expect(storedItems.contains("姓名,全称") && storedItems.contains(#"含\"引号\"的说明\n换行"#))
        try await fixture.drop()
    }

    @Test("a CSV row with too many cells, a broken quote or invalid UTF-8 is reported with its line; the others are stored")
    func csvRowsThatCannotBeRead() async throws {
        let fixture = try await CatalogImportFixture.make()
        let good = ImportFile.csv([.valid(code: "C-1"), .valid(code: "C-2")])
        let file =
            good
            .appending("C-3,too,few\n")
            .appending(ImportFile.csv([.valid(code: "C-4")]).bytesAfterHeader.replacingFirst("C-4,", with: "\"C-4\"x,"))
            .appending(ImportFile.csv([.valid(code: "C-5", name: "多行\n名称")]).bytesAfterHeader)
        var bytes = file.bytes + ImportFile.csv([.valid(code: "C-6")]).bytesAfterHeader.utf8Bytes
        bytes[bytes.lastIndex(of: UInt8(ascii: "6"))!] = 0xFF
        let report = try await fixture.importFile(ImportFile(format: .csv, bytes: bytes + Array("\n".utf8)))
        #expect(report.problems.map(\.line) == [4, 5, 8])
        #expect(report.problems.map(\.rule) == [CatalogImportRules.csvFieldCount, CatalogImportRules.csvQuote, CatalogImportRules.textEncoding])
        #expect(report.rowsRead == 6)
        #expect(report.rowsStored == 3)
        #expect(try await fixture.draftRevision(code: "C-5") != nil)
        try await fixture.drop()
    }

    @Test("a CSV header with an unknown or doubled column, or without a required one, refuses the whole file")
    func csvHeader() async throws {
        let fixture = try await CatalogImportFixture.make()
        let before = try await fixture.footprint()
        let headers = [
            CatalogImportColumns.all + ["remarks"],
            CatalogImportColumns.all + ["name"],
            CatalogImportColumns.all.filter { $0 != "share_type" },
        ]
        for columns in headers {
            let error = await #expect(throws: RegistryError.self) {
                try await fixture.importFile(.csv([.valid(code: "X-1")], columns: columns))
            }
            #expect(error?.code == .invalidInput)
            #expect(error?.field == "file")
        }
        await #expect(throws: RegistryError.self) { try await fixture.importFile(ImportFile(format: .csv, bytes: [])) }
        #expect(try await fixture.footprint() == before)
        try await fixture.drop()
    }

    @Test("JSON Lines: a malformed line, an unknown key and an object where text belongs are reported with their lines")
    func jsonLines() async throws {
        let fixture = try await CatalogImportFixture.make()
        let file = ImportFile.jsonLines([.valid(code: "J-1")])
            .appending("{\"code\": \"J-2\", oops}\n")
            .appending("   \n")
            .appending(ImportFile.jsonLines([.valid(code: "J-3").with("remarks", "备注")]).text)
            .appending(ImportFile.jsonLines([.valid(code: "J-4")]).text.replacingFirst(#""name":"医疗机构基本信息""#, with: #""name":{"zh":"名称"}"#))
            .appending(ImportFile.jsonLines([.valid(code: "J-5")]).text)
        let report = try await fixture.importFile(file)
        #expect(report.problems.map(\.line) == [2, 4, 5])
        #expect(report.problems.map(\.rule) == [CatalogImportRules.jsonObject, CatalogImportRules.jsonKeyKnown, CatalogImportRules.jsonText])
        #expect(report.problems.map(\.field) == [nil, "remarks", "name"])
        #expect(report.rowsRead == 5)
        #expect(report.stored?.revisionsAdded == 2)
        try await fixture.drop()
    }

    @Test("--all-or-nothing: one refused row and nothing is stored, the audit trail included; without refusals all is stored")
    func allOrNothing() async throws {
        let fixture = try await CatalogImportFixture.make()
        let before = try await fixture.footprint()
        let rows = (1...50).map { ImportRow.valid(code: "A-\($0)") }
        let bad = rows + [ImportRow.valid(code: "A-51").with("share_type", "conditional")]
        let refused = try await fixture.importFile(.csv(bad), allOrNothing: true)
        #expect(refused.stored == nil)
        #expect(refused.rowsRead == 51)
        #expect(refused.rowsStored == 0)
        #expect(Set(refused.problems.map(\.line)) == [52])
        #expect(try await fixture.footprint() == before)

        let stored = try await fixture.importFile(.csv(rows), allOrNothing: true)
        #expect(stored.stored?.revisionsAdded == 50)
        #expect(stored.stored?.catalogCreated == true)
        #expect(stored.stored?.versionOpened == true)
        try await fixture.drop()
    }

    @Test("re-importing updates the draft's revisions: changed rows are rewritten, unchanged rows not even audited")
    func reimportIntoTheDraft() async throws {
        let fixture = try await CatalogImportFixture.make()
        let first = try await fixture.importFile(.csv([.valid(code: "R-1"), .valid(code: "R-2"), .valid(code: "R-3")]))
        #expect(first.stored?.itemsCreated == 3)
        let auditBefore = try await fixture.footprint()[4]

        let second = try await fixture.importFile(
            .csv([.valid(code: "R-1"), .valid(code: "R-2", name: "改名后的数据资源"), .valid(code: "R-4")])
        )
        let stored = try #require(second.stored)
        #expect(stored.versionID == first.stored?.versionID)
        #expect(!stored.versionOpened)
        #expect((stored.itemsCreated, stored.revisionsAdded, stored.revisionsChanged, stored.revisionsUnchanged) == (1, 1, 1, 1))
        #expect(try await fixture.footprint()[4] == auditBefore + 3, "R-4's item and revision, R-2's update")
        #expect(try await fixture.draftRevision(code: "R-2")?.decode("name", as: String.self) == "改名后的数据资源")
        try await fixture.drop()
    }

    @Test("after approval, an import opens a new draft: existing codes get a new revision there, the approved one stays")
    func importAfterApproval() async throws {
        let fixture = try await CatalogImportFixture.make()
        let first = try #require(try await fixture.importFile(.csv([.valid(code: "V-1"), .valid(code: "V-2")])).stored)
        try await Self.approve(first.versionID, in: fixture)

        let second = try #require(try await fixture.importFile(.csv([.valid(code: "V-1", name: "第二版名称"), .valid(code: "V-3")])).stored)
        #expect(second.versionNumber == 2)
        #expect(second.versionOpened)
        #expect((second.itemsCreated, second.revisionsAdded) == (1, 2))
        let published = try await fixture.database.read { connection in
            try connection.query("select name from catalog_item_published where code = 'V-1'").first?.decode("name", as: String.self)
        }
        #expect(published == "医疗机构基本信息")
        #expect(try await fixture.draftRevision(code: "V-1")?.decode("name", as: String.self) == "第二版名称")
        try await fixture.drop()
    }

    @Test("an import into a catalog under review is refused (A10.3) and changes nothing; so is an unknown institution")
    func catalogUnderReview() async throws {
        let fixture = try await CatalogImportFixture.make()
        let stored = try #require(try await fixture.importFile(.csv([.valid(code: "S-1")])).stored)
        _ = try await fixture.database.write(AuditContext(role: "test")) { connection in
            try connection.query("update catalog_version set state = 'submitted' where id = \(stored.versionID)")
        }
        let before = try await fixture.footprint()
        let error = await #expect(throws: RegistryError.self) { try await fixture.importFile(.csv([.valid(code: "S-2")])) }
        #expect(error?.article == "A10.3")
        let unknown = await #expect(throws: RegistryError.self) {
            try await fixture.importFile(.csv([.valid(code: "S-3")]), institution: "91350100M000100Y43")
        }
        #expect(unknown?.code == .notFound)
        #expect(try await fixture.footprint() == before)
        try await fixture.drop()
    }

    @Test("a withdrawn item's code is not used again (A10.1)")
    func withdrawnCode() async throws {
        let fixture = try await CatalogImportFixture.make()
        let first = try #require(try await fixture.importFile(.csv([.valid(code: "W-1"), .valid(code: "W-2")])).stored)
        try await Self.approve(first.versionID, in: fixture)
        let second = try await fixture.database.write(AuditContext(role: "test")) { connection in
            let version: UUID = try connection.query(
                "insert into catalog_version (catalog_id) values (\(first.catalogID)) returning id"
            ).first!.decode("id")
            try connection.query(
                """
                insert into catalog_item_revision (item_id, version_id, withdrawn, name, description, data_form, data_items,
                    share_type, share_scope, open_type, open_conditions, update_frequency, collecting_department,
                    approving_department, providing_department, source_institution_uscc, category_scheme, category_code, grade)
                select item_id, \(version), true, name, description, data_form, data_items, share_type, share_scope, open_type,
                       open_conditions, update_frequency, collecting_department, approving_department, providing_department,
                       source_institution_uscc, category_scheme, category_code, grade
                  from catalog_item_revision where version_id = \(first.versionID)
                   and item_id = (select id from catalog_item where code = 'W-1')
                """
            )
            return version
        }
        try await Self.approve(second, in: fixture)
        let report = try await fixture.importFile(.csv([.valid(code: "W-1"), .valid(code: "W-2")]))
        #expect(report.problems.map(\.rule) == [CatalogRules.itemCodeUnique])
        #expect(report.problems.map(\.line) == [2])
        #expect(report.stored?.revisionsAdded == 1)
        try await fixture.drop()
    }

    // MARK: - Helpers

    /// An item without a revision and the open draft version, for plain INSERTs of revisions.
    static func plainItem(in fixture: CatalogImportFixture) throws -> (UUID, UUID) {
        try fixture.test.withAdminConnection { connection in
            try connection.transaction(auditedAs: AuditContext(role: "test")) { connection in
                let row = try connection.query(
                    """
                    insert into catalog_item (catalog_id, code)
                    select c.id, 'SQL-1' from catalog c where c.institution_uscc = \(CatalogImportFixture.institution)
                    returning id, (select v.id from catalog_version v where v.catalog_id = catalog_item.catalog_id
                                    and v.state = 'draft') as version_id
                    """
                ).first!
                return (try row.decode("id"), try row.decode("version_id"))
            }
        }
    }

    /// The error a plain INSERT of `row` gets: into catalog_item for the code, into catalog_item_revision for the rest.
    static func plainInsertError(_ row: ImportRow, item: UUID, version: UUID, in fixture: CatalogImportFixture) throws -> PostgresError? {
        let columns = row.fields.keys.filter { $0 != "code" }.sorted()
        let names = columns.map { $0 == "source_institution" ? "source_institution_uscc" : $0 == "base_data_kind" ? "base_data_kind_code" : $0 }
        let values = SQL.joined(columns.map { column -> SQL in "\(row.fields[column]!)" }, separator: ", ")
        let statements: [SQL] = [
            "insert into catalog_item (catalog_id, code) select catalog_id, \(row.fields["code"]!) from catalog_item where id = \(item)",
            """
            insert into catalog_item_revision (item_id, version_id, \(unescaped: names.joined(separator: ", ")))
            values (\(item), \(version), \(values))
            """,
        ]
        for statement in statements {
            do {
                try fixture.test.withAdminConnection { connection in
                    try connection.query("begin")
                    defer { _ = try? connection.query("rollback") }
                    try AuditContext(role: "test").apply(on: connection)
                    try connection.query(statement)
                }
            } catch let error as PostgresError {
                return error
            }
        }
        return nil
    }

    /// Submits and approves a catalog version as the region's authority.
    static func approve(_ version: UUID, in fixture: CatalogImportFixture) async throws {
        try await fixture.database.write(AuditContext(role: "test")) { connection in
            try connection.query("update catalog_version set state = 'submitted' where id = \(version)")
            try connection.query(
                """
                update catalog_version set state = 'approved', reviewer_institution = \(CatalogImportFixture.authority)
                 where id = \(version)
                """
            )
        }
    }
}

extension ImportFile {
    /// The file as text.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The rows of a CSV file without its header line.
    var bytesAfterHeader: String {
        let text = self.text
        return String(text[text.index(after: text.firstIndex(of: "\n")!)...])
    }

    func appending(_ file: ImportFile) -> ImportFile { appending(file.text) }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }

    var utf8Bytes: [UInt8] { Array(utf8) }
}
