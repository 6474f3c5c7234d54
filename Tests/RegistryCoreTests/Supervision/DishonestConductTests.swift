import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Dishonest conduct (失信行为) and the constraint it carries (A44.2): recorded by the authority over its subject with
/// a cited basis and a period; while in force a data user's new conditional open applications and an institution's
/// new share requests are refused, from Swift and SQL alike; an institution's records lower its assessment.
@Suite("Dishonest conduct and its constraint (A44.2)")
struct DishonestConductTests {
    static let basis = "《内蒙古自治区公共数据管理暂行办法》第四十四条"

    private func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    private func againstCitizen(_ world: OpeningWorld, basis: String = basis, until: String = "2026-12-31") -> NewDishonestConduct {
        NewDishonestConduct(
            subject: .dataUser,
            dataUserAccount: world.citizen.account.id,
            itemID: world.items["COND-1"],
            sphere: .opening,
            conduct: "伪造申请材料获取有条件开放数据",
            legalBasis: basis,
            effectiveFrom: day("2026-10-01"),
            effectiveUntil: day(until),
            restrictsOpenApplications: true
        )
    }

    private func insert(_ input: NewDishonestConduct, authority: String = CatalogWorld.xinchengAuthority) -> SQL {
        """
        insert into dishonest_conduct (subject, institution_uscc, data_user_account, item_id, sphere, conduct, legal_basis,
                                       effective_from, effective_until, restricts_open_applications, restricts_share_requests,
                                       division_code, authority_uscc)
        values (\(input.subject)::dishonest_conduct_subject, \(input.institution), \(input.dataUserAccount), \(input.itemID),
                \(input.sphere)::dishonest_conduct_sphere, \(input.conduct), \(input.legalBasis), \(input.effectiveFrom)::date,
                \(input.effectiveUntil)::date, \(input.restrictsOpenApplications), \(input.restrictsShareRequests), '150000', \(authority))
        """
    }

    private func application(_ world: OpeningWorld) -> SQL {
        let input = world.application()
        return """
            insert into open_application (item_id, applicant_account, scenario, data_scope, delivery_method, time_limit,
                                          security_measures, revision_id, institution_uscc, received_at, received_on)
            select \(input.itemID), \(world.citizen.account.id), \(input.scenario), \(input.dataScope), \(input.deliveryMethod),
                   \(input.timeLimit)::date, \(input.securityMeasures), ci.current_revision_id, \(CatalogWorld.xinchengHealth),
                   registry_now(), registry_today()
              from catalog_item ci where ci.id = \(input.itemID)
            """
    }

    @Test("A44.2: a record cites its basis, fits its subject and has a period; only the authority over the data records it")
    func rules() async throws {
        let world = try await OpeningWorld.make()
        let reviewer = world.catalog.xinchengReviewer
        let workflow = DishonestConductWorkflow(database: world.database)
        var wrongSubject = againstCitizen(world)
        wrongSubject.restrictsShareRequests = true
        var reversed = againstCitizen(world)
        reversed.effectiveFrom = day("2027-01-01")
        for (input, rule) in [
            (againstCitizen(world, basis: "x"), "dishonest_conduct_legal_basis_cited_a44_2"),
            (wrongSubject, "dishonest_conduct_restriction_fits_subject_a44_2"),
            (reversed, "dishonest_conduct_period_a44_2"),
        ] {
            try await world.expectRefused(rule) { _ = try await workflow.record(input, by: reviewer) }
            try await world.expectSQLRefused(rule, [insert(input)])
        }
        let error = await refusal { _ = try await workflow.record(againstCitizen(world, basis: "x"), by: reviewer) }
        #expect(error?.article == "A44.2" && error?.field == "legal_basis" && error?.message.contains("第四十四条") == true)
        let byInstitution = insert(againstCitizen(world), authority: CatalogWorld.xinchengHealth)
        try await world.expectSQLRefused("dishonest_conduct_by_authority_a44_2", [byInstitution])
        let outside = insert(againstCitizen(world), authority: CatalogWorld.huiminAuthority)
        try await world.expectSQLRefused("dishonest_conduct_within_authority_a44_2", [outside])
        try await world.expectRefused { _ = try await workflow.record(againstCitizen(world), by: world.catalog.huiminReviewer) }
        try await world.expectRefused { _ = try await workflow.record(againstCitizen(world), by: world.clerk) }

        let recorded = try await workflow.record(againstCitizen(world, until: "2099-12-31"), by: reviewer)
        #expect(recorded.division == "150102" && recorded.authority == CatalogWorld.xinchengAuthority)
        #expect(recorded.dataUser?.maskedCitizenID?.contains("*") == true)
        #expect(try await workflow.records(institution: nil, inForceOnly: false, by: world.citizen).map(\.id) == [recorded.id])
        #expect(try await workflow.records(institution: nil, inForceOnly: false, by: world.catalog.hohhotReviewer).map(\.id) == [recorded.id])
        #expect(try await workflow.records(institution: nil, inForceOnly: false, by: world.catalog.huiminReviewer).isEmpty)
        #expect(try await workflow.records(institution: nil, inForceOnly: false, by: world.company).isEmpty)
        try await world.expectSQLRefused(
            "dishonest_conduct_terms_fixed_a44_2",
            ["update dishonest_conduct set conduct = '改写' where id = \(recorded.id)"]
        )
        try await world.expectSQLRefused("dishonest_conduct_kept_a44_2", ["delete from dishonest_conduct where id = \(recorded.id)"])
        try await world.expectRefused("dishonest_conduct_ended_a44_2") { _ = try await workflow.end(recorded.id, reason: " ", by: reviewer) }
        try await world.expectRefused { _ = try await workflow.end(recorded.id, reason: "信用修复", by: world.catalog.huiminReviewer) }
        let ended = try await workflow.end(recorded.id, reason: "已主动纠正并完成信用修复", by: world.catalog.hohhotReviewer)
        #expect(ended.endedOn != nil && !ended.inForce)
        try await world.expectRefused("dishonest_conduct_ended_once_a44_2") { _ = try await workflow.end(recorded.id, reason: "再次解除", by: reviewer) }
        let cited = try await world.database.read { connection in
            try connection.query("select count(*) as n from legal_citation where record = 'dishonest_conduct'").first!.decode("n", as: Int.self)
        }
        #expect(cited == 1, "the basis counts among the laws cited")
        try await world.drop()
    }

