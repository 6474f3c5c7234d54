import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// The annual assessment of 呼和浩特市's four institutions on a hand-made data set, checked against numbers computed by
/// hand (A39.1, A41.1, A42.1).
///
/// The data: 新城区卫生健康委员会 publishes three complete items (approved 2026-01-10), answers one conditional request
/// on time but delivers it late and leaves another unanswered, names its security officer and checks; 新城区教育局
/// has no catalog, a security officer only and an open violation; the two others have nothing.
@Suite("Annual assessment: computed indicators, weights, ranking, adjustments with remarks, frozen publication")
struct AssessmentTests {
    static let weights: [String: Double] = [
        "catalog_completeness": 20, "catalog_timeliness": 10, "share_timeliness": 20, "data_freshness": 10,
        "open_plan_completion": 10, "objections_handled": 10, "security_duties": 10, "violations_open": 10,
    ]

    private func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    /// Builds the data set in a share world; returns the published 2026 scheme of 呼和浩特市.
    private func dataSet(_ world: ShareWorld) async throws -> (scheme: AssessmentScheme, workflow: AssessmentWorkflow) {
        let catalog = world.catalog
        try await catalog.backdateApprovals(to: "2026-01-10")
        // Sharing: one request replied on time (10-09 ≤ 10-12) and delivered late (10-16 > 10-15); one never answered.
        try await world.pinDay("2026-09-29")
        let first = try await world.file(world.input(world.conditional))
        try await world.pinDay("2026-10-09")
        _ = try await world.workflow.reply(to: first.id, .approve(dataItems: nil), by: world.source)
        try await world.pinDay("2026-10-16")
        _ = try await world.workflow.deliver(first.id, note: nil, by: world.source)
        try await world.pinDay("2026-11-02")
        _ = try await world.file(world.input(world.conditional))
        // Open plan (A26.1): MED-001 already open when the plan was published (not counted), MED-002 never opened — 0.
        let planner = try await world.database.actor(
            for: NewAccount(role: .planner, displayName: "计划员", institution: CatalogWorld.hohhotAuthority)
        )
        let plans = OpenPlanWorkflow(database: world.database)
        let plan = try await plans.create(NewOpenPlan(year: 2026, priorities: "医疗数据"), by: planner)
        _ = try await plans.setItem(
            NewOpenPlanItem(itemID: world.unconditional, openType: .unconditional, targetDate: day("2026-03-31")),
            of: plan.id,
            by: planner
        )
        _ = try await plans.setItem(
            NewOpenPlanItem(itemID: world.conditional, openType: .conditional, targetDate: day("2026-06-30")),
            of: plan.id,
            by: planner
        )
        _ = try await plans.publish(plan.id, by: planner)
        try await world.database.write(AuditContext(role: "test")) { connection in
            try connection.query("set local session_replication_role = replica")  // published in February, as in reality
            try connection.query("update open_plan set published_on = '2026-02-01', published_at = '2026-02-01 10:00+08' where id = \(plan.id)")
        }
        // Security: 卫健委 officer and a periodic check (100); 教育局 officer only (50).
        try await world.database.write(AuditContext(role: "test")) { connection in
            try connection.query(
                """
                update institution set security_officer_name = '王五', security_officer_title = '副主任', security_officer_named_on = '2026-03-01'
                 where uscc in (\(CatalogWorld.xinchengHealth), \(CatalogWorld.xinchengEducation))
                """
            )
        }
        _ = try await SecurityRecords(database: world.database).record(
            NewSecurityCheck(kind: .periodicCheck, checkedOn: day("2026-06-30"), findings: "未发现问题", issuesFound: 0),
            by: world.source
        )
        // A violation of 教育局, open (75).
        _ = try await ViolationWorkflow(database: world.database).record(
            NewViolation(
                subject: .institution,
                institution: CatalogWorld.xinchengEducation,
                clause: "A49(1)",
                description: "未按规定编制目录",
                foundOn: day("2026-10-09"),
                rectificationDue: day("2030-12-31")
            ),
            by: catalog.xinchengReviewer
        )
        let workflow = AssessmentWorkflow(database: world.database)
        let scheme = try await workflow.createScheme(NewAssessmentScheme(year: 2026, weights: Self.weights), by: catalog.hohhotReviewer)
        return (try await workflow.publishScheme(scheme.id, by: catalog.hohhotReviewer), workflow)
    }

