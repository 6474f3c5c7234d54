import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Annual open plans: drafted, published, frozen, amended as new versions; progress computed from the catalog
/// (A26.1).
@Suite("Open plans: publication, amendments, livelihood first, progress on time / late / not at all (A26.1)")
struct OpenPlanTests {
    private func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    @Test(
        "A26.1 A39.1: progress of a plan with an item already open at publication, items opened late and not at all; completion counts only what the plan asked to change"
    )
    func progress() async throws {
        let world = try await OpeningWorld.make()
        try await world.catalog.backdateApprovals(to: "2026-01-10")
        let plan = try await world.plans.create(NewOpenPlan(year: 2026, priorities: "**医疗卫生**数据优先开放"), by: world.planner)
        #expect(plan.division == "150100" && plan.version == 1 && plan.state == .draft)
        let entries: [NewOpenPlanItem] = [
            NewOpenPlanItem(itemID: world.items["OPEN-1"]!, openType: .unconditional, targetDate: day("2026-03-31")),
            NewOpenPlanItem(itemID: world.items["SHUT-1"]!, openType: .conditional, targetDate: day("2026-06-30"), livelihood: false),
            NewOpenPlanItem(itemID: world.items["SHUT-2"]!, openType: .unconditional, targetDate: day("2026-09-30")),
        ]
        for entry in entries { _ = try await world.plans.setItem(entry, of: plan.id, by: world.planner) }
        _ = try await world.plans.publish(plan.id, by: world.planner)
        try await world.database.write(AuditContext(role: "test", action: "fixture")) { connection in
            try connection.query("set local session_replication_role = replica")  // published in January, as in reality
            try connection.query("update open_plan set published_at = '2026-01-20 10:00+08', published_on = '2026-01-20' where id = \(plan.id)")
        }

        // SHUT-1 opens on conditions on 2026-08-15, after its target date; SHUT-2 never opens.
        var opened = OpeningWorld.conditional("出生医学证明")
        opened.grade = .important
        try await world.revise("SHUT-1", to: opened, approvedOn: "2026-08-15")

        let june = try await world.plans.detail(plan.id, asOf: day("2026-06-01"), by: nil)
        #expect(june.items.map(\.itemCode) == ["OPEN-1", "SHUT-2", "SHUT-1"], "livelihood items first, then by target date")
        #expect(june.items.map(\.status) == [.alreadyOpen, .pending, .pending], "OPEN-1 was open before the plan was published")
        let october = try await world.plans.detail(plan.id, asOf: day("2026-10-31"), by: nil)
        #expect(october.items.map(\.status) == [.alreadyOpen, .overdue, .late])
        #expect(october.items.map(\.openedOn) == [day("2026-01-10"), nil, day("2026-08-15")])
        #expect(october.items.last?.currentOpenType == .conditional)
        #expect(october.counts == ["already_open": 1, "overdue": 1, "late": 1])
        // The indicator: SHUT-1 late (0.5) and SHUT-2 not open (0) over the two items the plan asked to open.
        let completion = try await world.database.read { connection in
            try connection.query(
                """
                select v.value::float8 as value from assessment_values_open_plan_completion(2026, '2026-10-31') v
                  join catalog_item ci on ci.id = \(world.items["SHUT-1"]!) join catalog c on c.id = ci.catalog_id
                 where v.institution_uscc = c.institution_uscc
                """
            ).first?.decode("value", as: Double.self)
        }
        #expect(completion == 25)
        #expect(try await world.plans.plansInForce(year: 2026).map(\.id) == [plan.id])
        try await world.drop()
    }

