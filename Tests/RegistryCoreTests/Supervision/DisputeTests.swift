import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Disputes (A47.1): brought by a party to a public data authority, coordinated, possibly referred to the expert
/// committee whose recommendation is recorded, closed with a decision; the history of every step with its actor and
/// note. Every rule refused alike through Swift and plain SQL; only the right authority and the committee act.
@Suite("Disputes: coordination, the expert committee's recommendation, the decision, the history (A47.1)")
struct DisputeTests {
    private func day(_ iso: String) -> CivilDate { ShareWorld.day(iso) }

    @Test("A47.1: filed → coordinating → referred → recommended → decided, each step in the history with actor and note")
    func referredPath() async throws {
        let world = try await SupervisionCaseWorld.make()
        let filed = try await world.disputes.file(world.disputeInput(), by: world.education)
        #expect(filed.dispute.state == .filed && filed.dispute.authorityDivision == "150102")
        #expect(filed.dispute.partyInstitutions == [ShareWorld.requesterUSCC, ShareWorld.sourceUSCC])
        #expect(filed.dispute.parties.map(\.institutionName) == ["新城区教育局", "新城区卫生健康委员会"])
        #expect(filed.dispute.filedOn == day(ShareWorld.defaultDay))
        let id = filed.dispute.id

        let coordinating = try await world.disputes.coordinate(id, note: "召集双方协商", by: world.xinchengReviewer)
        #expect(coordinating.dispute.state == .coordinating && coordinating.dispute.coordinationNote == "召集双方协商")
        try await world.pinDay("2026-11-10")
        let referred = try await world.disputes.refer(id, question: "该数据项是否属于最小必要范围", by: world.xinchengReviewer)
        #expect(referred.dispute.state == .referred && referred.dispute.referredOn == day("2026-11-10"))
        #expect(try await world.disputes.disputes(state: .referred, by: world.committee).map(\.id) == [id])
        try await world.pinDay("2026-11-20")
        let recommended = try await world.disputes.recommend(id, "建议按最小必要原则仅共享机构名称", by: world.committee)
        #expect(recommended.dispute.state == .referred)
        #expect(recommended.dispute.recommendation == "建议按最小必要原则仅共享机构名称")
        #expect(recommended.dispute.recommendedBy == world.committee.account.id && recommended.dispute.recommendedOn == day("2026-11-20"))
        try await world.pinDay("2026-11-23")
        let decided = try await world.disputes.decide(id, decision: "采纳专家委员会建议,仅共享机构名称", by: world.xinchengReviewer)
        #expect(decided.dispute.state == .decided && decided.dispute.decidedOn == day("2026-11-23"))

        #expect(decided.history.map(\.step) == [.filed, .coordinating, .referred, .recommended, .decided])
        #expect(decided.history.map(\.state) == [.filed, .coordinating, .referred, .referred, .decided])
        #expect(
            decided.history.map(\.actorAccount)
                == [
                    world.education, world.xinchengReviewer, world.xinchengReviewer, world.committee, world.xinchengReviewer,
                ].map(\.account.id)
        )
        #expect(
            decided.history.map(\.note) == [
                nil, "召集双方协商", "该数据项是否属于最小必要范围", "建议按最小必要原则仅共享机构名称", "采纳专家委员会建议,仅共享机构名称",
            ]
        )
        #expect(decided.history.map(\.onDate) == ["2026-11-02", "2026-11-02", "2026-11-10", "2026-11-20", "2026-11-23"].map(day))

        // A44.1: every step audited, with its semantic action.
        let actions = try await world.database.read { connection in
            try connection.query(
                "select action from audit_log where entity = 'dispute' and record_id = \(id.uuidString.lowercased()) order by seq"
            ).map { try $0.decode("action", as: String.self) }
        }
        #expect(actions == ["dispute.file", "dispute.coordinate", "dispute.refer", "dispute.recommend", "dispute.decide"])
        let eventRows = try await world.database.read { connection in
            try connection.query("select count(*) as n from audit_log where entity = 'dispute_event'").first!.decode("n", as: Int.self)
        }
        #expect(eventRows == 5)
        try await world.drop()
    }

    @Test("A47.1: coordination settles a dispute — decided from filed or coordinating without a referral")
    func decidedDirectly() async throws {
        let world = try await SupervisionCaseWorld.make()
        // A data user and an institution: the data user brings it to the authority it chooses.
        let input = world.disputeInput(institutions: [ShareWorld.sourceUSCC], dataUsers: [world.citizen.account.id], division: "150102")
        let byUser = try await world.disputes.file(input, by: world.citizen)
        #expect(byUser.dispute.parties.map(\.kind) == ["institution", "data_user"])
        #expect(byUser.dispute.parties.last?.dataUser?.maskedCitizenID?.contains("********") == true, "A13.1: only masked")
        let decided = try await world.disputes.decide(byUser.dispute.id, decision: "双方达成一致,撤回异议", by: world.xinchengReviewer)
        #expect(decided.history.map(\.step) == [.filed, .decided])

        let between = try await world.disputes.file(world.disputeInput(), by: world.provider)
        _ = try await world.disputes.coordinate(between.dispute.id, note: nil, by: world.xinchengReviewer)
        let settled = try await world.disputes.decide(between.dispute.id, decision: "协调一致,按原答复执行", by: world.xinchengReviewer)
        #expect(settled.history.map(\.step) == [.filed, .coordinating, .decided])
        #expect(settled.dispute.referredOn == nil && settled.dispute.recommendation == nil)

        #expect(try await world.disputes.disputes(state: nil, by: world.citizen).map(\.id) == [byUser.dispute.id])
        #expect(Set(try await world.disputes.disputes(state: nil, by: world.provider).map(\.id)) == [byUser.dispute.id, between.dispute.id])
        #expect(try await world.disputes.disputes(state: nil, by: world.education).map(\.id) == [between.dispute.id])
        #expect(try await world.disputes.disputes(state: nil, by: world.company).isEmpty)
        #expect(try await world.disputes.disputes(state: .decided, by: world.hohhotReviewer).count == 2)
        #expect(try await world.disputes.disputes(state: nil, by: world.huiminReviewer).isEmpty)
        try await world.drop()
    }

    @Test("A47.1: description, two or more parties each once, registered parties, filed by a party, an authority's division — Swift and SQL alike")
    func filingRules() async throws {
        let world = try await SupervisionCaseWorld.make()
        let (education, citizen) = (world.education, world.citizen)
        let cases: [(String, NewDispute, Principal)] = [
            ("dispute_description_a47_1", world.disputeInput(description: " "), education),
            ("dispute_parties_a47_1", world.disputeInput(institutions: [ShareWorld.requesterUSCC]), education),
            ("dispute_parties_a47_1", world.disputeInput(institutions: [ShareWorld.requesterUSCC, ShareWorld.requesterUSCC]), education),
            ("dispute_party_exists_a47_1", world.disputeInput(institutions: [ShareWorld.requesterUSCC, CatalogWorld.unregistered]), education),
            (
                "dispute_party_exists_a47_1",
                world.disputeInput(institutions: [ShareWorld.requesterUSCC], dataUsers: [world.provider.account.id]), education
            ),
            ("dispute_filed_by_party_a47_1", world.disputeInput(institutions: [ShareWorld.sourceUSCC, CatalogWorld.huiminCivilAffairs]), education),
            (
                "dispute_filed_by_party_a47_1",
                world.disputeInput(institutions: [ShareWorld.sourceUSCC], dataUsers: [world.company.account.id], division: "150102"), citizen
            ),
            (
                "dispute_authority_over_parties_a47_1",
                world.disputeInput(institutions: [ShareWorld.sourceUSCC], dataUsers: [world.citizen.account.id], division: "150103"), citizen
            ),
            ("dispute_division_a47_1", world.disputeInput(division: "150105"), education),
        ]
        for (rule, input, filer) in cases {
            try await world.expectSameRefusal(
                rule,
                swift: { _ = try await world.disputes.file(input, by: filer) },
                sql: [SupervisionCaseWorld.plainDisputeInsert(input, account: filer.account.id)]
            )
        }
        // A citizen's dispute with an institution goes to that institution's authority.
        let routed = try await world.disputes.file(
            world.disputeInput(institutions: [ShareWorld.sourceUSCC], dataUsers: [world.citizen.account.id]),
            by: citizen
        )
        #expect(routed.dispute.authorityDivision == "150102")
        try await world.drop()
    }

    @Test("A47.1: illegal transitions, referral question, recommendation by the committee once and before the decision — Swift and SQL alike")
    func stepRules() async throws {
        let world = try await SupervisionCaseWorld.make()
        let (reviewer, committee) = (world.xinchengReviewer, world.committee)
        let id = try await world.disputes.file(world.disputeInput(), by: world.education).dispute.id
        try await world.expectSameRefusal(
            "dispute_transition_a47_1",
            swift: { _ = try await world.disputes.refer(id, question: "是否属于最小必要", by: reviewer) },
            sql: ["update dispute set state = 'referred', referral_question = '是否属于最小必要' where id = \(id)"]
        )
        try await world.expectSameRefusal(
            "dispute_transition_a47_1",
            swift: { _ = try await world.disputes.recommend(id, "建议", by: committee) },
            sql: ["update dispute set recommendation = '建议', recommended_by = \(committee.account.id) where id = \(id)"]
        )
        try await world.expectSameRefusal(
            "dispute_decision_a47_1",
            swift: { _ = try await world.disputes.decide(id, decision: " ", by: reviewer) },
            sql: ["update dispute set state = 'decided' where id = \(id)"]
        )
        _ = try await world.disputes.coordinate(id, note: nil, by: reviewer)
        try await world.expectSameRefusal(
            "dispute_referral_question_a47_1",
            swift: { _ = try await world.disputes.refer(id, question: "", by: reviewer) },
            sql: ["update dispute set state = 'referred' where id = \(id)"]
        )
        _ = try await world.disputes.refer(id, question: "是否属于最小必要", by: reviewer)
        try await world.expectSameRefusal(
            "dispute_recommendation_before_decision_a47_1",
            swift: { _ = try await world.disputes.decide(id, decision: "决定", by: reviewer) },
            sql: ["update dispute set state = 'decided', decision = '决定' where id = \(id)"]
        )
        try await world.expectSameRefusal(
            "dispute_recommendation_a47_1",
            swift: { _ = try await world.disputes.recommend(id, "  ", by: committee) },
            sql: ["update dispute set recommendation = '  ', recommended_by = \(committee.account.id) where id = \(id)"]
        )
        try await world.expectSameRefusal(
            "dispute_recommendation_by_committee_a47_1",
            swift: { _ = try await world.asStore(reviewer) { try DisputeStore().recommend(id, "建议", by: reviewer.account.id, on: $0) } },
            sql: ["update dispute set recommendation = '建议', recommended_by = \(reviewer.account.id) where id = \(id)"]
        )
        _ = try await world.disputes.recommend(id, "建议仅共享机构名称", by: committee)
        try await world.expectSameRefusal(
            "dispute_transition_a47_1",
            swift: { _ = try await world.disputes.recommend(id, "第二条建议", by: committee) },
            sql: ["update dispute set recommendation = '第二条建议' where id = \(id)"]
        )
        _ = try await world.disputes.decide(id, decision: "采纳建议", by: reviewer)
        try await world.expectSameRefusal(
            "dispute_transition_a47_1",
            swift: { _ = try await world.disputes.decide(id, decision: "再次决定", by: reviewer) },
            sql: ["update dispute set state = 'coordinating' where id = \(id)"]
        )
        try await world.expectSQLRefused("dispute_terms_fixed_a47_1", ["update dispute set party_institutions = '{}' where id = \(id)"])
        try await world.expectSQLRefused("dispute_terms_fixed_a47_1", ["update dispute set authority_division = '150103' where id = \(id)"])
        try await world.expectSQLRefused("dispute_kept_a47_1", ["delete from dispute where id = \(id)"])
        try await world.expectSQLRefused("dispute_event_written_by_trigger_a47_1", ["update dispute_event set note = '改写' where dispute_id = \(id)"])
        try await world.expectSQLRefused(
            "dispute_event_written_by_trigger_a47_1",
            ["insert into dispute_event (dispute_id, step, state, at, on_date) values (\(id), 'decided', 'decided', now(), current_date)"]
        )
        try await world.drop()
    }

    @Test("A47.1: only reviewers of the authority coordinate, refer and decide; only the committee recommends; parties and overseers read")
    func authorisation() async throws {
        let world = try await SupervisionCaseWorld.make()
        for actor in [world.xinchengReviewer, world.committee, world.admin] {
            try await world.expectForbidden { _ = try await world.disputes.file(world.disputeInput(), by: actor) }
        }
        let id = try await world.disputes.file(world.disputeInput(), by: world.education).dispute.id
        let outsiders = [
            world.hohhotReviewer, world.regionReviewer, world.huiminReviewer, world.education, world.provider, world.committee, world.citizen,
        ]
        for actor in outsiders {
            try await world.expectForbidden { _ = try await world.disputes.coordinate(id, note: nil, by: actor) }
            try await world.expectForbidden { _ = try await world.disputes.decide(id, decision: "决定", by: actor) }
        }
        _ = try await world.disputes.coordinate(id, note: nil, by: world.xinchengReviewer)
        for actor in outsiders {
            try await world.expectForbidden { _ = try await world.disputes.refer(id, question: "问题", by: actor) }
        }
        _ = try await world.disputes.refer(id, question: "问题", by: world.xinchengReviewer)
        for actor in [world.xinchengReviewer, world.regionReviewer, world.education, world.citizen, world.admin] {
            try await world.expectForbidden { _ = try await world.disputes.recommend(id, "建议", by: actor) }
        }
        for actor in [world.civilAffairs, world.transport, world.huiminReviewer, world.citizen, world.admin] {
            try await world.expectForbidden { _ = try await world.disputes.detail(id, by: actor) }
        }
        for actor in [world.education, world.provider, world.xinchengReviewer, world.hohhotReviewer, world.regionReviewer, world.committee] {
            #expect(try await world.disputes.detail(id, by: actor).dispute.id == id)
        }
        try await world.expectForbidden { _ = try await world.disputes.disputes(state: nil, by: world.admin) }
        try await world.drop()
    }
}
