import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// The acceptance test of bulk import: a generated ledger of `rowCount` catalog items, read from disk, with bad rows
/// of several kinds spread through it.
@Suite("Importing a large generated ledger with bad rows of several kinds")
struct CatalogImportLargeTests {
    /// Rows of the generated file: the acceptance size of 100,000, or `REGISTRY_IMPORT_TEST_ROWS` for a quicker run
    /// while working on the import.
    static let rowCount = ProcessInfo.processInfo.environment["REGISTRY_IMPORT_TEST_ROWS"].flatMap(Int.init) ?? 100_000

    /// What the import must report: (line, field, constraint) of every problem, in the report's order.
    typealias Expected = [(line: Int, field: String?, rule: String)]

    @Test("the good rows are stored with their audit rows, each bad row is reported with its line; all-or-nothing stores nothing")
    func largeLedger() async throws {
        let fixture = try await CatalogImportFixture.make()
        let (url, expected) = try Self.writeLedger(rows: Self.rowCount)
        defer { try? FileManager.default.removeItem(at: url) }
        let badLines = Set(expected.map(\.line)).count

        let before = try await fixture.footprint()
        let refused = try await fixture.importFile(at: url, format: .csv, allOrNothing: true)
        #expect(refused.stored == nil)
        #expect(refused.rowsRead == Self.rowCount)
        #expect(try await fixture.footprint() == before, "all-or-nothing stored nothing, not even an audit row")

        let report = try await fixture.importFile(at: url, format: .csv)
        #expect(report.rowsRead == Self.rowCount)
        #expect(
            report.problems.map { "\($0.line) \($0.field ?? "-") \($0.rule.constraint)" }
                == expected.map { "\($0.line) \($0.field ?? "-") \($0.rule)" }
        )
        #expect(report.rowsRefused == badLines)
        #expect(report.rowsStored == Self.rowCount - badLines)
        #expect(report.stored?.revisionsAdded == Self.rowCount - badLines)

        let (revisions, auditRows) = try await fixture.database.read { connection in
            let revisions = try connection.query("select count(*) as n from catalog_item_revision").first!.decode("n", as: Int.self)
            let audit = try connection.query("select count(*) as n from audit_log where action = 'catalog.import'").first!
                .decode("n", as: Int.self)
            return (revisions, audit)
        }
        #expect(revisions == Self.rowCount - badLines)
        #expect(auditRows == 2 * (Self.rowCount - badLines) + 2, "an item and a revision per row, the catalog and its draft")
        try await fixture.drop()
    }

    /// Writes a CSV ledger of `rows` data rows to a temporary file; returns it with the problems it holds.
    static func writeLedger(rows: Int) throws -> (URL, Expected) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-import-\(UUID().uuidString).csv")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let columns = CatalogImportColumns.all
        var buffer = Array((columns.joined(separator: ",") + "\n").utf8)
        var expected: Expected = []
        let spacing = max(rows / 12, 2)
        for index in 1...rows {
            let line = index + 1
            var row = ImportRow.valid(code: "L-\(index)", name: "数据资源\(index),含逗号与\"引号\"")
            var text: String?
            switch index / spacing {
            case _ where index % spacing != 0: break
            case 1:
                row = row.with("share_type", "conditional")
                expected += [
                    (line, "share_conditions", "catalog_item_conditional_share_needs_conditions_a21_1"),
                    (line, "share_legal_basis", "catalog_item_restricted_share_needs_legal_basis_a21_1"),
                    (line, "share_reason", "catalog_item_restricted_share_needs_reason_a21_1"),
                ]
            case 2:
                row = row.with("open_type", "public")
                expected.append((line, "open_type", "catalog_import_open_type_known_a27_1"))
            case 3:
                row = row.with("category_code", "no.such.category")
                expected.append((line, "category_code", "catalog_item_category_exists_a9_2"))
            case 4:
                text = "L-\(index),少了很多列\n"
                expected.append((line, nil, "catalog_import_csv_field_count"))
            case 5:
                row = row.with("code", "L-\(index - 1)")
                expected += [
                    (line - 1, "code", "catalog_import_code_once_in_file_a10_1"),
                    (line, "code", "catalog_import_code_once_in_file_a10_1"),
                ]
            case 6:
                row = row.with("grade", "core").with("open_type", "unconditional")
                expected.append((line, "open_type", "catalog_item_core_not_unconditionally_open_a9_2"))
            case 7:
                text = "\"L-\(index)\"x," + columns.dropFirst().map { ImportFile.csvCell(row.fields[$0] ?? "") }.joined(separator: ",") + "\n"
                expected.append((line, nil, "catalog_import_csv_quote"))
            case 8:
                row = row.with("name", "")
                expected.append((line, "name", "catalog_item_name_not_blank_a10_2"))
            case 9:
                row = row.with("data_updated_on", "2024-13-01")
                expected.append((line, "data_updated_on", "catalog_import_date_valid_a16_1"))
            case 10:
                row = row.with("source_institution", "91350100M000100Y43")
                expected.append((line, "source_institution", "catalog_item_revision_source_institution_uscc_fkey"))
            default: break
            }
            buffer += Array((text ?? columns.map { ImportFile.csvCell(row.fields[$0] ?? "") }.joined(separator: ",") + "\n").utf8)
            if buffer.count > 1 << 20 {
                handle.write(Data(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(buffer))
        return (url, expected.sorted { ($0.line, $0.field ?? "") < ($1.line, $1.field ?? "") })
    }
}
