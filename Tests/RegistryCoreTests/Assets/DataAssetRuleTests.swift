import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Each rule of the asset register refuses the same input from Swift and from a plain SQL statement with the same
/// error, and a refused request stores nothing (A43.1, A9.2).
@Suite("Asset register rules: Swift and SQL refuse alike and store nothing (A43.1, A9.2)")
struct DataAssetRuleTests {
    /// Registers `input` through Swift and runs `sql` as psql would; both must fail with the rule's error, and the
    /// tables and the audit trail must be as before.
    private func expectRefusal(
        _ constraint: String,
        field: String?,
        article: String,
        input: (AssetWorld) -> DataAssetInput,
        sql: (AssetWorld) -> [SQL]
    ) async throws {
        let world = try await AssetWorld.make()
        let before = try await world.counts()
        let swift = await #expect(throws: RegistryError.self) {
            try await world.register.register(input(world), by: world.clerk)
        }
        let plain = await world.sqlRefusal(sql(world))
        let expected = RuleCatalog.rule(forConstraint: constraint)?.error
        #expect(expected != nil, "\(constraint) is not in the rule catalog")
        #expect(swift == expected)
        #expect(plain == expected)
        #expect(swift?.code == .ruleViolation)
        #expect(swift?.field == field)
        #expect(swift?.article == article)
        #expect(try await world.counts() == before)
        try await world.drop()
    }

    @Test("a blank name is refused")
    func blankName() async throws {
        try await expectRefusal(
            "data_asset_name_not_blank_a43_1",
            field: "name",
            article: "A43.1",
            input: { $0.input(name: "  ") },
            sql: { _ in [AssetWorld.insert(name: "  ")] }
        )
    }

    @Test("a blank source system is refused")
    func blankSourceSystem() async throws {
        try await expectRefusal(
            "data_asset_source_system_named_a43_1",
            field: "source_system",
            article: "A43.1",
            input: { $0.input(sourceSystem: "") },
            sql: { _ in [AssetWorld.insert(sourceSystem: "")] }
        )
    }

    @Test("a negative record count is refused")
    func negativeRecordCount() async throws {
        try await expectRefusal(
            "data_asset_record_count_not_negative_a43_1",
            field: "record_count",
            article: "A43.1",
            input: { $0.input(recordCount: -1) },
            sql: { _ in [AssetWorld.insert(recordCount: -1)] }
        )
    }

    @Test("a negative volume is refused")
    func negativeVolume() async throws {
        try await expectRefusal(
            "data_asset_volume_not_negative_a43_1",
            field: "volume_bytes",
            article: "A43.1",
            input: { $0.input(volumeBytes: -5) },
            sql: { _ in [AssetWorld.insert(volumeBytes: -5)] }
        )
    }

    @Test("an asset without a grade is refused (A9.2)")
    func missingGrade() async throws {
        try await expectRefusal(
            "data_asset_category_and_grade_a9_2",
            field: "category_code",
            article: "A9.2",
            input: { $0.input(grade: nil) },
            sql: { _ in [AssetWorld.insert(grade: nil)] }
        )
    }

    @Test("an asset without a category is refused (A9.2)")
    func missingCategory() async throws {
        try await expectRefusal(
            "data_asset_category_and_grade_a9_2",
            field: "category_code",
            article: "A9.2",
            input: { $0.input(categoryCode: nil) },
            sql: { _ in [AssetWorld.insert(categoryCode: nil)] }
        )
    }

    @Test("a category that the scheme does not have is refused (A9.2)")
    func unknownCategory() async throws {
        try await expectRefusal(
            "data_asset_category_exists_a9_2",
            field: "category_code",
            article: "A9.2",
            input: { $0.input(categoryCode: "NOPE") },
            sql: { _ in [AssetWorld.insert(categoryCode: "NOPE")] }
        )
    }

    @Test("a link to another institution's catalog item is refused, and the asset with it")
    func foreignItem() async throws {
        try await expectRefusal(
            "data_asset_link_same_institution_a43_1",
            field: "catalog_items",
            article: "A43.1",
            input: { $0.input(items: ["A-001", "B-001"]) },
            sql: { world in
                [
                    AssetWorld.insert(extra: "returning id"),
                    """
                    insert into data_asset_catalog_item (asset_id, item_id)
                    select (select id from data_asset order by register_no desc limit 1), \(world.items["B-001"]!)
                    """,
                ]
            }
        )
    }

    @Test("a link to a catalog item that does not exist is refused")
    func missingItem() async throws {
        let ghost = UUID()
        try await expectRefusal(
            "data_asset_link_item_exists_a43_1",
            field: "catalog_items",
            article: "A43.1",
            input: { world in
                var input = world.input()
                input.catalogItems = [ghost]
                return input
            },
            sql: { _ in
                [
                    AssetWorld.insert(),
                    """
                    insert into data_asset_catalog_item (asset_id, item_id)
                    select (select id from data_asset order by register_no desc limit 1), \(ghost)
                    """,
                ]
            }
        )
    }

    // MARK: Rules only a direct SQL statement can break: the API has no way to express the input.

    /// Runs `statements` after registering one asset (and retiring it, when asked); they must be refused by
    /// `constraint` and change nothing.
    private func expectSQLRefusal(
        _ constraint: String,
        retired: Bool = false,
        context: AuditContext = AuditContext(role: "test"),
        _ statements: (UUID) -> [SQL]
    ) async throws {
        let world = try await AssetWorld.make()
        let asset = try await world.register.register(world.input(), by: world.clerk).asset
        if retired { _ = try await world.register.retire(asset.id, reason: nil, by: world.clerk) }
        let before = try await world.counts()
        let refused = await world.sqlRefusal(statements(asset.id), as: context)
        let expected = RuleCatalog.rule(forConstraint: constraint)?.error
        #expect(expected != nil, "\(constraint) is not in the rule catalog")
        #expect(refused == expected)
        #expect(try await world.counts() == before)
        try await world.drop()
    }

    @Test("an asset is registered first, never inserted as changed or retired")
    func startsRegistered() async throws {
        try await expectSQLRefusal("data_asset_starts_registered_a43_1") { _ in
            [
                """
                insert into data_asset (holder_uscc, name, source_system, record_count, volume_bytes, category_scheme,
                                        category_code, grade, status, retired_on)
                values (\(AssetWorld.holder), '旧库', '旧系统', 0, 0, \(AssetWorld.scheme), 'HEALTH', 'general', 'retired', '2024-01-02')
                """
            ]
        }
    }

    @Test("a changed asset does not go back to registered")
    func noWayBack() async throws {
        try await expectSQLRefusal("data_asset_status_transition_a43_1") { id in
            [
                "update data_asset set record_count = 9 where id = \(id)",
                "update data_asset set status = 'registered' where id = \(id)",
            ]
        }
    }

    @Test("a retirement day belongs to retired assets only")
    func retiredOnOnlyWhenRetired() async throws {
        try await expectSQLRefusal("data_asset_retired_on_only_when_retired_a43_1") { id in
            ["update data_asset set retired_on = '2024-06-04' where id = \(id)"]
        }
    }

    @Test("an asset keeps its holder and registration day")
    func identityKept() async throws {
        try await expectSQLRefusal("data_asset_identity_kept_a43_1") { id in
            ["update data_asset set holder_uscc = \(AssetWorld.neighbour) where id = \(id)"]
        }
        try await expectSQLRefusal("data_asset_identity_kept_a43_1") { id in
            ["update data_asset set registered_on = '2024-06-04' where id = \(id)"]
        }
    }

    @Test("an asset is never deleted")
    func neverDeleted() async throws {
        try await expectSQLRefusal("data_asset_history_kept_a43_1") { id in
            ["delete from data_asset where id = \(id)"]
        }
    }

    @Test("the links of a retired asset do not change")
    func retiredLinksKept() async throws {
        try await expectSQLRefusal("data_asset_retired_unchanged_a43_1", retired: true) { id in
            ["insert into data_asset_catalog_item (asset_id, item_id) select \(id), id from catalog_item where code = 'A-002'"]
        }
    }

    @Test("a restored asset becomes changed, even when the authority restores it")
    func restoredAsChanged() async throws {
        try await expectSQLRefusal(
            "data_asset_status_transition_a43_1",
            retired: true,
            context: AuditContext(role: "reviewer", institution: AssetWorld.hohhotAuthority)
        ) { id in
            ["update data_asset set status = 'registered' where id = \(id)"]
        }
    }

    @Test("the change history is written by the registry only: no insert, edit or deletion")
    func historyWrittenByTriggers() async throws {
        let constraint = "data_asset_change_written_by_trigger_a43_1"
        try await expectSQLRefusal(constraint) { id in
            [
                """
                insert into data_asset_change (asset_id, action, fields, before, after, changed_at, changed_on, db_user, transaction_id)
                values (\(id), 'change', '{name}', '{}', '{}', now(), current_date, 'x', pg_current_xact_id())
                """
            ]
        }
        try await expectSQLRefusal(constraint) { id in ["update data_asset_change set reason = '补记' where asset_id = \(id)"] }
        try await expectSQLRefusal(constraint) { id in ["delete from data_asset_change where asset_id = \(id)"] }
    }

    @Test("the asset tables refuse TRUNCATE (A44.1)")
    func noTruncate() async throws {
        for table in ["data_asset_change", "data_asset_catalog_item", "data_asset"] {
            try await expectSQLRefusal("audited_table_no_truncate_a44_1") { _ in ["truncate \(unescaped: table) cascade"] }
        }
    }
}
