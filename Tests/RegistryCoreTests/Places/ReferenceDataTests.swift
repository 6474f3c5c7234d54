import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A3.1 / A13.4: `registry seed reference` loads divisions and base data kinds idempotently.
@Suite("Reference data seeding (A3.1, A13.4)")
struct ReferenceDataTests {
    @Test("an empty database gets 116 divisions and 33 base data kinds, and a second seed changes nothing")
    func seedFromEmpty() async throws {
        let database = try await TestDatabase.makeEmpty()
        try await database.client.withConnection { connection in
            _ = try Migrator(directory: ProjectDirectory.sql).run(on: connection)
        }
        let first = try await PlacesFixture.seed(database)
        #expect(first[ReferenceData.divisionsFile] == .init(file: ReferenceData.divisionsFile, inserted: 116))
        #expect(first[ReferenceData.baseDataKindsFile] == .init(file: ReferenceData.baseDataKindsFile, inserted: 33))
        let calendarDays = try OfficialCalendarCSV.read(PlacesFixture.referenceDirectory.appendingPathComponent(ReferenceData.calendarFile))
        #expect(first[ReferenceData.calendarFile] == .init(file: ReferenceData.calendarFile, inserted: calendarDays.count))

        let auditBefore = try await PlacesFixture.auditRowCount(database)
        let second = try await PlacesFixture.seed(database)
        #expect(second.changedNothing)
        #expect(second[ReferenceData.divisionsFile] == .init(file: ReferenceData.divisionsFile, unchanged: 116))
        #expect(second[ReferenceData.baseDataKindsFile] == .init(file: ReferenceData.baseDataKindsFile, unchanged: 33))
        #expect(second[ReferenceData.calendarFile] == .init(file: ReferenceData.calendarFile, unchanged: calendarDays.count))
        #expect(try await PlacesFixture.auditRowCount(database) == auditBefore)

        let seedAudit = try await database.client.withConnection { connection in
            try connection.query(
                """
                select count(*) as n from audit_log
                where action = \(ReferenceData.auditAction) and operation = 'insert' and entity in ('division', 'base_data_kind')
                """
            ).first!.decode("n", as: Int.self)
        }
        #expect(seedAudit == 116 + 33)
        try await database.drop()
    }

    @Test("a second seed of the template database writes nothing and no audit rows")
    func secondSeedChangesNothing() async throws {
        let database = try await PlacesFixture.seededDatabase()
        let auditBefore = try await PlacesFixture.auditRowCount(database)
        let summary = try await PlacesFixture.seed(database)
        #expect(summary.changedNothing)
        #expect(summary[ReferenceData.divisionsFile]?.unchanged == 116)
        #expect(summary[ReferenceData.baseDataKindsFile]?.unchanged == 33)
        #expect(try await PlacesFixture.auditRowCount(database) == auditBefore)
        try await database.drop()
    }

    @Test("a changed division or base data kind is updated, the rest left alone")
    func seedRepairsChangedRows() async throws {
        let database = try await PlacesFixture.seededDatabase()
        let (summary, name, source) = try await PlacesFixture.rolledBack(database) { connection in
            try connection.query("update division set name = '新城' where code = '150102'")
            try connection.query("update base_data_kind set source_departments = '某部门' where code = 'household_registration'")
            let summary = try ReferenceData.seed(from: PlacesFixture.referenceDirectory, on: connection)
            let name = try DivisionStore().get(code: "150102", on: connection)?.name
            let source = try BaseDataKindStore().get(code: "household_registration", on: connection)?.sourceDepartments
            return (summary, name, source)
        }
        #expect(summary[ReferenceData.divisionsFile] == .init(file: ReferenceData.divisionsFile, updated: 1, unchanged: 115))
        #expect(summary[ReferenceData.baseDataKindsFile] == .init(file: ReferenceData.baseDataKindsFile, updated: 1, unchanged: 32))
        #expect(name == "新城区")
        #expect(source == "公安机关")
        try await database.drop()
    }

