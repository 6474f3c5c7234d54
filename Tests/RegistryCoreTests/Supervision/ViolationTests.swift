import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Violations and rectification: the clause fits the subject, a data user's violation suspends its access until
/// rectified, referral only after the deadline; security checks and usage feedback (A49.1, A50.1, A51.1, A36.1).
@Suite("Violations, rectification and security records (A49.1, A50.1, A51.1, A35.2, A36.1)")
struct ViolationTests {
    private func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    private func violation(
        _ subject: ViolationSubject = .institution,
        institution: String? = CatalogWorld.xinchengHealth,
        account: UUID? = nil,
        clause: String = "A49(2)",
        due: String = "2030-12-31"
    ) -> NewViolation {
        NewViolation(
            subject: subject,
            institution: institution,
            dataUserAccount: account,
            clause: clause,
            description: "逾期未办理共享申请",
            foundOn: day("2026-10-09"),
            rectificationDue: day(due)
        )
    }

    private func insert(_ input: NewViolation, authority: String = CatalogWorld.xinchengAuthority) -> SQL {
        """
        insert into violation (subject, institution_uscc, data_user_account, clause, description, found_on, rectification_due, authority_uscc)
        values (\(input.subject)::violation_subject, \(input.institution), \(input.dataUserAccount), \(input.clause),
                \(input.description), \(input.foundOn)::date, \(input.rectificationDue)::date, \(authority))
        """
    }

    @Test("the clause must fit the subject; only authorities record, over the institution's division")
    func rules() async throws {
        let world = try await OpeningWorld.make()
        let reviewer = world.catalog.xinchengReviewer
        let workflow = ViolationWorkflow(database: world.database)
        for (input, rule) in [
            (violation(clause: "A50(1)"), "violation_clause_a49_1"), (violation(.sourceDepartment, clause: "A51(7)"), "violation_clause_a49_1"),
            (violation(.dataUser, clause: "A50(1)"), "violation_one_subject_a49_1"),
            (violation(due: "2026-10-01"), "violation_deadline_a49_1"),
        ] {
            try await world.expectRefused(rule) { _ = try await workflow.record(input, by: reviewer) }
            try await world.expectSQLRefused(rule, [insert(input)])
        }
        try await world.expectSQLRefused("violation_found_by_authority_a49_1", [insert(violation(), authority: CatalogWorld.xinchengHealth)])
        // No one decides their own case: an authority never records a violation against itself; the one above does.
        let own = violation(institution: CatalogWorld.xinchengAuthority)
        try await world.expectRefused("violation_not_self_recorded_a49_1") { _ = try await workflow.record(own, by: reviewer) }
        try await world.expectSQLRefused("violation_not_self_recorded_a49_1", [insert(own)])
        let above = try await workflow.record(own, by: world.catalog.hohhotReviewer)
        #expect(above.authority == CatalogWorld.hohhotAuthority)
        try await world.expectRefused { _ = try await workflow.record(self.violation(), by: world.catalog.huiminReviewer) }
        try await world.expectRefused { _ = try await workflow.record(self.violation(), by: world.clerk) }
        let recorded = try await workflow.record(violation(.sourceDepartment, clause: "A51(4)"), by: reviewer)
        #expect(recorded.state == .open && recorded.authority == CatalogWorld.xinchengAuthority && recorded.suspensionID == nil)
        #expect(try await workflow.violations(of: nil, state: .open, by: world.clerk).map(\.id) == [recorded.id])
        _ = try await workflow.violation(recorded.id, by: world.catalog.hohhotReviewer)
        try await world.expectRefused { _ = try await workflow.violation(recorded.id, by: world.catalog.educationClerk) }
        try await world.expectSQLRefused("violation_terms_fixed_a49_1", ["update violation set clause = 'A51(1)' where id = \(recorded.id)"])
        try await world.expectSQLRefused("violation_kept_a49_1", ["delete from violation where id = \(recorded.id)"])
        try await world.drop()
    }

