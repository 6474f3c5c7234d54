import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Electronic licences aggregated into the electronic-licence base database (A18.2): a licence catalog item (category
/// 电子证照) records each aggregation — when, how many licences, from which system — and is a compliance finding of its
/// institution once its update frequency passes without one.
@Suite("Electronic licences aggregated into their base database (A18.2)")
struct LicenceAggregationTests {
    /// 新城区卫生健康委员会 publishes a weekly licence item `LIC-1` and an ordinary item `MED-1` on 2026-11-02.
    struct World {
        let catalog: CatalogWorld
        let licence: UUID
        let ordinary: UUID
        var database: RegistryDatabase { catalog.database }
        var workflow: LicenceAggregationWorkflow { LicenceAggregationWorkflow(database: database) }

        static let publishedOn = "2026-11-02"

        static func make() async throws -> World {
            let world = try await CatalogWorld.make()
            world.database.clock.pin(CivilDate(iso: publishedOn)!)
            let (catalog, draft) = try await world.healthCatalogWithDraft()
            try await world.write(as: world.healthClerk) { try CatalogStore().discardDraft(draft.id, on: $0) }
            var licence = CatalogWorld.fields("医师执业证书电子证照")
            licence.categoryCode = "base.licence"
            licence.updateFrequency = .weekly
            try await world.publish(
                [("LIC-1", licence), ("MED-1", CatalogWorld.fields())],
                in: catalog,
                clerk: world.healthClerk,
                reviewer: world.xinchengReviewer
            )
            let items = try await world.read { connection in
                try connection.query("select id, code from catalog_item").rows.reduce(into: [String: UUID]()) {
                    $0[try $1.decode("code", as: String.self)] = try $1.decode("id", as: UUID.self)
                }
            }
            return World(catalog: world, licence: items["LIC-1"]!, ordinary: items["MED-1"]!)
        }

        func findings(asOf day: String) async throws -> [String] {
            try await database.read { connection in
                try connection.query(
                    "select finding from compliance_findings(\(day)::date) where article = 'A18.2' order by finding"
                ).rows.map { try $0.decode("finding", as: String.self) }
            }
        }

        func state() async throws -> String {
            try await database.read { connection in
                try connection.query(
                    """
                    select concat_ws(' | ', (select count(*) from audit_log),
                        (select string_agg(a::text, ';' order by id) from licence_aggregation a)) as state
                    """
                ).first!.decode("state", as: String.self)
            }
        }

        /// Expects `body` to be refused with `rule`'s error (forbidden when `nil`) and to leave nothing behind.
        func expectRefused(
            _ rule: String?,
            sourceLocation: SourceLocation = #_sourceLocation,
            _ body: @escaping @Sendable () async throws -> Void
        ) async throws {
            let before = try await state()
            do {
                try await body()
                Issue.record("not refused", sourceLocation: sourceLocation)
            } catch let error as RegistryError {
                let expected = rule.map { RuleCatalog.rule(forConstraint: $0)?.error }
                if let expected {
                    #expect(error == expected, "\(error)", sourceLocation: sourceLocation)
                } else {
                    #expect(error.code == .forbidden, "\(error)", sourceLocation: sourceLocation)
                }
            }
            #expect(try await state() == before, "a refused change left something behind", sourceLocation: sourceLocation)
        }
    }

    @Test("A18.2: a licence item is a finding once its update frequency passes without an aggregation, and not after one")
    func findingFollowsTheFrequency() async throws {
        let world = try await World.make()
        #expect(try await world.findings(asOf: "2026-11-09") == [], "a weekly item is due seven days after its publication")
        #expect(try await world.findings(asOf: "2026-11-10") == ["电子证照未按更新频率归集:医师执业证书电子证照(从未归集)"])
        let overdue = try await world.database.read { connection in
            try connection.query(
                """
                select institution_uscc, due, working_days_overdue from compliance_findings('2026-11-12'::date)
                 where article = 'A18.2'
                """
            ).first.map {
                "\(try $0.decode("institution_uscc", as: String.self)) \(try $0.decode("due", as: CivilDate.self)) "
                    + "\(try $0.decode("working_days_overdue", as: Int.self))"
            }
        }
        #expect(overdue == "\(CatalogWorld.xinchengHealth) 2026-11-09 3")

        world.database.clock.pin(CivilDate(iso: "2026-11-05")!)
        let recorded = try await world.workflow.record(
            NewLicenceAggregation(licenceCount: 128, sourceSystem: "自治区电子证照签发系统"),
            item: world.licence,
            by: world.catalog.healthClerk
        )
        #expect(recorded.institution == CatalogWorld.xinchengHealth && recorded.licenceCount == 128)
        #expect(try await world.findings(asOf: "2026-11-10") == [], "aggregated on 2026-11-05: due again on 2026-11-12")
        #expect(try await world.findings(asOf: "2026-11-12") == [])
        #expect(try await world.findings(asOf: "2026-11-13") == ["电子证照未按更新频率归集:医师执业证书电子证照(最近归集 2026-11-05)"])
        #expect(try await world.findings(asOf: "2026-11-04") == [], "an aggregation counts from its day on; before it nothing was due")

        let read = try await world.workflow.aggregations(of: world.licence, by: world.catalog.hohhotReviewer)
        #expect(read.map(\.id) == [recorded.id] && read.first?.sourceSystem == "自治区电子证照签发系统")
        let audited = try await world.database.read { connection in
            try connection.query("select count(*) as n from audit_log where entity = 'licence_aggregation' and action = 'licence_aggregation.record'")
                .first!
                .decode("n", as: Int64.self)
        }
        #expect(audited == 1)
        try await world.catalog.drop()
    }

    @Test("A18.2: only a licence item's own clerk records an aggregation, with a count and a system, never in the future or twice-edited")
    func refusals() async throws {
        let world = try await World.make()
        let clerk = world.catalog.healthClerk
        let workflow = world.workflow
        let licence = world.licence
        let valid = NewLicenceAggregation(licenceCount: 3, sourceSystem: "医师执业注册系统")
        try await world.expectRefused("licence_aggregation_licence_item_a18_2") {
            _ = try await workflow.record(valid, item: world.ordinary, by: clerk)
        }
        try await world.expectRefused(nil) { _ = try await workflow.record(valid, item: licence, by: world.catalog.educationClerk) }
        try await world.expectRefused(nil) { _ = try await workflow.record(valid, item: licence, by: world.catalog.xinchengReviewer) }
        let tomorrow = NewLicenceAggregation(
            aggregatedAt: ISO8601DateFormatter().date(from: "2026-11-10T00:00:00Z"),
            licenceCount: 3,
            sourceSystem: "系统"
        )
        try await world.expectRefused("licence_aggregation_not_in_future_a18_2") { _ = try await workflow.record(tomorrow, item: licence, by: clerk) }
        let blank = NewLicenceAggregation(licenceCount: 3, sourceSystem: "  ")
        try await world.expectRefused("licence_aggregation_source_system_a18_2") { _ = try await workflow.record(blank, item: licence, by: clerk) }
        let negative = NewLicenceAggregation(licenceCount: -1, sourceSystem: "系统")
        try await world.expectRefused("licence_aggregation_licence_count_a18_2") { _ = try await workflow.record(negative, item: licence, by: clerk) }

        _ = try await workflow.record(valid, item: licence, by: clerk)
        for statement: SQL in ["update licence_aggregation set licence_count = 4", "delete from licence_aggregation"] {
            try await world.expectRefused("licence_aggregation_kept_a18_2") { [database = world.database] in
                try await database.write(AuditContext(role: "psql")) { _ = try $0.query(statement) }
            }
        }
        try await world.catalog.drop()
    }

    @Test("A18.2: a licence category is one named 电子证照 or any category under it, in any classification scheme")
    func licenceCategories() async throws {
        let world = try await World.make()
        let categories = try await world.database.write(AuditContext(role: "test", action: "classification.extend")) { connection in
            _ = try connection.query(
                """
                insert into data_category (scheme_code, code, name, parent_code)
                values ('NM-2024', 'base.licence.practice', '执业证照', 'base.licence'),
                       ('NM-2024', 'base.population.certificates', '户籍证明', 'base.population')
                """
            )
            return try connection.query("select code from licence_category where scheme_code = 'NM-2024' order by code")
                .rows.map { try $0.decode("code", as: String.self) }
        }
        #expect(categories == ["base.licence", "base.licence.practice"])
        try await world.catalog.drop()
    }
}