    @Test("the base data kinds follow A13, A14 and A15 and belong to their base databases (A18.1)")
    func baseDataKinds() async throws {
        let database = try await PlacesFixture.seededDatabase()
        let kinds = try await database.client.withConnection { try BaseDataKindStore().list(on: $0) }
        #expect(kinds.count == 33)
        #expect(kinds.map(\.position) == Array(1...33))

        let naturalPerson = kinds.filter { $0.subjectKind == .naturalPerson }
        let organisation = kinds.filter { $0.subjectKind == .organisation }
        let naturalResources = kinds.filter { $0.subjectKind == .naturalResources }
        #expect(naturalPerson.count == 11)
        #expect(organisation.count == 8)
        #expect(naturalResources.count == 14)
        #expect(naturalPerson.allSatisfy { $0.baseDatabase == .naturalPerson && $0.articleClause.hasPrefix("A13(") })
        #expect(organisation.allSatisfy { $0.baseDatabase == .legalPerson && $0.articleClause.hasPrefix("A14(") })
        #expect(naturalResources.allSatisfy { $0.baseDatabase == .naturalResourcesSpatial && $0.articleClause == "A15" })
        #expect(naturalPerson.last?.articleClause == "A13(十一)")
        #expect(
            naturalResources.map(\.name) == [
                "国土空间用途数据", "土地数据", "矿产数据", "森林数据", "草地数据", "湿地数据", "水数据", "渔业数据", "野生动物数据",
                "气候数据", "气象数据", "房屋建筑数据", "地下管道数据", "城市部件数据",
            ]
        )

        let household = kinds.first { $0.code == "household_registration" }
        #expect(household?.name == "户籍登记数据")
        #expect(household?.articleClause == "A13(一)")
        #expect(household?.sourceDepartments == "公安机关")
        let market = kinds.first { $0.articleClause == "A14(一)" }
        #expect(market?.name == "经营主体登记数据")
        #expect(market?.sourceDepartments == "市场监管部门")

        let databases = try await database.client.withConnection { connection in
            try connection.query("select code, name from base_database order by position").map {
                (try $0.decode("code", as: BaseDatabase.self), try $0.decode("name", as: String.self))
            }
        }
        #expect(databases.map(\.0) == BaseDatabase.allCases)
        #expect(databases.map(\.1) == BaseDatabase.allCases.map(\.label))
        try await database.drop()
    }
}