    @Test("A44.2 A28.2: a data user under a record in force is refused new conditional open applications, and accepted after its period")
    func dataUserConstrained() async throws {
        let world = try await OpeningWorld.make()
        world.database.clock.pin(day("2026-11-02"))
        let workflow = DishonestConductWorkflow(database: world.database)
        _ = try await workflow.record(againstCitizen(world), by: world.catalog.xinchengReviewer)
        try await world.expectRefused("open_application_applicant_dishonest_a44_2") {
            _ = try await world.applications.file(world.application(), by: world.citizen)
        }
        try await world.expectSQLRefused("open_application_applicant_dishonest_a44_2", [application(world)])
        let error = await refusal { _ = try await world.applications.file(world.application(), by: world.citizen) }
        #expect(error?.article == "A44.2" && error?.message.contains("第四十四条") == true)
        _ = try await world.applications.file(world.application(), by: world.company)
        #expect(try await workflow.records(institution: nil, inForceOnly: true, by: world.citizen).count == 1)

        world.database.clock.pin(day("2027-01-04"))
        #expect(try await workflow.records(institution: nil, inForceOnly: true, by: world.citizen).isEmpty)
        _ = try await world.applications.file(world.application(), by: world.citizen)
        try await world.drop()
    }

    @Test("A44.2 A20.2 A24.1: an institution under a record restricting share requests is refused them and demands while in force, not once ended")
    func institutionConstrained() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-11-02")
        let workflow = DishonestConductWorkflow(database: world.database)
        let record = try await workflow.record(
            NewDishonestConduct(
                subject: .institution,
                institution: ShareWorld.requesterUSCC,
                sphere: .sharing,
                conduct: "将共享获得的数据提供给其他单位",
                legalBasis: Self.basis,
                effectiveFrom: day("2026-11-01"),
                effectiveUntil: day("2027-10-31"),
                restrictsShareRequests: true
            ),
            by: world.catalog.xinchengReviewer
        )
        let input = world.input(world.conditional)
        let account = world.requester.account.id
        try await world.expectSameRefusal(
            "share_request_requester_dishonest_a44_2",
            swift: { _ = try await world.file(input) },
            sql: [ShareWorld.plainInsert(input, account: account)]
        )
        let demand = world.demandInput()
        try await world.expectSameRefusal(
            "share_demand_requester_dishonest_a44_2",
            swift: { _ = try await world.fileDemand(demand) },
            sql: [ShareWorld.plainDemandInsert(demand, account: account)]
        )
        _ = try await workflow.end(record.id, reason: "已整改并完成信用修复", by: world.catalog.xinchengReviewer)
        _ = try await world.file(input)
        try await world.drop()
    }

    @Test("A44.2 A39.1: each record of an institution in force during the year deducts 25 from the indicator the scheme weights, with its records")
    func assessmentIndicator() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-11-02")
        let workflow = DishonestConductWorkflow(database: world.database)
        let reviewer = world.catalog.xinchengReviewer
        func record(_ institution: String, _ from: String, _ until: String) async throws -> DishonestConduct {
            try await workflow.record(
                NewDishonestConduct(
                    subject: .institution,
                    institution: institution,
                    sphere: .sharing,
                    conduct: "逾期不答复共享申请且拒不说明理由",
                    legalBasis: Self.basis,
                    effectiveFrom: day(from),
                    effectiveUntil: day(until)
                ),
                by: reviewer
            )
        }
        let first = try await record(ShareWorld.requesterUSCC, "2026-03-01", "2026-06-30")
        _ = try await record(ShareWorld.requesterUSCC, "2026-10-01", "2027-03-31")
        _ = try await record(ShareWorld.sourceUSCC, "2027-01-01", "2027-06-30")  // not yet in force in 2026
        let assessments = AssessmentWorkflow(database: world.database)
        let scheme = try await assessments.createScheme(
            NewAssessmentScheme(year: 2026, weights: ["dishonest_conduct": 50, "security_duties": 50]),
            by: world.catalog.hohhotReviewer
        )
        _ = try await assessments.publishScheme(scheme.id, by: world.catalog.hohhotReviewer)
        let computed = try await assessments.compute(scheme.id, asOf: day("2026-11-15"), by: world.catalog.hohhotReviewer)
        #expect(computed.score(ShareWorld.requesterUSCC, "dishonest_conduct")?.computed == 50)
        #expect(computed.score(ShareWorld.sourceUSCC, "dishonest_conduct")?.computed == 100)
        let (_, evidence) = try await assessments.evidence(
            computed.id,
            institution: ShareWorld.requesterUSCC,
            indicator: "dishonest_conduct",
            by: world.catalog.hohhotReviewer
        )
        #expect(evidence?.records.count == 2 && evidence?.records.first?.cells.first == "第 \(first.number) 号")
        // As of a day in May only the first record had been in force.
        let may = try await assessments.compute(scheme.id, asOf: day("2026-05-15"), by: world.catalog.hohhotReviewer)
        #expect(may.score(ShareWorld.requesterUSCC, "dishonest_conduct")?.computed == 75)
        try await world.drop()
    }
}
