import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A9.1 / A9.2: the region's default scheme with its category tree, and league/city and industry schemes recorded as
/// filed with the region authority — refused alike by the store and by plain SQL when they break a rule.
@Suite("Classification schemes and categories (A9.1, A9.2)")
struct ClassificationTests {
    static let filedOn = CivilDate(iso: "2025-09-30")!

    /// 呼和浩特市's scheme with a two-level tree, its children listed before their parent.
    static let hohhotFiling = ClassificationSchemeFiling(
        code: "HHHT-2025",
        name: "呼和浩特市公共数据分类分级实施细则",
        kind: .leagueCity,
        divisionCode: "150100",
        filedOn: filedOn,
        categories: [
            .init(code: "city.water", name: "城市供水", parentCode: "city"),
            .init(code: "city", name: "城市运行"),
            .init(code: "city.heating", name: "城市供热", parentCode: "city"),
        ]
    )

    @Test("NM-2024 is the default scheme, with 11 top categories and 53 below them")
    func defaultScheme() async throws {
        let world = try await CatalogWorld.make()
        let store = ClassificationStore()
        let (schemes, tree, health) = try await world.read { connection in
            (
                try store.schemes(on: connection), try store.categoryTree(of: "NM-2024", on: connection),
                try store.category(scheme: "NM-2024", code: "livelihood.health", on: connection)
            )
        }
        #expect(schemes.first?.code == "NM-2024")
        #expect(schemes.first?.isDefault == true && schemes.first?.kind == .region && schemes.first?.filedOn == nil)
        #expect(tree.count == 11)
        #expect(tree.reduce(0) { $0 + $1.children.count } == 53)
        let livelihood = tree.first { $0.code == "livelihood" }
        #expect(livelihood?.name == "社会民生")
        let livelihoodChildren = Set(livelihood?.children.map(\.name) ?? [])
        #expect(livelihoodChildren.isSuperset(of: ["教育", "卫生健康", "社会保障", "民政", "就业"]))
        #expect(health == DataCategory(schemeCode: "NM-2024", code: "livelihood.health", name: "卫生健康", parentCode: "livelihood"))
        #expect(DataGrade.allCases.map(\.label) == ["核心数据", "重要数据", "一般数据"])
        try await world.drop()
    }

    @Test("seeding the reference files again changes nothing")
    func seedingIsIdempotent() async throws {
        let world = try await CatalogWorld.make()
        let directory = ProjectDirectory.sql.appendingPathComponent("reference")
        let summary = try await world.test.client.withTransaction(auditedAs: AuditContext(action: ReferenceData.auditAction)) {
            try ReferenceData.seed(from: directory, on: $0)
        }
        #expect(summary[ReferenceData.classificationSchemesFile] == .init(file: ReferenceData.classificationSchemesFile, unchanged: 1))
        #expect(summary[ReferenceData.dataCategoriesFile] == .init(file: ReferenceData.dataCategoriesFile, unchanged: 64))
        try await world.drop()
    }

    @Test("a reviewer of the region authority records a filed league/city scheme, parents first")
    func recordFiledScheme() async throws {
        let world = try await CatalogWorld.make()
        let store = ClassificationStore()
        for outsider in [world.hohhotReviewer, world.healthClerk] {
            let refused = await world.refusal(as: outsider) { try store.recordFiledScheme(Self.hohhotFiling, by: outsider, on: $0) }
            #expect(refused?.code == .forbidden)
        }
        let scheme = try await world.write(as: world.regionReviewer, "classification.file") {
            try store.recordFiledScheme(Self.hohhotFiling, by: world.regionReviewer, on: $0)
        }
        #expect(scheme.filedOn == Self.filedOn)
        #expect(scheme.isDefault == false)
        let tree = try await world.read { try store.categoryTree(of: "HHHT-2025", on: $0) }
        #expect(tree.map(\.code) == ["city"])
        #expect(tree.first?.children.map(\.code) == ["city.heating", "city.water"])

        let industry = try await world.write(as: world.regionReviewer) {
            try store.recordFiledScheme(
                ClassificationSchemeFiling(
                    code: "JT-2025",
                    name: "交通运输行业公共数据分类分级实施细则",
                    kind: .industry,
                    industry: "交通运输",
                    filedOn: CivilDate(iso: "2025-12-01")!,
                    categories: [.init(code: "road", name: "道路")]
                ),
                by: world.regionReviewer,
                on: $0
            )
        }
        #expect(industry.divisionCode == "150000")
        let schemes = try await world.read { try store.schemes(on: $0) }
        #expect(schemes.map(\.code) == ["NM-2024", "HHHT-2025", "JT-2025"])

        // An item may be classified under a filed scheme.
        let (_, draft) = try await world.healthCatalogWithDraft()
        var fields = CatalogWorld.fields()
        fields.categoryScheme = "HHHT-2025"
        fields.categoryCode = "city.water"
        let classified = fields
        let revision = try await world.write(as: world.healthClerk) {
            try CatalogStore().addItem(code: "GS-1", fields: classified, to: draft.id, on: $0)
        }
        #expect(revision.fields.categoryCode == "city.water")
        try await world.drop()
    }

    /// One bad filing, how it differs from 呼和浩特市's, the rule, and the plain SQL that breaks the same rule.
    struct BadFiling: Sendable, CustomTestStringConvertible {
        var label: String
        var rule: Rule
        var change: @Sendable (inout ClassificationSchemeFiling) -> Void
        var sql: SQL

        var testDescription: String { "\(label) → \(rule.constraint)" }
    }

