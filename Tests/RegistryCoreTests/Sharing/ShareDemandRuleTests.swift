import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// The rules of demands for data outside the catalog, each refused alike through Swift and through a plain statement,
/// leaving nothing behind (A24.1, A20.2, A23.4, A50.1); and who may act on a demand.
@Suite("Demands outside the catalog: rules in the database, and who may act")
struct ShareDemandRuleTests {
    /// Expects filing `input` to be refused with `rule` through the workflow and through a plain INSERT.
    private func expectFilingRefused(
        _ rule: String,
        _ input: NewShareDemand,
        in world: ShareWorld,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try await world.expectSameRefusal(
            rule,
            swift: { _ = try await world.fileDemand(input) },
            sql: [ShareWorld.plainDemandInsert(input, account: world.requester.account.id)],
            sourceLocation: sourceLocation
        )
    }

    @Test("a demand without the data wanted, scenario, commitment, valid data items or a current end date is refused")
    func filingRules() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-11-02")
        try await expectFilingRefused("share_demand_data_wanted_a24_1", world.demandInput(dataWanted: " "), in: world)
        try await expectFilingRefused("share_demand_scenario_a20_2", world.demandInput(scenario: ""), in: world)
        try await expectFilingRefused("share_demand_commitment_a20_2", world.demandInput(commitment: false), in: world)
        try await expectFilingRefused("share_demand_data_items_a23_4", world.demandInput(items: ["视力", "视力"]), in: world)
        try await expectFilingRefused("share_demand_data_items_a23_4", world.demandInput(items: []), in: world)
        try await expectFilingRefused("share_demand_end_date_a23_4", world.demandInput(endDate: "2026-11-01"), in: world)
        try await world.drop()
    }

    @Test("a suspended requester files no demand and gets no delivery (A50.1)")
    func suspendedRequester() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-11-02")
        let demand = try await world.forwardedDemand()
        _ = try await world.demands.reply(to: demand.id, .confirm(processingUntil: nil), by: world.source)
        try await world.suspend(institution: ShareWorld.requesterUSCC, from: "2026-11-02")
        try await expectFilingRefused("share_request_requester_suspended_a50_1", world.demandInput(), in: world)
        let source = world.source
        try await world.expectSameRefusal(
            "share_request_requester_suspended_a50_1",
            swift: { _ = try await world.demands.deliver(demand.id, note: nil, by: source) },
            sql: ["update share_demand set state = 'delivered' where id = \(demand.id)"]
        )
        try await world.drop()
    }

    @Test("illegal transitions are refused by the database: confirm before review, deliver before confirmation, reply after withdrawal")
    func transitions() async throws {
        let world = try await ShareWorld.make()
        let (source, requester, reviewer) = (world.source, world.requester, world.reviewer)
        let submitted = try await world.fileDemand()
        try await world.expectSameRefusal(
            "share_demand_transition_a24_1",
            swift: {
                _ = try await world.database.write(AuditContext(role: "test")) {
                    try ShareDemandStore().reply(submitted.id, .confirm(processingUntil: nil), on: $0)
                }
            },
            sql: ["update share_demand set state = 'confirmed' where id = \(submitted.id)"]
        )
        let forwarded = try await world.demands.review(submitted.id, .forward(source: ShareWorld.sourceUSCC, note: nil), by: reviewer)
        try await world.expectSameRefusal(
            "share_demand_transition_a24_1",
            swift: { _ = try await world.demands.deliver(forwarded.demand.id, note: nil, by: source) },
            sql: ["update share_demand set state = 'delivered' where id = \(submitted.id)"]
        )
        try await world.expectSameRefusal(
            "share_demand_transition_a24_1",
            swift: { _ = try await world.demands.review(submitted.id, .reject(reason: "重复审核"), by: reviewer) },
            sql: ["update share_demand set state = 'rejected', review_note = '重复审核' where id = \(submitted.id)"]
        )
        _ = try await world.demands.withdraw(submitted.id, reason: nil, by: requester)
        try await world.expectSameRefusal(
            "share_demand_transition_a24_1",
            swift: { _ = try await world.demands.reply(to: submitted.id, .confirm(processingUntil: nil), by: source) },
            sql: ["update share_demand set state = 'confirmed' where id = \(submitted.id)"]
        )
        try await world.drop()
    }

    @Test("terms stay fixed, demands are never deleted, their history is written by the database only")
    func historyKept() async throws {
        let world = try await ShareWorld.make()
        let demand = try await world.fileDemand()
        for (rule, statement) in [
            ("share_demand_terms_fixed_a24_1", "update share_demand set state = 'withdrawn', scenario = '另一场景' where id = \(demand.id)" as SQL),
            ("share_demand_history_kept_a24_1", "delete from share_demand where id = \(demand.id)"),
            ("share_demand_event_written_by_trigger_a24_1", "update share_demand_event set note = '改写' where demand_id = \(demand.id)"),
            (
                "share_demand_event_written_by_trigger_a24_1",
                "insert into share_demand_event (demand_id, state, at, on_date) values (\(demand.id), 'delivered', now(), current_date)"
            ),
        ] {
            let error = await refusal {
                try await world.database.write(AuditContext(role: "psql")) { _ = try $0.query(statement) }
            }
            #expect(error == RuleCatalog.rule(forConstraint: rule)?.error, "\(rule)")
        }
        try await world.drop()
    }

    @Test("only the requester's clerks file and withdraw; only the authority of the requester's division reviews")
    func filingAndReviewing() async throws {
        let world = try await ShareWorld.make()
        var input = world.demandInput()
        input.requester = ShareWorld.requesterUSCC
        let forEducation = input
        try await world.expectForbidden { _ = try await world.demands.file(forEducation, by: world.outsider) }
        try await world.expectForbidden { _ = try await world.demands.file(forEducation, by: world.reviewer) }
        let demand = try await world.fileDemand(forEducation)
        let forward = ShareDemandReview.forward(source: ShareWorld.sourceUSCC, note: nil)
        for actor in [world.catalog.hohhotReviewer, world.catalog.huiminReviewer, world.catalog.regionReviewer, world.requester] {
            try await world.expectForbidden { _ = try await world.demands.review(demand.id, forward, by: actor) }
        }
        for actor in [world.source, world.outsider, world.reviewer] {
            try await world.expectForbidden { _ = try await world.demands.withdraw(demand.id, reason: nil, by: actor) }
        }
        _ = try await world.demands.review(demand.id, forward, by: world.reviewer)
        _ = try await world.demands.withdraw(demand.id, reason: nil, by: world.secondRequesterClerk)
        try await world.drop()
    }

    @Test("only the source the authority named replies and delivers; a proposed source does not before the review")
    func answering() async throws {
        let world = try await ShareWorld.make()
        let demand = try await world.fileDemand()
        try await world.expectForbidden { _ = try await world.demands.reply(to: demand.id, .confirm(processingUntil: nil), by: world.source) }
        try await world.expectForbidden { _ = try await world.demands.detail(demand.id, by: world.source) }
        _ = try await world.demands.review(demand.id, .forward(source: ShareWorld.sourceUSCC, note: nil), by: world.reviewer)
        for actor in [world.requester, world.outsider, world.reviewer] {
            try await world.expectForbidden { _ = try await world.demands.reply(to: demand.id, .confirm(processingUntil: nil), by: actor) }
            try await world.expectForbidden {
                _ = try await world.demands.reply(to: demand.id, .refuse(reason: "理由", legalBasis: "《中华人民共和国数据安全法》第二十一条"), by: actor)
            }
        }
        _ = try await world.demands.reply(to: demand.id, .confirm(processingUntil: nil), by: world.source)
        for actor in [world.requester, world.outsider] {
            try await world.expectForbidden { _ = try await world.demands.deliver(demand.id, note: nil, by: actor) }
        }
        try await world.expectForbidden { _ = try await world.demands.detail(demand.id, by: world.outsider) }
        try await world.expectForbidden { _ = try await world.demands.detail(demand.id, by: world.catalog.huiminReviewer) }
        _ = try await world.demands.deliver(demand.id, note: nil, by: world.source)
        try await world.drop()
    }
}
