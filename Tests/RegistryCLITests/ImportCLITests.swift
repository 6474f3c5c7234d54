import Foundation
import Postgres
import TestSupport
import Testing

@Suite("registry import catalog")
struct ImportCLITests {
    static let institution = "11150000MB0000002J"
    static let header =
        "code,name,data_form,data_items,share_type,share_reason,share_legal_basis,share_conditions,share_scope,open_type,"
        + "not_open_ground,update_frequency,collecting_department,approving_department,providing_department,"
        + "source_institution,category_code,grade"

    static func row(_ code: String, shareType: String = "unconditional", reason: String = "") -> String {
        "\(code),\"名称,含逗号\",database_table,\"[{\"\"name\"\":\"\"姓名\"\",\"\"type\"\":\"\"string\"\"}]\",\(shareType),\(reason),,,"
            + "全区,not_open,privacy,monthly,卫健委,卫健委,卫健委,\(institution),base.population,important"
    }

    /// A migrated database with the importing institution, and the command pointed at it.
    private func setUp() async throws -> (TestDatabase, RegistryCommand) {
        let database = try await TestDatabase.make(maxConnections: 1)
        try database.withAdminConnection { connection in
            try connection.query(
                """
                insert into institution (uscc, name, division_code, kind)
                values (\(Self.institution), '自治区卫生健康委员会', '150000', 'public_institution')
                """
            )
        }
        return (database, RegistryCommand(databaseURL: database.connectionString))
    }

    private func write(_ text: String, extension fileExtension: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString).\(fileExtension)")
        try Data(text.utf8).write(to: url)
        return url
    }

    private func count(_ table: String, in database: TestDatabase) throws -> Int {
        try database.withAdminConnection { connection in
            try connection.query("select count(*) as n from \(unescaped: table)").first!.decode("n", as: Int.self)
        }
    }

    @Test("bad rows are printed with line, field, reason and article; the good ones are stored; exit status 1")
    func partialImport() async throws {
        let (database, registry) = try await setUp()
        let file = try write(
            [Self.header, Self.row("A-1"), Self.row("A-2", shareType: "conditional"), Self.row("A-3")]
                .joined(separator: "\n") + "\n",
            extension: "csv"
        )
        defer { try? FileManager.default.removeItem(at: file) }

        let outcome = try registry.run("import", "catalog", file.path, "--institution", Self.institution)
        #expect(outcome.status == 1)
        let lines = outcome.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("line 3: share_reason: 有条件共享和不予共享的目录条目须说明理由。 (A21.1)"))
        #expect(lines.filter { $0.hasPrefix("line 3: ") }.count == 3)
        #expect(lines.last?.hasPrefix("3 rows read, 2 stored in draft version 1 of catalog ") == true)
        #expect(lines.last?.hasSuffix("2 new items, 2 revisions added, 0 changed, 0 unchanged; 1 refused") == true)
        #expect(try count("catalog_item_revision", in: database) == 2)
        try await database.drop()
    }

    @Test("--all-or-nothing stores nothing when a row is refused; a clean file is stored with exit status 0")
    func allOrNothing() async throws {
        let (database, registry) = try await setUp()
        let bad = try write([Self.header, Self.row("B-1"), Self.row("B-2", shareType: "shared")].joined(separator: "\n"), extension: "csv")
        let good = try write([Self.header, Self.row("B-1"), Self.row("B-2")].joined(separator: "\n"), extension: "csv")
        defer { for url in [bad, good] { try? FileManager.default.removeItem(at: url) } }

        let refused = try registry.run("import", "catalog", bad.path, "--institution", Self.institution, "--all-or-nothing")
        #expect(refused.status == 1)
        #expect(refused.output.contains("line 3: share_type: 共享类型须为"))
        #expect(refused.output.hasSuffix("2 rows read, 1 refused: nothing stored (--all-or-nothing)\n"))
        #expect(try count("catalog", in: database) == 0)
        #expect(try count("audit_log where action = 'catalog.import'", in: database) == 0)

        let stored = try registry.run("import", "catalog", good.path, "--institution", Self.institution, "--all-or-nothing")
        #expect(stored.status == 0, "\(stored.error)")
        #expect(try count("audit_log where action = 'catalog.import' and actor_institution = '\(Self.institution)'", in: database) == 6)
        try await database.drop()
    }

    @Test("JSON Lines with --format; a file whose format cannot be told, or an unknown institution, is refused")
    func formats() async throws {
        let (database, registry) = try await setUp()
        let line =
            #"{"code":"J-1","name":"人口","data_form":"file","data_items":[{"name":"姓名","type":"string"}],"#
            + #""share_type":"unconditional","share_scope":"全区","open_type":"unconditional","update_frequency":"daily","#
            + #""collecting_department":"甲","approving_department":"乙","providing_department":"丙","#
            + #""source_institution":"\#(Self.institution)","category_code":"base.population","grade":"general"}"#
        let file = try write(line + "\n{\"code\": oops}\n", extension: "txt")
        defer { try? FileManager.default.removeItem(at: file) }

        let unknown = try registry.run("import", "catalog", file.path, "--institution", Self.institution)
        #expect(unknown.status != 0)
        #expect(unknown.error.contains("--format"))

        let imported = try registry.run("import", "catalog", file.path, "--institution", Self.institution, "--format", "jsonl")
        #expect(imported.status == 1)
        #expect(imported.output.hasPrefix("line 2: 该行不是一个有效的 JSON 对象"))
        #expect(imported.output.contains("2 rows read, 1 stored in draft version 1"))

        let nobody = try registry.run("import", "catalog", file.path, "--institution", "91350100M000100Y43", "--format", "jsonl")
        #expect(nobody.status != 0)
        #expect(nobody.error.contains("未找到机构 91350100M000100Y43"))
        try await database.drop()
    }
}
