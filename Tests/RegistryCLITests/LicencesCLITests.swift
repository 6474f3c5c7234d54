import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

@Suite("registry licences: aggregations of electronic licences into their base database (A18.2)")
struct LicencesCLITests {
    @Test("A18.2: record writes one audited aggregation of a licence item; an ordinary item is refused; list reads them")
    func recordAndList() async throws {
        let database = try await TestDatabase.make(maxConnections: 1)
        try database.withAdminConnection { connection in
            try connection.query(
                """
                insert into institution (uscc, name, division_code, kind) values
                    (\(ImportCLITests.institution), '自治区卫生健康委员会', '150000', 'public_institution'),
                    (\(CatalogCLITests.authority), '自治区政务服务与数据管理局', '150000', 'public_data_authority')
                """
            )
        }
        let registry = RegistryCommand(databaseURL: database.connectionString)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("licences-\(UUID().uuidString).csv")
        let licence = ImportCLITests.row("LIC-1").replacingOccurrences(of: "base.population", with: "base.licence")
        try Data(([ImportCLITests.header, licence, ImportCLITests.row("C-2")].joined(separator: "\n") + "\n").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try registry.run("import", "catalog", file.path, "--institution", ImportCLITests.institution).status == 0)
        let ids = try database.withAdminConnection { connection in
            try connection.query("update catalog_version set state = 'submitted'")
            try connection.query("update catalog_version set state = 'approved', reviewer_institution = \(CatalogCLITests.authority)")
            return try connection.query("select id, code from catalog_item").rows.reduce(into: [String: String]()) {
                $0[try $1.decode("code", as: String.self)] = try $1.decode("id", as: UUID.self).uuidString.lowercased()
            }
        }

        let recorded = try registry.run(
            "licences",
            "record",
            ids["LIC-1"]!,
            "--count",
            "12",
            "--system",
            "自治区电子证照系统",
            "--at",
            "2026-11-02T08:00:00+08:00"
        )
        #expect(recorded.status == 0, "\(recorded.error)")
        #expect(recorded.output.hasSuffix("\t2026-11-02T00:00:00Z\t12\t自治区电子证照系统\t\(ImportCLITests.institution)\n"), "\(recorded.output)")
        let refused = try registry.run("licences", "record", ids["C-2"]!, "--count", "1", "--system", "系统")
        #expect(refused.status != 0 && refused.error.contains("电子证照"), "\(refused.error)")
        let listed = try registry.run("licences", "list", ids["LIC-1"]!)
        #expect(listed.output.split(separator: "\n").count == 2 && listed.output.hasPrefix("id\taggregated_at\tlicences\tsystem\tinstitution\n"))
        let audited = try database.withAdminConnection { connection in
            try connection.query(
                "select count(*) as n from audit_log where entity = 'licence_aggregation' and actor_role = 'cli' and action = 'licence_aggregation.record'"
            ).first!.decode("n", as: Int64.self)
        }
        #expect(audited == 1)
        try await database.drop()
    }
}