    static let schemeInsert = "insert into classification_scheme (code, name, kind, division_code, industry, filed_on) values"
    static let categoryInsert = "insert into data_category (scheme_code, code, name, parent_code) values"

    static let badFilings: [BadFiling] = [
        BadFiling(
            label: "a code with a space",
            rule: ClassificationRules.schemeCodeFormat,
            change: { $0.code = "HH HT" },
            sql: "\(unescaped: schemeInsert) ('HH HT', '细则', 'league_city', '150100', null, '2025-09-30')"
        ),
        BadFiling(
            label: "a blank name",
            rule: ClassificationRules.schemeNameNotBlank,
            change: { $0.name = " " },
            sql: "\(unescaped: schemeInsert) ('HHHT-2025', ' ', 'league_city', '150100', null, '2025-09-30')"
        ),
        BadFiling(
            label: "a region scheme filed",
            rule: ClassificationRules.schemeFiled,
            change: {
                $0.kind = .region
                $0.divisionCode = "150000"
            },
            sql: "\(unescaped: schemeInsert) ('NM-2025', '细则', 'region', '150000', null, '2025-09-30')"
        ),
        BadFiling(
            label: "an industry scheme without its industry",
            rule: ClassificationRules.schemeIndustryNamed,
            change: {
                $0.kind = .industry
                $0.divisionCode = nil
                $0.industry = " "
            },
            sql: "\(unescaped: schemeInsert) ('JT-2025', '细则', 'industry', '150000', ' ', '2025-09-30')"
        ),
        BadFiling(
            label: "a league/city scheme of a banner",
            rule: ClassificationRules.schemeDivisionFitsKind,
            change: { $0.divisionCode = "150102" },
            sql: "\(unescaped: schemeInsert) ('HHHT-2025', '细则', 'league_city', '150102', null, '2025-09-30')"
        ),
        BadFiling(
            label: "a league/city scheme of an unknown division",
            rule: ClassificationRules.schemeDivisionExists,
            change: { $0.divisionCode = "159900" },
            sql: "\(unescaped: schemeInsert) ('HHHT-2025', '细则', 'league_city', '159900', null, '2025-09-30')"
        ),
        BadFiling(
            label: "the default scheme's code",
            rule: ClassificationRules.schemeCodeUnique,
            change: { $0.code = "NM-2024" },
            sql: "\(unescaped: schemeInsert) ('NM-2024', '细则', 'league_city', '150100', null, '2025-09-30')"
        ),
        BadFiling(
            label: "a category code with a slash",
            rule: ClassificationRules.categoryCodeFormat,
            change: { $0.categories.append(.init(code: "city/roads", name: "道路")) },
            sql: "\(unescaped: categoryInsert) ('NM-2024', 'city/roads', '道路', null)"
        ),
        BadFiling(
            label: "a category without a name",
            rule: ClassificationRules.categoryNameNotBlank,
            change: { $0.categories.append(.init(code: "roads", name: "")) },
            sql: "\(unescaped: categoryInsert) ('NM-2024', 'roads', '', null)"
        ),
        BadFiling(
            label: "a category its own parent",
            rule: ClassificationRules.categoryNotOwnParent,
            change: { $0.categories.append(.init(code: "roads", name: "道路", parentCode: "roads")) },
            sql: "\(unescaped: categoryInsert) ('NM-2024', 'roads', '道路', 'roads')"
        ),
        BadFiling(
            label: "a category listed twice",
            rule: ClassificationRules.categoryCodeUnique,
            change: { $0.categories.append(.init(code: "city", name: "城市")) },
            sql: "\(unescaped: categoryInsert) ('NM-2024', 'livelihood', '民生', null)"
        ),
        BadFiling(
            label: "a parent that is not in the scheme",
            rule: ClassificationRules.categoryParentInScheme,
            change: { $0.categories.append(.init(code: "roads.rural", name: "农村公路", parentCode: "roads")) },
            sql: "\(unescaped: categoryInsert) ('NM-2024', 'roads.rural', '农村公路', 'roads')"
        ),
    ]

    @Test("a bad filing is refused by the store and by plain SQL alike, and changes nothing", arguments: badFilings)
    func badFilingRefused(_ bad: BadFiling) async throws {
        let world = try await CatalogWorld.make()
        var filing = Self.hohhotFiling
        bad.change(&filing)
        let refused = filing
        let sql = bad.sql
        let error = try await world.expectSameRefusal(
            bad.rule,
            as: world.regionReviewer,
            swift: { try ClassificationStore().recordFiledScheme(refused, by: world.regionReviewer, on: $0) },
            sql: { try $0.query(sql) }
        )
        #expect(error?.field == bad.rule.field)
        try await world.drop()
    }

    @Test("a second default scheme and a filed default are refused by the database (A9.1)")
    func defaultRules() async throws {
        let world = try await CatalogWorld.make()
        let second = await world.refusal {
            try $0.query(
                """
                insert into classification_scheme (code, name, kind, division_code, is_default)
                values ('NM-2026', '新规则', 'region', '150000', true)
                """
            )
        }
        #expect(second == ClassificationRules.schemeOneDefault.error)
        let filedDefault = await world.refusal {
            try $0.query(
                """
                insert into classification_scheme (code, name, kind, division_code, is_default, filed_on)
                values ('HHHT-2025', '细则', 'league_city', '150100', true, '2025-09-30')
                """
            )
        }
        #expect(filedDefault == ClassificationRules.schemeDefaultIsRegion.error)
        try await world.drop()
    }
}
