import Foundation
import Postgres
import RegistryCore
import TestSupport

/// A database with the region's authority and two institutions of the region, and ways to import into it.
struct CatalogImportFixture {
    static let authority = "11150000MB0000001F"
    /// The importing institution (自治区卫生健康委员会).
    static let institution = "11150000MB0000002J"
    /// Another registered institution, a data source department of some rows.
    static let otherInstitution = "11150000MB0000003M"

    let test: TestDatabase
    let database: RegistryDatabase

    static func make() async throws -> CatalogImportFixture {
        let test = try await TestDatabase.make()
        let database = RegistryDatabase(client: test.client)
        try await database.write(AuditContext(role: "test")) { connection in
            try connection.query(
                """
                insert into institution (uscc, name, division_code, kind) values
                    (\(authority), '自治区政务服务与数据管理局', '150000', 'public_data_authority'),
                    (\(institution), '自治区卫生健康委员会', '150000', 'public_institution'),
                    (\(otherInstitution), '自治区公安厅', '150000', 'public_institution')
                """
            )
        }
        return CatalogImportFixture(test: test, database: database)
    }

    /// Imports `file` as the command line does: one transaction audited as `catalog.import`.
    func importFile(
        _ file: ImportFile,
        allOrNothing: Bool = false,
        institution: String = Self.institution
    ) async throws -> CatalogImportReport {
        let context = AuditContext(role: "test", institution: institution, requestID: "req-import", action: CatalogImportStore.auditAction)
        return try await database.write(context) { connection in
            try CatalogImportStore().importItems(
                bytes: file.bytes,
                format: file.format,
                institution: institution,
                allOrNothing: allOrNothing,
                on: connection
            )
        }
    }

    /// Imports the file at `url`, read from disk in chunks.
    func importFile(at url: URL, format: CatalogImportFormat, allOrNothing: Bool = false) async throws -> CatalogImportReport {
        try await database.write(AuditContext(role: "test", action: CatalogImportStore.auditAction)) { connection in
            try CatalogImportStore().importItems(
                from: url,
                format: format,
                institution: Self.institution,
                allOrNothing: allOrNothing,
                on: connection
            )
        }
    }

    /// Rows of every table an import writes, and of the audit trail: equal before and after means nothing changed.
    func footprint() async throws -> [Int] {
        try await database.read { connection in
            try ["catalog", "catalog_version", "catalog_item", "catalog_item_revision", "audit_log"].map { table in
                try connection.query("select count(*) as n from \(unescaped: table)").first!.decode("n", as: Int.self)
            }
        }
    }

    /// The stored revision of item `code` in the open (draft) version, as text by column.
    func draftRevision(code: String) async throws -> Row? {
        try await database.read { connection in
            try connection.query(
                """
                select r.*, r.data_items::text as data_items_text
                  from catalog_item i
                  join catalog_item_revision r on r.item_id = i.id
                  join catalog_version v on v.id = r.version_id and v.state = 'draft'
                 where i.code = \(code)
                """
            ).first
        }
    }

    func drop() async throws {
        try await test.drop()
    }
}

/// One row of an import file: the text of each field, by the API's name; absent fields are not in the file.
struct ImportRow {
    var fields: [String: String]

    /// A row every rule accepts: an unconditionally shared, conditionally open item of general grade.
    static func valid(code: String, name: String = "医疗机构基本信息") -> ImportRow {
        ImportRow(fields: [
            "code": code, "name": name, "data_form": "database_table",
            "data_items": #"[{"name":"机构名称","type":"string","description":"医疗机构的登记名称"},{"name":"成立日期","type":"date"}]"#,
            "share_type": "unconditional", "share_scope": "全区政务部门", "open_type": "conditional",
            "open_conditions": "面向科研机构,用于统计分析", "update_frequency": "monthly",
            "collecting_department": "自治区卫生健康委员会", "approving_department": "自治区卫生健康委员会",
            "providing_department": "自治区卫生健康委员会", "source_institution": CatalogImportFixture.institution,
            "category_scheme": "NM-2024", "category_code": "base.population", "grade": "general",
            "data_updated_on": "2024-06-01",
        ])
    }

    /// The same row with `field` set to `value` (`nil`: left out).
    func with(_ field: String, _ value: String?) -> ImportRow {
        var copy = self
        copy.fields[field] = value
        return copy
    }
}

/// An import file built from rows, in one of the two formats.
struct ImportFile {
    var format: CatalogImportFormat
    var bytes: [UInt8]

    /// CSV with a header of `columns`; cells are quoted when they hold a comma, a quote, a line break or edge spaces.
    static func csv(_ rows: [ImportRow], columns: [String] = CatalogImportColumns.all) -> ImportFile {
        var text = columns.joined(separator: ",") + "\n"
        for row in rows {
            text += columns.map { csvCell(row.fields[$0] ?? "") }.joined(separator: ",") + "\n"
        }
        return ImportFile(format: .csv, bytes: Array(text.utf8))
    }

    static func csvCell(_ value: String) -> String {
        let special = value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        guard special || value.hasPrefix(" ") || value.hasSuffix(" ") else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// JSON Lines, one object per row; `data_items` as a JSON array, the other fields as strings.
    static func jsonLines(_ rows: [ImportRow]) -> ImportFile {
        var text = ""
        for row in rows {
            let members = row.fields.sorted { $0.key < $1.key }.map { key, value in
                jsonString(key) + ":" + (key == "data_items" ? value : jsonString(value))
            }
            text += "{" + members.joined(separator: ",") + "}\n"
        }
        return ImportFile(format: .jsonl, bytes: Array(text.utf8))
    }

    static func jsonString(_ value: String) -> String {
        String(decoding: try! JSONEncoder().encode(value), as: UTF8.self)
    }

    /// The same file with `text` (one or more lines, each ending in a line break) appended.
    func appending(_ text: String) -> ImportFile {
        ImportFile(format: format, bytes: bytes + Array(text.utf8))
    }
}