    @Test("every indicator and total matches the hand computation; the ranking follows the totals")
    func handComputed() async throws {
        let world = try await ShareWorld.make()
        let (scheme, workflow) = try await dataSet(world)
        let reviewer = world.catalog.hohhotReviewer
        let november = try await workflow.compute(scheme.id, asOf: day("2026-11-15"), by: reviewer)
        let health = CatalogWorld.xinchengHealth
        let education = CatalogWorld.xinchengEducation
        let expected: [String: [String: Double]] = [
            health: [
                "catalog_completeness": 100, "catalog_timeliness": 100, "share_timeliness": 33.33, "data_freshness": 100,
                "open_plan_completion": 0, "objections_handled": 100, "security_duties": 100, "violations_open": 100,
            ],
            education: [
                "catalog_completeness": 0, "catalog_timeliness": 100, "share_timeliness": 100, "data_freshness": 100,
                "open_plan_completion": 100, "objections_handled": 100, "security_duties": 50, "violations_open": 75,
            ],
        ]
        for (institution, values) in expected {
            for (indicator, value) in values {
                #expect(november.score(institution, indicator)?.computed == value, "\(institution) \(indicator)")
            }
        }
        // 20×100 + 10×100 + 20×33.33 + 10×100 + 10×0 + 10×100 + 10×100 + 10×100 = 7666.6 → 76.67;
        // 教育局: 0 + 1000 + 2000 + 1000 + 1000 + 1000 + 500 + 750 = 7250 → 72.50; the others 7000 → 70.00.
        #expect(november.ranking.map(\.total) == [76.67, 72.5, 70, 70])
        #expect(november.ranking.map(\.rank) == [1, 2, 3, 3])
        #expect(november.ranking.first?.institution == health)
        #expect(november.version == 1)

        // A month later the health data are stale (due 2026-11-30): 76.67 − 10 = 66.67, and 教育局 leads.
        let december = try await workflow.compute(scheme.id, asOf: day("2026-12-15"), by: reviewer)
        #expect(december.version == 2)
        #expect(december.score(health, "data_freshness")?.computed == 0)
        #expect(december.ranking.first?.institution == education)
        try await world.drop()
    }