/// Reading the reference files: clear errors with file and line, nothing written.
@Suite("Reference data files")
struct ReferenceFileTests {
    private func file(_ name: String, _ text: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("places-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    private func divisionsError(_ text: String) throws -> ReferenceDataError? {
        let url = try file("divisions.tsv", text)
        return #expect(throws: ReferenceDataError.self) { try ReferenceData.readDivisions(from: url) }
    }

    private func kindsError(_ text: String) throws -> ReferenceDataError? {
        let url = try file("kinds.tsv", text)
        return #expect(throws: ReferenceDataError.self) { try ReferenceData.readBaseDataKinds(from: url) }
    }

    @Test("the project's files parse: 1 region, 12 leagues/cities, 103 banners/counties, 33 base data kinds")
    func projectFiles() throws {
        let divisions = try ReferenceData.readDivisions(
            from: PlacesFixture.referenceDirectory.appendingPathComponent(ReferenceData.divisionsFile)
        )
        #expect(divisions.filter { $0.level == .region }.map(\.code) == ["150000"])
        #expect(divisions.filter { $0.level == .leagueCity }.count == 12)
        #expect(divisions.filter { $0.level == .bannerCounty }.count == 103)
        let kinds = try ReferenceData.readBaseDataKinds(
            from: PlacesFixture.referenceDirectory.appendingPathComponent(ReferenceData.baseDataKindsFile)
        )
        #expect(kinds.count == 33)
    }

    @Test("levels are derived from the parent chain; CRLF line ends and blank lines are accepted")
    func derivedLevels() throws {
        let url = try file("divisions.tsv", "code\tname\tparent\r\n150000\t内蒙古自治区\t\r\n\r\n150100\t呼和浩特市\t150000\r\n150102\t新城区\t150100\r\n")
        let divisions = try ReferenceData.readDivisions(from: url)
        #expect(divisions.map(\.level) == [.region, .leagueCity, .bannerCounty])
        #expect(divisions.map(\.parentCode) == [nil, "150000", "150100"])
    }

    @Test("malformed division files name the file and line")
    func divisionErrors() throws {
        let header = "code\tname\tparent\n"
        let region = "150000\t内蒙古自治区\t\n"

        var error = try divisionsError("code\tname\n150000\t内蒙古自治区\n")
        #expect(error?.file == "divisions.tsv")
        #expect(error?.line == 1)

        error = try divisionsError(header + region + "150100\t呼和浩特市\n")
        #expect(error?.line == 3)
        #expect(error?.message.contains("3 tab-separated fields") == true)

        error = try divisionsError(header + region + "15010X\t呼和浩特市\t150000\n")
        #expect(error?.line == 3)
        #expect(error?.description.hasPrefix("divisions.tsv:3: ") == true)

        error = try divisionsError(header + region + "150102\t新城区\t150100\n")
        #expect(error?.line == 3)
        #expect(error?.message.contains("not listed above") == true)

        // A banner directly under the region (A3.1).
        error = try divisionsError(header + region + "150121\t土默特左旗\t150000\n")
        #expect(error?.line == 3)
        #expect(error?.message.contains("division_code_matches_level_a3_1") == true)

        error = try divisionsError(header + region + "150100\t呼和浩特市\t150000\n150100\t呼和浩特市\t150000\n")
        #expect(error?.line == 4)

        error = try divisionsError(header + region + "150100\t 呼和浩特市\t150000\n")
        #expect(error?.message.contains("spaces") == true)

        error = try divisionsError("")
        #expect(error?.line == nil)
    }

    @Test("malformed base data kind files name the file and line")
    func kindErrors() throws {
        let header = "code\tname\tarticle_clause\tsource_departments\tbase_database_code\tsubject_kind\n"
        let good = "household_registration\t户籍登记数据\tA13(一)\t公安机关\tnatural_person\tnatural_person\n"

        var error = try kindsError(header + good + "land\t土地数据\tA16\t自然资源部门\tnatural_resources_spatial\tnatural_resources\n")
        #expect(error?.line == 3)
        #expect(error?.message.contains("article_clause") == true)

        error = try kindsError(header + good + "land\t土地数据\tA15\t自然资源部门\tland_db\tnatural_resources\n")
        #expect(error?.message.contains("base_database_code") == true)

        error = try kindsError(header + good + "land\t土地数据\tA15\t自然资源部门\tnatural_resources_spatial\tland\n")
        #expect(error?.message.contains("subject_kind") == true)

        error = try kindsError(header + good + "land\t土地数据\tA15\t自然资源部门\tnatural_resources_spatial\tnatural_person\n")
        #expect(error?.message.contains("A13") == true)

        error = try kindsError(header + good + good)
        #expect(error?.line == 3)

        error = try kindsError(header + good + "Land\t土地数据\tA15\t自然资源部门\tnatural_resources_spatial\tnatural_resources\n")
        #expect(error?.message.contains("lower-case") == true)

        error = try kindsError(header + good + "land\t土地数据\tA15\t\tnatural_resources_spatial\tnatural_resources\n")
        #expect(error?.message.contains("source_departments is empty") == true)
    }

    @Test("a malformed file changes nothing in the database")
    func malformedFileWritesNothing() async throws {
        let database = try await PlacesFixture.seededDatabase()
        let directory = try file(ReferenceData.divisionsFile, "code\tname\tparent\n150000\t内蒙古\t\n150100\t呼和浩特市\n")
            .deletingLastPathComponent()
        try FileManager.default.copyItem(
            at: PlacesFixture.referenceDirectory.appendingPathComponent(ReferenceData.baseDataKindsFile),
            to: directory.appendingPathComponent(ReferenceData.baseDataKindsFile)
        )
        let auditBefore = try await PlacesFixture.auditRowCount(database)
        await #expect(throws: ReferenceDataError.self) {
            try await database.client.withTransaction { try ReferenceData.seed(from: directory, on: $0) }
        }
        let region = try await database.client.withConnection { try DivisionStore().get(code: "150000", on: $0) }
        #expect(region?.name == "内蒙古自治区")
        #expect(try await PlacesFixture.auditRowCount(database) == auditBefore)
        try await database.drop()
    }
}
