import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

@Suite("The public data asset register: registration, changes, retirement, history (A43.1, A9.2, A44.1)")
struct DataAssetRegisterTests {
    @Test("registering stores the asset, its links and one history row naming the account and the reason")
    func register() async throws {
        let world = try await AssetWorld.make()
        let detail = try await world.register.register(world.input(), by: world.clerk)
        #expect(detail.asset.status == .registered)
        #expect(detail.asset.holder == AssetWorld.holder)
        #expect(detail.asset.divisionCode == "150102")
        #expect(detail.asset.registeredOn == RegistryClock.fromEnvironment().today)
        #expect(detail.asset.retiredOn == nil)
        #expect(detail.catalogItems.map(\.code) == ["A-001"])
        #expect(detail.history.count == 1)
        let registration = try #require(detail.history.first)
        #expect(registration.action == .register)
        #expect(registration.actorAccount == world.clerk.account.id)
        #expect(registration.actorInstitution == AssetWorld.holder)
        #expect(registration.reason == "首次登记")
        #expect(registration.before.isEmpty)
        #expect(registration.fields.contains("catalog_items"))
        #expect(registration.after["name"] == .some("人口健康档案库"))
        #expect(registration.after["catalog_items"] == .some("A-001"))

        let audited = try await world.database.read { connection in
            try connection.query(
                """
                select count(*) as n from audit_log
                 where entity = 'data_asset' and action = 'data_asset.register' and record_id = \(detail.asset.id.uuidString.lowercased())
                """
            ).first!.decode("n", as: Int.self)
        }
        #expect(audited == 1)
        try await world.drop()
    }

    @Test("a change makes the asset changed and writes one row with each field's value before and after")
    func change() async throws {
        let world = try await AssetWorld.make()
        let registered = try await world.register.register(world.input(), by: world.clerk)
        var input = world.input(name: "居民健康档案库", recordCount: 1_500_000, items: ["A-002"], reason: "年度核对")
        let changed = try await world.register.change(registered.asset.id, to: input, by: world.clerk)
        #expect(changed.asset.status == .changed)
        #expect(changed.catalogItems.map(\.code) == ["A-002"])
        #expect(changed.history.map(\.action) == [.register, .change])
        let change = try #require(changed.history.last)
        #expect(change.fields == ["catalog_items", "name", "record_count", "status"])
        #expect(change.before == ["catalog_items": "A-001", "name": "人口健康档案库", "record_count": "1200000", "status": "registered"])
        #expect(change.after == ["catalog_items": "A-002", "name": "居民健康档案库", "record_count": "1500000", "status": "changed"])
        #expect(change.reason == "年度核对")
        #expect(change.actorAccount == world.clerk.account.id)
        #expect(change.actorName == world.clerk.account.displayName)

        input.volumeBytes = 1
        input.catalogItems = nil
        input.reason = nil
        let again = try await world.register.change(registered.asset.id, to: input, by: world.clerk)
        let second = try #require(again.history.last)
        #expect(again.history.count == 3)
        #expect(second.fields == ["volume_bytes"])
        #expect(second.reason == nil)
        #expect(again.catalogItems.map(\.code) == ["A-002"])

        let unchanged = try await world.register.change(registered.asset.id, to: input, by: world.clerk)
        #expect(unchanged.history.count == 3)
        try await world.drop()
    }

    @Test("a change made with plain SQL is recorded the same way, without an account")
    func changeBySQL() async throws {
        let world = try await AssetWorld.make()
        let registered = try await world.register.register(world.input(), by: world.clerk)
        try await world.database.write(AuditContext(role: "test")) { connection in
            try connection.query("select set_config('registry.change_reason', '批量修正', true)")
            try connection.query("update data_asset set record_count = 7 where id = \(registered.asset.id)")
        }
        let history = try await world.register.history(of: registered.asset.id, by: world.clerk)
        let change = try #require(history.last)
        #expect(change.fields == ["record_count", "status"])
        #expect(change.after["record_count"] == .some("7"))
        #expect(change.reason == "批量修正")
        #expect(change.actorAccount == nil)
        try await world.drop()
    }