    @Test("the committee adjusts beside the computed value with a remark; a published assessment is frozen")
    func adjustmentsAndPublication() async throws {
        let world = try await ShareWorld.make()
        let (scheme, workflow) = try await dataSet(world)
        let reviewer = world.catalog.hohhotReviewer
        let committee = try await world.database.actor(for: NewAccount(role: .committee, displayName: "评估委员"))
        let assessment = try await workflow.compute(scheme.id, asOf: day("2026-11-15"), by: committee)
        let transport = CatalogWorld.hohhotTransport
        await #expect(throws: Self.rule("assessment_adjustment_remark_a41_1")) {
            _ = try await workflow.adjust(assessment.id, institution: transport, indicator: "security_duties", to: 50, remark: " ", by: committee)
        }
        await #expect(throws: RegistryError.self) {
            _ = try await workflow.adjust(
                assessment.id,
                institution: transport,
                indicator: "security_duties",
                to: 50,
                remark: "已提交检查报告",
                by: reviewer
            )
        }
        let adjusted = try await workflow.adjust(
            assessment.id,
            institution: transport,
            indicator: "security_duties",
            to: 50,
            remark: "已于 **2026-11-20** 补交安全检查报告 <script>alert(1)</script>",
            by: committee
        )
        let score = adjusted.score(transport, "security_duties")
        #expect(score?.computed == 0 && score?.adjusted == 50 && score?.remark?.contains("<script>") == true)
        #expect(adjusted.ranking.first { $0.institution == transport }?.total == 75)
        #expect(adjusted.ranking.map(\.total) == [76.67, 75, 72.5, 70])
        #expect(try await Self.keptTotalsDrift(world.database) == 0, "the kept totals are the scores summed again")
        let derived = await refusal {
            try await world.database.write(AuditContext(role: "psql")) { _ = try $0.query("update assessment_total set total = \(100)") }
        }
        #expect(derived != nil, "derived: no client writes the totals")

        let error = await refusal {
            try await world.database.write(AuditContext(role: "psql")) {
                _ = try $0.query("update assessment_score set computed = 99 where assessment_id = \(assessment.id)")
            }
        }
        #expect(error == Self.rule("assessment_computed_by_registry_a39_1"))
        let typed = await refusal {
            try await world.database.write(AuditContext(role: "psql")) {
                _ = try $0.query("insert into assessment (scheme_id, version, as_of) values (\(scheme.id), 9, '2026-11-15')")
            }
        }
        #expect(typed == Self.rule("assessment_computed_by_registry_a39_1"))

        let published = try await workflow.publish(assessment.id, by: reviewer)
        #expect(published.state == "published")
        await #expect(throws: Self.rule("assessment_published_frozen_a41_1")) {
            _ = try await workflow.adjust(assessment.id, institution: transport, indicator: "violations_open", to: 90, remark: "复核", by: committee)
        }
        let frozen = await refusal {
            try await world.database.write(AuditContext(role: "psql")) {
                _ = try $0.query("update assessment_score set adjusted = null, remark = null where assessment_id = \(assessment.id)")
            }
        }
        #expect(frozen == Self.rule("assessment_published_frozen_a41_1"))
        _ = try await workflow.assessment(assessment.id, by: world.requester)
        try await world.drop()
    }

    @Test("schemes: region and leagues only, weights add up to 100, frozen once published")
    func schemes() async throws {
        let world = try await ShareWorld.make()
        let workflow = AssessmentWorkflow(database: world.database)
        let reviewer = world.catalog.hohhotReviewer
        await #expect(throws: Self.rule("assessment_scheme_level_a39_1")) {
            _ = try await workflow.createScheme(NewAssessmentScheme(year: 2026, weights: Self.weights), by: world.catalog.xinchengReviewer)
        }
        let scheme = try await workflow.createScheme(NewAssessmentScheme(year: 2026, weights: ["share_timeliness": 60]), by: reviewer)
        await #expect(throws: Self.rule("assessment_scheme_weights_a39_1")) { _ = try await workflow.publishScheme(scheme.id, by: reviewer) }
        await #expect(throws: Self.rule("assessment_scheme_published_a39_1")) {
            _ = try await workflow.compute(scheme.id, asOf: self.day("2026-11-15"), by: reviewer)
        }
        _ = try await workflow.setWeight("violations_open", 40, of: scheme.id, by: reviewer)
        await #expect(throws: RegistryError.self) {
            _ = try await workflow.setWeight("violations_open", 30, of: scheme.id, by: world.catalog.regionReviewer)
        }
        let published = try await workflow.publishScheme(scheme.id, by: reviewer)
        #expect(published.totalWeight == 100 && published.state == "published")
        await #expect(throws: Self.rule("assessment_scheme_frozen_a39_1")) {
            _ = try await workflow.setWeight("violations_open", 30, of: scheme.id, by: reviewer)
        }
        #expect(try await workflow.indicators().count == 10)
        try await world.drop()
    }

    /// Totals in which the kept `assessment_total` (`sql/0141`) differs from the scores weighted and summed afresh.
    static func keptTotalsDrift(_ database: RegistryDatabase) async throws -> Int {
        try await database.read { connection in
            try connection.queryOne(
                """
                with fresh as (
                select s.assessment_id, s.institution_uscc::text, round(sum(si.weight * coalesce(s.adjusted, s.computed)) / 100, 2) as total
                  from assessment_score s join assessment a on a.id = s.assessment_id
                  join assessment_scheme_indicator si on si.scheme_id = a.scheme_id and si.indicator_code = s.indicator_code
                 group by s.assessment_id, s.institution_uscc),
                kept as (select assessment_id, institution_uscc::text, total from assessment_total)
                select ((select count(*) from (select * from fresh except select * from kept) a)
                      + (select count(*) from (select * from kept except select * from fresh) b))::int as n
                """
            ).decode("n")
        }
    }

    static func rule(_ constraint: String) -> RegistryError {
        RuleCatalog.rule(forConstraint: constraint)!.error
    }
}
