import Foundation
import Postgres
import TestSupport
import Testing

@Suite("registry catalog: the published catalog, an item's history and the review queue from the command line (A10.1, A10.3)")
struct CatalogCLITests {
    static let authority = "11150000MB0000011G"

    /// Imports two items through the CLI and submits the draft in SQL; `approved` lets the region's authority approve it.
    static func submittedCatalog(approved: Bool = false) async throws -> (TestDatabase, RegistryCommand) {
        let database = try await TestDatabase.make(maxConnections: 1)
        try database.withAdminConnection { connection in
            try connection.query(
                """
                insert into institution (uscc, name, division_code, kind) values
                    (\(ImportCLITests.institution), '自治区卫生健康委员会', '150000', 'public_institution'),
                    (\(Self.authority), '自治区政务服务与数据管理局', '150000', 'public_data_authority')
                """
            )
        }
        let registry = RegistryCommand(databaseURL: database.connectionString)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString).csv")
        try Data(([ImportCLITests.header, ImportCLITests.row("C-1"), ImportCLITests.row("C-2")].joined(separator: "\n") + "\n").utf8)
            .write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let imported = try registry.run("import", "catalog", file.path, "--institution", ImportCLITests.institution)
        #expect(imported.status == 0, "\(imported.output) \(imported.error)")
        try database.withAdminConnection { connection in
            try connection.query("update catalog_version set state = 'submitted'")
            if approved { try connection.query("update catalog_version set state = 'approved', reviewer_institution = \(Self.authority)") }
        }
        return (database, registry)
    }

    @Test("reviews lists the submitted version with its deadline; items lists what is approved; history lists revisions")
    func readingTheCatalog() async throws {
        let (database, registry) = try await Self.submittedCatalog()
        let queue = try registry.run("catalog", "reviews", "--division", "150000")
        let lines = queue.output.split(separator: "\n")
        #expect(lines.first == "decision_due\tsubmitted_on\tcatalog\tversion")
        #expect(lines.count == 2 && lines[1].hasSuffix("\t自治区卫生健康委员会公共数据资源目录\t1"))

        try database.withAdminConnection { connection in
            try connection.query("update catalog_version set state = 'approved', reviewer_institution = \(Self.authority)")
        }
        let items = try registry.run("catalog", "items", "--institution", ImportCLITests.institution.lowercased())
        #expect(items.status == 0)
        #expect(
            items.output == """
                code\tname\tinstitution\tshare_type\topen_type\tgrade\tdata_updated_on
                C-1\t名称,含逗号\t\(ImportCLITests.institution)\t无条件共享\t非开放\t重要数据\t
                C-2\t名称,含逗号\t\(ImportCLITests.institution)\t无条件共享\t非开放\t重要数据\t

                """
        )
        let none = try registry.run("catalog", "items", "--share-type", "not_shared")
        #expect(none.output.split(separator: "\n").count == 1)

        let id = try database.withAdminConnection { connection in
            try connection.query("select id from catalog_item where code = 'C-1'").first!.decode("id", as: UUID.self)
        }
        let history = try registry.run("catalog", "history", id.uuidString)
        #expect(history.output.split(separator: "\n").last?.hasPrefix("1\t审核通过\t") == true, "\(history.output)")
        try await database.drop()
    }

    @Test("a malformed filter is refused with its reason and exit status 64")
    func badFilters() throws {
        let registry = RegistryCommand(databaseURL: nil)
        let grade = try registry.run("catalog", "items", "--grade", "secret")
        #expect(grade.status == 64)
        #expect(grade.error.contains("--grade"))
        let item = try registry.run("catalog", "history", "not-a-uuid")
        #expect(item.status == 64)
    }
}