    @Test("retiring stamps the day; a retired asset cannot change, by Swift or SQL alike, and nothing is stored")
    func retire() async throws {
        let world = try await AssetWorld.make()
        let registered = try await world.register.register(world.input(), by: world.clerk)
        let retired = try await world.register.retire(registered.asset.id, reason: "系统下线", by: world.clerk)
        #expect(retired.asset.status == .retired)
        #expect(retired.asset.retiredOn == RegistryClock.fromEnvironment().today)
        let retirement = try #require(retired.history.last)
        #expect(retirement.action == .retire)
        #expect(retirement.fields == ["retired_on", "status"])
        #expect(retirement.reason == "系统下线")

        let expected = RuleCatalog.rule(forConstraint: "data_asset_retired_unchanged_a43_1")?.error
        let before = try await world.counts()
        let swift = await #expect(throws: RegistryError.self) {
            try await world.register.change(registered.asset.id, to: world.input(name: "新名称"), by: world.clerk)
        }
        let again = await #expect(throws: RegistryError.self) {
            try await world.register.retire(registered.asset.id, reason: nil, by: world.clerk)
        }
        let sql = await world.sqlRefusal([
            "update data_asset set name = '新名称' where id = \(registered.asset.id)"
        ])
        let unlink = await world.sqlRefusal([
            "delete from data_asset_catalog_item where asset_id = \(registered.asset.id)"
        ])
        #expect(expected != nil)
        #expect(swift == expected)
        #expect(again == expected)
        #expect(sql == expected)
        #expect(unlink == expected)
        #expect(swift?.article == "A43.1")
        #expect(try await world.counts() == before)
        try await world.drop()
    }

    @Test("only a reviewer of the authority of the holder's division or above restores a retired asset")
    func restore() async throws {
        let world = try await AssetWorld.make()
        let registered = try await world.register.register(world.input(), by: world.clerk)
        let id = registered.asset.id
        _ = try await world.register.retire(id, reason: nil, by: world.clerk)
        let before = try await world.counts()

        for outsider in [world.clerk, world.baotouReviewer, world.committee] {
            let refused = await #expect(throws: RegistryError.self) {
                try await world.register.restore(id, reason: nil, by: outsider)
            }
            #expect(refused?.code == .forbidden)
        }
        let expected = RuleCatalog.rule(forConstraint: "data_asset_restored_by_authority_a43_1")?.error
        let anonymous = await world.sqlRefusal(["update data_asset set status = 'changed' where id = \(id)"])
        let sibling = await world.sqlRefusal(
            ["update data_asset set status = 'changed' where id = \(id)"],
            as: AuditContext(role: "reviewer", institution: AssetWorld.baotouAuthority)
        )
        #expect(expected != nil)
        #expect(anonymous == expected)
        #expect(sibling == expected)
        #expect(try await world.counts() == before)

        let restored = try await world.register.restore(id, reason: "误注销", by: world.hohhotReviewer)
        #expect(restored.asset.status == .changed)
        #expect(restored.asset.retiredOn == nil)
        let restoration = try #require(restored.history.last)
        #expect(restoration.action == .restore)
        #expect(restoration.actorAccount == world.hohhotReviewer.account.id)
        #expect(restoration.reason == "误注销")

        let notRetired = await #expect(throws: RegistryError.self) {
            try await world.register.restore(id, reason: nil, by: world.xinchengReviewer)
        }
        #expect(notRetired == RuleCatalog.rule(forConstraint: "data_asset_status_transition_a43_1")?.error)
        try await world.drop()
    }

    @Test("a clerk writes only its own institution's assets; other roles do not write")
    func writers() async throws {
        let world = try await AssetWorld.make()
        let registered = try await world.register.register(world.input(), by: world.clerk)
        let before = try await world.counts()
        let foreign = {
            var input = world.input()
            input.holder = AssetWorld.neighbour
            return input
        }()
        for attempt in [
            { try await world.register.register(foreign, by: world.clerk) },
            { try await world.register.register(world.input(), by: world.hohhotReviewer) },
            { try await world.register.change(registered.asset.id, to: world.input(), by: world.neighbourClerk) },
            { try await world.register.change(registered.asset.id, to: world.input(), by: world.xinchengReviewer) },
            { try await world.register.retire(registered.asset.id, reason: nil, by: world.neighbourClerk) },
            { try await world.register.retire(registered.asset.id, reason: nil, by: world.regionReviewer) },
        ] as [@Sendable () async throws -> DataAssetDetail] {
            let refused = await #expect(throws: RegistryError.self) { try await attempt() }
            #expect(refused?.code == .forbidden)
        }
        #expect(try await world.counts() == before)
        try await world.drop()
    }
}
