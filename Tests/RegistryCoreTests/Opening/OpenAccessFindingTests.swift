import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A28.1 in the compliance findings (RP.3): an item open unconditionally must be obtainable; one without a distribution
/// is a finding of its institution from the day its version was approved until a distribution is issued.
@Suite("Unconditionally open items nobody can obtain (A28.1)")
struct OpenAccessFindingTests {
    @Test("A28.1 RP.3: OPEN-1 without a distribution is a finding from its approval to the issue day of its first file")
    func openItemWithoutDistribution() async throws {
        let world = try await OpeningWorld.make()
        let approved = try await world.database.read { connection in
            try connection.query(
                """
                select civil_date(v.decided_at) as day from catalog_item i
                  join catalog_item_revision r on r.id = i.current_revision_id join catalog_version v on v.id = r.version_id
                 where i.code = 'OPEN-1'
                """
            ).first!.decode("day", as: CivilDate.self)
        }
        let issued = approved.adding(days: 3)
        #expect(try await Self.findings(asOf: approved.adding(days: -1), in: world.database) == [], "not yet open")
        #expect(try await Self.findings(asOf: approved, in: world.database) == ["无条件开放的数据未提供获取方式:医疗机构名录(OPEN-1)"])
        try await Self.offerFile(issuedOn: issued, in: world)
        #expect(try await Self.findings(asOf: issued.adding(days: -1), in: world.database).count == 1, "the file was not out yet")
        #expect(try await Self.findings(asOf: issued, in: world.database) == [])
        try await world.drop()
    }

    /// The A28.1 findings of `day`, as the compliance report reads them.
    static func findings(asOf day: CivilDate, in database: RegistryDatabase) async throws -> [String] {
        try await database.read { connection in
            try connection.query("select finding from compliance_findings(\(day)::date) where article = 'A28.1' order by finding")
                .rows.map { try $0.decode("finding", as: String.self) }
        }
    }

    /// A new version of the health catalog that gives OPEN-1 a CSV file issued on `day`, approved.
    static func offerFile(issuedOn day: CivilDate, in world: OpeningWorld) async throws {
        let (clerk, reviewer, item) = (world.clerk, world.catalog.xinchengReviewer, world.items["OPEN-1"]!)
        let draft = try await world.catalog.write(as: clerk) { connection in
            let store = CatalogStore()
            let draft = try store.openDraft(of: try store.catalog(of: CatalogWorld.xinchengHealth, on: connection)!.id, on: connection)
            var fields = CatalogWorld.fields()
            fields.description = "辖区医疗机构的名称、地址和执业范围,按月更新"
            try store.changeItem(item, fields: fields, in: draft.id, on: connection)
            return draft
        }
        let file = NewDistribution(title: "医疗机构名录(CSV)", accessUrl: "https://data.nmg.gov.cn/opendata/OPEN-1", mediaType: "text/csv", issuedOn: day)
        _ = try await DistributionWorkflow(database: world.database).add(file, item: item, version: draft.id, by: clerk)
        let submitted = try await world.catalog.write(as: clerk) { try CatalogStore().submit(draft.id, on: $0) }
        _ = try await world.catalog.write(as: reviewer) { try CatalogStore().approve(submitted.id, reviewer: reviewer, on: $0) }
    }
}
