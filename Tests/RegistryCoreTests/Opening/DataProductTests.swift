import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Data products built on open public data (A33.1): recorded by their maker on items of the open catalog only,
/// listed publicly with a natural person's name masked.
@Suite("Data products built on open data (A33.1)")
struct DataProductTests {
    private func product(_ world: OpeningWorld, _ codes: [String], madeOn: String = "2026-10-01") -> NewDataProduct {
        NewDataProduct(
            name: "区域医疗资源地图",
            purpose: "为居民就医提供医疗机构分布查询",
            madeOn: CivilDate(iso: madeOn)!,
            itemIDs: codes.map { world.items[$0]! }
        )
    }

    private func insert(_ input: NewDataProduct, account: UUID) -> SQL {
        """
        insert into data_product (name, maker, data_user_account, purpose, made_on, item_ids)
        values (\(input.name), 'data_user', \(account), \(input.purpose), \(input.madeOn)::date,
                \(input.itemIDs.map(\.uuidString))::uuid[])
        """
    }

    @Test("A33.1: a product uses open items only, a conditional one only once granted; its maker records it; never changed")
    func recorded() async throws {
        let world = try await OpeningWorld.make()
        let products = DataProductWorkflow(database: world.database)
        let company = world.company.account.id
        for (input, rule) in [
            (product(world, ["OPEN-1", "SHUT-1"]), "data_product_items_open_a33_1"),
            (product(world, ["COND-1"]), "data_product_conditional_item_granted_a33_1"),
            (product(world, ["OPEN-1"], madeOn: "2099-01-01"), "data_product_made_on_a33_1"),
        ] {
            try await world.expectRefused(rule) { _ = try await products.record(input, by: world.company) }
            try await world.expectSQLRefused(rule, [insert(input, account: company)])
        }
        try await world.expectRefused("data_product_items_a33_1") { _ = try await products.record(product(world, []), by: world.company) }
        try await world.expectRefused { _ = try await products.record(product(world, ["OPEN-1"]), by: world.catalog.xinchengReviewer) }

        let map = try await products.record(product(world, ["OPEN-1"]), by: world.company)
        #expect(map.maker == .dataUser && map.makerName == "某科技公司" && map.items.map(\.code) == ["OPEN-1"])
        let application = try await world.applications.file(world.application(), by: world.company)
        _ = try await world.applications.reply(to: application.id, .approve(use: "科研", scope: "医疗机构名称"), by: world.clerk)
        let granted = try await products.record(product(world, ["COND-1", "OPEN-1"], madeOn: "2026-10-20"), by: world.company)
        #expect(granted.items.map(\.code) == ["COND-1", "OPEN-1"])
        let personal = try await products.record(product(world, ["OPEN-1"], madeOn: "2026-09-01"), by: world.citizen)
        #expect(personal.makerName == "张*", "a natural person's name is masked (A13.1)")
        let own = try await products.record(product(world, ["COND-1"], madeOn: "2026-08-01"), by: world.clerk)
        #expect(own.maker == .institution && own.institution == CatalogWorld.xinchengHealth && own.makerName.contains("卫生"))

        #expect(try await products.products().map(\.id) == [granted.id, map.id, personal.id, own.id])
        #expect(try await products.products(usingItem: world.items["COND-1"]).map(\.id) == [granted.id, own.id])
        try await world.expectSQLRefused("data_product_kept_a33_1", ["update data_product set name = '改名' where id = \(map.id)"])
        try await world.expectSQLRefused("data_product_kept_a33_1", ["delete from data_product where id = \(map.id)"])
        let audited = try await world.database.read { connection in
            try connection.query("select count(*) as n from audit_log where entity = 'data_product'").first!.decode("n", as: Int.self)
        }
        #expect(audited == 4)
        try await world.drop()
    }
}