    @Test("a published plan is frozen; an amendment states its reason, starts as a copy and supersedes it")
    func amendments() async throws {
        let world = try await OpeningWorld.make()
        let first = try await world.plans.create(NewOpenPlan(year: 2026, priorities: "民生领域数据"), by: world.planner)
        let entry = NewOpenPlanItem(itemID: world.items["OPEN-1"]!, openType: .unconditional, targetDate: day("2026-12-31"))
        try await world.expectRefused("open_plan_has_items_a26_1") { _ = try await world.plans.publish(first.id, by: world.planner) }
        try await world.expectRefused("open_plan_one_draft_a26_1") {
            _ = try await world.plans.create(NewOpenPlan(year: 2026, priorities: "另一份"), by: world.planner)
        }
        _ = try await world.plans.setItem(entry, of: first.id, by: world.planner)
        _ = try await world.plans.publish(first.id, by: world.planner)
        try await world.expectRefused("open_plan_published_frozen_a26_1") {
            _ = try await world.plans.setItem(entry, of: first.id, by: world.planner)
        }
        try await world.expectSQLRefused("open_plan_published_frozen_a26_1", ["update open_plan set priorities = '改写' where id = \(first.id)"])
        try await world.expectSQLRefused("open_plan_published_frozen_a26_1", ["delete from open_plan_item where plan_id = \(first.id)"])
        try await world.expectSQLRefused("open_plan_kept_a26_1", ["delete from open_plan where id = \(first.id)"])
        try await world.expectRefused("open_plan_amendment_reason_a26_1") {
            _ = try await world.plans.create(NewOpenPlan(year: 2026, priorities: "民生领域数据"), by: world.planner)
        }
        let second = try await world.plans.create(
            NewOpenPlan(year: 2026, priorities: "民生领域数据", amendmentNote: "增补有条件开放数据"),
            by: world.planner
        )
        #expect(second.version == 2)
        let copied = try await world.plans.detail(second.id, by: world.planner)
        #expect(copied.items.map(\.itemCode) == ["OPEN-1"])
        let withMore = try await world.plans.setItem(
            NewOpenPlanItem(itemID: world.items["COND-1"]!, openType: .conditional, targetDate: day("2026-12-31")),
            of: second.id,
            by: world.planner
        )
        #expect(withMore.items.count == 2)
        #expect(try await world.plans.plansInForce(year: 2026).map(\.version) == [1])
        _ = try await world.plans.publish(second.id, by: world.planner)
        #expect(try await world.plans.plansInForce(year: 2026).map(\.version) == [2])
        try await world.drop()
    }

    @Test("plans of banners/counties, items outside the owner's scope or year, and other owners are refused")
    func rules() async throws {
        let world = try await OpeningWorld.make()
        let xinchengPlanner = try await world.database.actor(
            for: NewAccount(role: .planner, displayName: "新城区计划员", institution: CatalogWorld.xinchengAuthority)
        )
        try await world.expectRefused("open_plan_authority_level_a26_1") {
            _ = try await world.plans.create(NewOpenPlan(year: 2026, priorities: "重点"), by: xinchengPlanner)
        }
        try await world.expectRefused {
            _ = try await world.plans.create(NewOpenPlan(year: 2026, division: "150100", priorities: "重点"), by: world.catalog.hohhotReviewer)
        }
        try await world.expectRefused {
            _ = try await world.plans.create(NewOpenPlan(year: 2026, division: "150000", priorities: "重点"), by: world.planner)
        }
        let plan = try await world.plans.create(NewOpenPlan(year: 2026, priorities: "重点"), by: world.planner)
        try await world.expectRefused("open_plan_item_target_in_year_a26_1") {
            _ = try await world.plans.setItem(
                NewOpenPlanItem(itemID: world.items["OPEN-1"]!, openType: .unconditional, targetDate: self.day("2027-01-15")),
                of: plan.id,
                by: world.planner
            )
        }
        try await world.expectRefused("open_plan_item_opens_a26_1") {
            _ = try await world.plans.setItem(
                NewOpenPlanItem(itemID: world.items["OPEN-1"]!, openType: .notOpen, targetDate: self.day("2026-05-15")),
                of: plan.id,
                by: world.planner
            )
        }
        try await world.expectRefused { _ = try await world.plans.detail(plan.id, by: world.clerk) }

        // An institution plans within its own catalog only.
        let own = try await world.plans.create(NewOpenPlan(year: 2026, priorities: "本单位开放重点"), by: world.catalog.educationClerk)
        #expect(own.institution == CatalogWorld.xinchengEducation)
        try await world.expectRefused("open_plan_item_in_scope_a26_1") {
            _ = try await world.plans.setItem(
                NewOpenPlanItem(itemID: world.items["OPEN-1"]!, openType: .unconditional, targetDate: self.day("2026-05-15")),
                of: own.id,
                by: world.catalog.educationClerk
            )
        }
        try await world.expectSQLRefused(
            "open_plan_item_in_scope_a26_1",
            [
                "insert into open_plan_item (plan_id, item_id, open_type, target_date) values (\(own.id), \(world.items["OPEN-1"]!), 'unconditional', '2026-05-15')"
            ]
        )
        try await world.drop()
    }
}