    @Test("a data user's violation suspends its access to the data concerned until rectified (A50.1)")
    func dataUserSuspended() async throws {
        let world = try await OpeningWorld.make()
        let reviewer = world.catalog.xinchengReviewer
        let workflow = ViolationWorkflow(database: world.database)
        var input = violation(.dataUser, institution: nil, account: world.citizen.account.id, clause: "A50(3)")
        input.itemID = world.items["COND-1"]
        let found = input
        let recorded = try await workflow.record(found, by: reviewer)
        #expect(recorded.suspensionID != nil)
        #expect(recorded.dataUser?.maskedCitizenID?.contains("*") == true)
        try await world.expectRefused("open_application_applicant_suspended_a50_1") {
            _ = try await world.applications.file(world.application(), by: world.citizen)
        }
        _ = try await world.applications.file(world.application(), by: world.company)
        #expect(try await workflow.violations(of: nil, state: nil, by: world.citizen).map(\.id) == [recorded.id])

        try await world.expectRefused("violation_closed_a49_1") { _ = try await workflow.close(recorded.id, .rectified(outcome: " "), by: reviewer) }
        try await world.expectRefused("violation_referral_after_deadline_a49_1") {
            _ = try await workflow.close(recorded.id, .referred(to: "市场监管部门", outcome: "拒不整改"), by: reviewer)
        }
        // 回民区 is not over 新城区, whose data it concerns.
        try await world.expectRefused { _ = try await workflow.close(recorded.id, .rectified(outcome: "已整改"), by: world.catalog.huiminReviewer) }
        let rectified = try await workflow.close(recorded.id, .rectified(outcome: "已删除超范围留存的数据并提交整改报告"), by: reviewer)
        #expect(rectified.state == .rectified && rectified.closedOn != nil)
        _ = try await world.applications.file(world.application(), by: world.citizen)
        try await world.expectRefused("violation_transition_a49_1") {
            _ = try await workflow.close(recorded.id, .rectified(outcome: "再次整改"), by: reviewer)
        }
        try await world.drop()
    }

    @Test("after the deadline an unrectified violation is referred, naming the department; it stays in the open list until then")
    func referral() async throws {
        let world = try await OpeningWorld.make()
        let reviewer = world.catalog.xinchengReviewer
        let workflow = ViolationWorkflow(database: world.database)
        let recorded = try await workflow.record(violation(clause: "A49(4)", due: "2026-10-16"), by: reviewer)
        let open = try await world.database.read { connection in
            try connection.query("select working_days_overdue from violations_open_on('2026-10-20')").map {
                try $0.decode("working_days_overdue", as: Int.self)
            }
        }
        #expect(open == [2])
        try await world.expectRefused("violation_referred_to_a49_1") {
            _ = try await workflow.close(recorded.id, .referred(to: "", outcome: "逾期未整改"), by: reviewer)
        }
        let referred = try await workflow.close(recorded.id, .referred(to: "区纪委监委", outcome: "逾期未整改,情节严重"), by: reviewer)
        #expect(referred.state == .referred && referred.referredTo == "区纪委监委")
        try await world.drop()
    }

    @Test("security checks with findings and measures; usage feedback from data users only (A36.1, A35.2)")
    func securityRecords() async throws {
        let world = try await OpeningWorld.make()
        let records = SecurityRecords(database: world.database)
        let check = NewSecurityCheck(kind: .periodicCheck, checkedOn: day("2026-06-30"), findings: "发现2个弱口令账户", issuesFound: 2)
        try await world.expectRefused("security_check_measures_a36_1") { _ = try await records.record(check, by: world.clerk) }
        var fixed = check
        fixed.measures = "已重置口令并启用双因素认证"
        let measured = fixed
        let recorded = try await records.record(measured, by: world.clerk)
        #expect(recorded.institution == CatalogWorld.xinchengHealth)
        var review = NewSecurityCheck(kind: .riskAssessment, checkedOn: day("2026-09-30"), findings: "共享接口风险可控", issuesFound: 0)
        review.institution = CatalogWorld.xinchengHealth
        let assessment = review
        _ = try await records.record(assessment, by: world.catalog.hohhotReviewer)
        try await world.expectRefused { _ = try await records.record(assessment, by: world.catalog.huiminReviewer) }
        #expect(try await records.checks(of: CatalogWorld.xinchengHealth, by: world.clerk).map(\.kind) == [.riskAssessment, .periodicCheck])

        let feedback = UsageFeedback(itemID: world.items["OPEN-1"]!, period: "2026年第三季度", useDescription: "用于医疗资源地图", securityMeasures: "加密存储")
        try await records.feedback(feedback, by: world.company)
        try await world.expectRefused { try await records.feedback(feedback, by: world.clerk) }
        var blank = feedback
        blank.securityMeasures = ""
        let noMeasures = blank
        try await world.expectRefused("usage_feedback_security_a36_1") { try await records.feedback(noMeasures, by: world.company) }

        // Only data the data user obtained: a conditionally open item once its application is approved.
        var conditional = feedback
        conditional.itemID = world.items["COND-1"]!
        let onConditional = conditional
        try await world.expectRefused("usage_feedback_data_obtained_a36_1") { try await records.feedback(onConditional, by: world.company) }
        let applied = try await world.applications.file(world.application(), by: world.company)
        _ = try await world.applications.reply(to: applied.id, .approve(use: "科研", scope: "医疗机构名称"), by: world.clerk)
        try await records.feedback(onConditional, by: world.company)
        try await world.drop()
    }
}
