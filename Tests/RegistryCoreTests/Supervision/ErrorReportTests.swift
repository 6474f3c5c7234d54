import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Error reports (A45.1): the item is marked while a report is open, the provider verifies, handles with feedback or
/// rejects with the reason, related institutions are notified, the handling deadline follows the year's policy and
/// overdue reports are computed when asked (W.1). Every rule refused alike through Swift and plain SQL; every step
/// audited (A44.1); only the provider's clerks handle a report.
@Suite("Error reports: marked, verified, handled with feedback, related institutions notified (A45.1)")
struct ErrorReportTests {
    private let calendar: WorkingDayCalendar

    init() throws {
        calendar = try ShareWorld.calendar()
    }

    private func day(_ iso: String) -> CivilDate { ShareWorld.day(iso) }

    /// 新城区教育局 holds MED-001 through an approved request, 呼和浩特市交通运输局 through a delivered one; 回民区民政局
    /// has only a pending request for MED-002 and a withdrawn one for MED-001.
    private func holders(_ world: SupervisionCaseWorld) async throws {
        let share = world.share
        _ = try await share.file(share.input(share.unconditional))
        let transport = try await share.workflow.file(share.input(share.unconditional), by: world.transport).request
        _ = try await share.workflow.deliver(transport.id, note: nil, by: world.provider)
        _ = try await share.workflow.file(share.input(share.conditional), by: world.civilAffairs)
        let withdrawn = try await share.workflow.file(share.input(share.unconditional), by: world.civilAffairs).request
        _ = try await share.workflow.withdraw(withdrawn.id, reason: nil, by: world.civilAffairs)
    }

    @Test("A45.1: a data user reports an error; the item is marked, holders notified, verified, handled with feedback")
    func handledPath() async throws {
        let world = try await SupervisionCaseWorld.make()
        try await holders(world)
        let item = world.share.unconditional
        #expect(try await world.errorReports.mark(of: item, by: world.citizen).marked == false)

        let filed = try await world.errorReports.file(world.errorInput(), by: world.citizen)
        #expect(filed.state == .received)
        #expect(filed.provider == ShareWorld.sourceUSCC && filed.itemCode == "MED-001")
        #expect(filed.receivedOn == day(ShareWorld.defaultDay))
        #expect(filed.handlingWorkingDays == 5)
        #expect(filed.handlingDue == (try calendar.dueDate(from: day(ShareWorld.defaultDay), workingDays: 5)))
        #expect(filed.reporterInstitution == nil)
        #expect(filed.reporterDataUser?.name == "张三")
        #expect(filed.reporterDataUser?.maskedCitizenID?.contains("********") == true, "A13.1: only masked")
        #expect(!filed.overdue)

        // The mark, visible to every account, without the reporter.
        for reader in [world.company, world.education, world.huiminReviewer, world.committee] {
            let mark = try await world.errorReports.mark(of: item, by: reader)
            #expect(mark.marked && mark.openReports == 1 && mark.kinds == [.error])
            #expect(mark.markedSince == day(ShareWorld.defaultDay) && mark.earliestDue == filed.handlingDue)
            #expect(mark.reports.map(\.number) == [filed.number])
        }
        #expect(try await world.errorReports.mark(of: world.share.conditional, by: world.citizen).marked == false)

        // A45.1 通报: one notice for each institution holding an approved or delivered request on the item.
        let marked = try await world.errorReports.notices(to: nil, by: world.education)
        #expect(marked.map(\.event) == [.marked])
        #expect(marked.first?.note == "数据错误:执业范围与登记证不一致")
        #expect(marked.first?.reportID == filed.id && marked.first?.itemCode == "MED-001")
        #expect(try await world.errorReports.notices(to: nil, by: world.transport).map(\.event) == [.marked])
        #expect(try await world.errorReports.notices(to: nil, by: world.civilAffairs).isEmpty)
        #expect(try await world.errorReports.notices(to: nil, by: world.provider).isEmpty)
        let noticed = try await world.database.read { connection in
            try connection.query("select institution_uscc from error_report_notice where event = 'marked' order by institution_uscc")
                .map { try $0.decode("institution_uscc", as: String.self) }
        }
        #expect(noticed == [CatalogWorld.hohhotTransport, ShareWorld.requesterUSCC].sorted())

        let verifying = try await world.errorReports.verify(filed.id, note: "与登记证核对", by: world.provider)
        #expect(verifying.state == .verifying && verifying.verifyingOn == day(ShareWorld.defaultDay))
        #expect(try await world.errorReports.mark(of: item, by: world.citizen).marked, "still marked while verifying")

        try await world.pinDay("2026-11-04")
        let handled = try await world.errorReports.close(filed.id, .handled(feedback: "已更正执业范围并重新发布"), by: world.provider)
        #expect(handled.state == .handled && handled.closedOn == day("2026-11-04"))
        #expect(handled.feedback == "已更正执业范围并重新发布")
        #expect(try await world.errorReports.mark(of: item, by: world.citizen).marked == false)
        let afterHandling = try await world.errorReports.notices(to: nil, by: world.education)
        #expect(afterHandling.map(\.event) == [.handled, .marked])
        #expect(afterHandling.first?.note == "已更正执业范围并重新发布")
        #expect(afterHandling.first?.shareRequestNumbers.count == 1)

        // The reporter follows its own report; the provider and the authorities over it follow it too.
        #expect(try await world.errorReports.reports(of: nil, state: nil, by: world.citizen).map(\.id) == [filed.id])
        #expect(try await world.errorReports.reports(of: nil, state: .handled, by: world.provider).map(\.id) == [filed.id])
        _ = try await world.errorReports.report(filed.id, by: world.hohhotReviewer)

        // A44.1: every step is in the audit trail with its actor and action.
        let audit = try await world.database.read { connection in
            try connection.query(
                """
                select action, actor_account from audit_log where entity = 'error_report' and record_id = \(filed.id.uuidString.lowercased())
                 order by seq
                """
            ).map { "\(try $0.decode("action", as: String.self)) \(try $0.decode("actor_account", as: UUID.self))" }
        }
        #expect(
            audit == [
                "error_report.file \(world.citizen.account.id)", "error_report.verify \(world.provider.account.id)",
                "error_report.handle \(world.provider.account.id)",
            ]
        )
        try await world.drop()
    }

    @Test("A45.1: a clerk of another institution reports an omission; verified, then rejected with the reason")
    func rejectedPath() async throws {
        let world = try await SupervisionCaseWorld.make()
        try await holders(world)
        let filed = try await world.errorReports.file(world.errorInput(kind: .omission, description: "缺少2025年新增机构"), by: world.education)
        #expect(filed.reporterInstitution == ShareWorld.requesterUSCC && filed.reporterDataUser == nil)
        #expect(try await world.errorReports.reports(of: nil, state: nil, by: world.education).map(\.id) == [filed.id])
        _ = try await world.errorReports.verify(filed.id, note: nil, by: world.provider)
        let rejected = try await world.errorReports.close(filed.id, .rejected(reason: "该机构2026年方完成登记,数据无遗漏"), by: world.provider)
        #expect(rejected.state == .rejected && rejected.rejectionReason == "该机构2026年方完成登记,数据无遗漏")
        #expect(try await world.errorReports.notices(to: nil, by: world.transport).map(\.event) == [.rejected, .marked])
        #expect(try await world.errorReports.mark(of: world.share.unconditional, by: world.education).marked == false)
        try await world.drop()
    }

    @Test("A45.1: description, a published item and a reporter other than the provider — refused alike by Swift and SQL")
    func filingRules() async throws {
        let world = try await SupervisionCaseWorld.make()
        let (citizen, provider) = (world.citizen, world.provider)
        let blank = world.errorInput(description: "  ")
        try await world.expectSameRefusal(
            "error_report_description_a45_1",
            swift: { _ = try await world.errorReports.file(blank, by: citizen) },
            sql: [SupervisionCaseWorld.plainErrorInsert(blank, account: citizen.account.id)]
        )
        let draft = try await world.catalog.write(as: provider) { connection in
            let store = CatalogStore()
            let catalogID = try connection.query("select id from catalog where institution_uscc = \(ShareWorld.sourceUSCC)::text")
                .first!.decode("id", as: UUID.self)
            let version = try store.openDraft(of: catalogID, on: connection)
            return try store.addItem(code: "MED-009", fields: CatalogWorld.fields("草稿条目"), to: version.id, on: connection).itemID
        }
        for item in [draft, UUID()] {
            let unpublished = world.errorInput(item)
            try await world.expectSameRefusal(
                "error_report_item_published_a45_1",
                swift: { _ = try await world.errorReports.file(unpublished, by: citizen) },
                sql: [SupervisionCaseWorld.plainErrorInsert(unpublished, account: citizen.account.id)]
            )
        }
        // With several faults, Swift and SQL name the same first one: the description before the item.
        let twoFaults = NewErrorReport(itemID: draft, kind: .other, description: "")
        try await world.expectSameRefusal(
            "error_report_description_a45_1",
            swift: { _ = try await world.errorReports.file(twoFaults, by: citizen) },
            sql: [SupervisionCaseWorld.plainErrorInsert(twoFaults, account: citizen.account.id)]
        )
        let own = world.errorInput()
        try await world.expectSameRefusal(
            "error_report_reporter_a45_1",
            swift: { _ = try await world.errorReports.file(own, by: provider) },
            sql: [SupervisionCaseWorld.plainErrorInsert(own, account: provider.account.id)]
        )
        let reviewer = world.xinchengReviewer
        try await world.expectSameRefusal(
            "error_report_reporter_a45_1",
            swift: { _ = try await world.asStore(reviewer) { try ErrorReportStore().file(own, reporter: reviewer.account.id, on: $0) } },
            sql: [SupervisionCaseWorld.plainErrorInsert(own, account: reviewer.account.id)]
        )
        try await world.drop()
    }

    @Test("A45.1, A46.1, A47.1: every constraint named in the migration has its rule, and every rule names its article")
    func rulesCoverTheMigration() throws {
        let file = ProjectDirectory.sql.appendingPathComponent("0026_error_reports_and_disputes.sql")
        let text = try String(contentsOf: file, encoding: .utf8)
        let names = Set(text.matches(of: /'?((?:error_report|unlawful_use_report|dispute)_[a-z_]+_(?:a\d+_\d+))'?/).map { String($0.1) })
        #expect(names.count > 30)
        for name in names {
            #expect(RuleCatalog.rule(forConstraint: name) != nil, "\(name) has no rule")
            #expect(["A45.1", "A46.1", "A47.1"].contains(RuleCatalog.rule(forConstraint: name)?.article ?? ""), "\(name)")
        }
    }

    @Test("A45.1: illegal transitions, feedback and reason required, terms fixed, never deleted, notices by the database only")
    func stepRules() async throws {
        let world = try await SupervisionCaseWorld.make()
        try await holders(world)
        let provider = world.provider
        let report = try await world.errorReports.file(world.errorInput(), by: world.citizen)
        let id = report.id
        try await world.expectSameRefusal(
            "error_report_transition_a45_1",
            swift: { _ = try await world.errorReports.close(id, .handled(feedback: "已更正"), by: provider) },
            sql: ["update error_report set state = 'handled', feedback = '已更正' where id = \(id)"]
        )
        try await world.expectSameRefusal(
            "error_report_transition_a45_1",
            swift: { _ = try await world.errorReports.close(id, .rejected(reason: "无误"), by: provider) },
            sql: ["update error_report set state = 'rejected', rejection_reason = '无误' where id = \(id)"]
        )
        _ = try await world.errorReports.verify(id, note: nil, by: provider)
        try await world.expectSameRefusal(
            "error_report_transition_a45_1",
            swift: { _ = try await world.errorReports.verify(id, note: nil, by: provider) },
            sql: ["update error_report set state = 'received' where id = \(id)"]
        )
        try await world.expectSameRefusal(
            "error_report_feedback_a45_1",
            swift: { _ = try await world.errorReports.close(id, .handled(feedback: " "), by: provider) },
            sql: ["update error_report set state = 'handled' where id = \(id)"]
        )
        try await world.expectSameRefusal(
            "error_report_rejection_reason_a45_1",
            swift: { _ = try await world.errorReports.close(id, .rejected(reason: ""), by: provider) },
            sql: ["update error_report set state = 'rejected', rejection_reason = '' where id = \(id)"]
        )
        _ = try await world.errorReports.close(id, .rejected(reason: "数据无误"), by: provider)
        try await world.expectSameRefusal(
            "error_report_transition_a45_1",
            swift: { _ = try await world.errorReports.close(id, .handled(feedback: "已更正"), by: provider) },
            sql: ["update error_report set state = 'handled', feedback = '已更正' where id = \(id)"]
        )
        try await world.expectSQLRefused(
            "error_report_terms_fixed_a45_1",
            ["update error_report set handling_due = '2026-12-31' where id = \(id)"]
        )
        try await world.expectSQLRefused("error_report_terms_fixed_a45_1", ["update error_report set description = '改写' where id = \(id)"])
        try await world.expectSQLRefused("error_report_kept_a45_1", ["delete from error_report where id = \(id)"])
        try await world.expectSQLRefused(
            "error_report_notice_written_by_trigger_a45_1",
            ["update error_report_notice set note = '改写' where report_id = \(id)"]
        )
        try await world.expectSQLRefused("error_report_notice_written_by_trigger_a45_1", ["delete from error_report_notice"])
        try await world.expectSQLRefused(
            "error_report_notice_written_by_trigger_a45_1",
            [
                """
                insert into error_report_notice (report_id, institution_uscc, event, share_request_nos, created_at, created_on)
                values (\(id), \(CatalogWorld.huiminCivilAffairs), 'marked', '{}', now(), current_date)
                """
            ]
        )
        try await world.drop()
    }

    @Test("A45.1: only clerks of the providing institution verify, handle or reject; readers are the parties and authorities above")
    func authorisation() async throws {
        let world = try await SupervisionCaseWorld.make()
        let input = world.errorInput()
        for actor in [world.xinchengReviewer, world.committee, world.admin] {
            try await world.expectForbidden { _ = try await world.errorReports.file(input, by: actor) }
        }
        let report = try await world.errorReports.file(input, by: world.citizen)
        let id = report.id
        for actor in [world.education, world.civilAffairs, world.xinchengReviewer, world.regionReviewer, world.citizen, world.committee] {
            try await world.expectForbidden { _ = try await world.errorReports.verify(id, note: nil, by: actor) }
        }
        _ = try await world.errorReports.verify(id, note: nil, by: world.provider)
        for actor in [world.education, world.xinchengReviewer, world.citizen] {
            try await world.expectForbidden { _ = try await world.errorReports.close(id, .handled(feedback: "已更正"), by: actor) }
            try await world.expectForbidden { _ = try await world.errorReports.close(id, .rejected(reason: "无误"), by: actor) }
        }
        for actor in [world.company, world.education, world.huiminReviewer, world.committee] {
            try await world.expectForbidden { _ = try await world.errorReports.report(id, by: actor) }
        }
        for actor in [world.citizen, world.provider, world.xinchengReviewer, world.hohhotReviewer, world.regionReviewer] {
            #expect(try await world.errorReports.report(id, by: actor).id == id)
        }
        try await world.expectForbidden { _ = try await world.errorReports.reports(of: ShareWorld.sourceUSCC, state: nil, by: world.education) }
        try await world.expectForbidden { _ = try await world.errorReports.reports(of: ShareWorld.sourceUSCC, state: nil, by: world.huiminReviewer) }
        try await world.expectForbidden { _ = try await world.errorReports.notices(to: ShareWorld.requesterUSCC, by: world.provider) }
        try await world.expectForbidden { _ = try await world.errorReports.notices(to: nil, by: world.citizen) }
        try await world.expectForbidden { _ = try await world.errorReports.dueList(of: ShareWorld.sourceUSCC, within: 3, by: world.education) }
        #expect(try await world.errorReports.reports(of: nil, state: nil, by: world.company).isEmpty, "a data user sees only its own")
        try await world.drop()
    }

    @Test("A45.1 / W.1: due 5 working days after receipt across National Day; overdue computed on the day asked, never stored")
    func overdueAcrossHoliday() async throws {
        let world = try await SupervisionCaseWorld.make()
        try await world.pinDay("2026-09-29")
        let report = try await world.errorReports.file(world.errorInput(), by: world.citizen)
        // 2026-10-01 … 10-07 are the National Day holiday; 2026-10-10 is an adjusted working Saturday (调休上班).
        #expect(report.handlingDue == (try calendar.dueDate(from: day("2026-09-29"), workingDays: 5)))
        #expect(report.handlingDue == day("2026-10-12"))
        let stored = try await world.snapshot()

        func due(_ on: String, within: Int) async throws -> [ErrorReportDueItem] {
            try await world.errorReports.dueList(of: nil, on: day(on), within: within, by: world.provider)
        }
        #expect(try calendar.workingDays(from: day("2026-09-30"), to: day("2026-10-12")) == 4)
        #expect(try await due("2026-09-30", within: 3).isEmpty)
        let soon = try await due("2026-09-30", within: 4)
        #expect(soon.map(\.id) == [report.id] && soon.first?.workingDaysLeft == 4 && soon.first?.overdue == false)
        #expect(try await due("2026-10-12", within: 0).first?.overdue == false)
        let late = try await due("2026-10-13", within: 0)
        #expect(late.first?.overdue == true && late.first?.workingDaysLeft == -1)
        let reviewerView = try await world.errorReports.dueList(of: ShareWorld.sourceUSCC, on: day("2026-10-13"), within: 0, by: world.hohhotReviewer)
        #expect(reviewerView.map(\.id) == [report.id])

        // The report reads overdue once the clock passes its due date, though nothing stored changed.
        try await world.pinDay("2026-10-12")
        #expect(try await world.errorReports.report(report.id, by: world.provider).overdue == false)
        try await world.pinDay("2026-10-13")
        #expect(try await world.errorReports.report(report.id, by: world.provider).overdue == true)
        #expect(try await world.snapshot() == stored)

        // Verified and handled late: no longer on the due list, no longer overdue.
        _ = try await world.errorReports.verify(report.id, note: nil, by: world.provider)
        let handled = try await world.errorReports.close(report.id, .handled(feedback: "已更正"), by: world.provider)
        #expect(!handled.overdue)
        #expect(try await due("2026-10-13", within: 10).isEmpty)
        try await world.drop()
    }

    @Test("A45.1: the region's authority sets the handling days per year (1–60); the due date follows the year of receipt")
    func policy() async throws {
        let world = try await SupervisionCaseWorld.make()
        let region = world.regionReviewer
        for days in [0, 61] {
            let policy = ErrorReportPolicy(year: 2026, handlingWorkingDays: days)
            try await world.expectSameRefusal(
                "error_report_policy_working_days_a45_1",
                swift: { _ = try await world.errorReports.setPolicy(policy, by: region) },
                sql: ["insert into error_report_policy (year, handling_working_days) values (2026, \(days))"]
            )
        }
        let ten = ErrorReportPolicy(year: 2026, handlingWorkingDays: 10, note: "自治区纠错处理办法")
        for actor in [world.xinchengReviewer, world.hohhotReviewer, world.provider, world.citizen, world.committee] {
            try await world.expectForbidden { _ = try await world.errorReports.setPolicy(ten, by: actor) }
        }
        _ = try await world.errorReports.setPolicy(ten, by: region)
        _ = try await world.errorReports.setPolicy(ErrorReportPolicy(year: 2024, handlingWorkingDays: 3), by: world.admin)
        #expect(try await world.errorReports.policies(by: world.citizen).map(\.year) == [2024, 2026])

        try await world.pinDay("2025-12-30")
        let old = try await world.errorReports.file(world.errorInput(), by: world.citizen)
        #expect(old.handlingWorkingDays == ErrorReportPolicy.defaultWorkingDays)
        #expect(old.handlingDue == (try calendar.dueDate(from: day("2025-12-30"), workingDays: 5)))
        try await world.pinDay("2026-09-29")
        let new = try await world.errorReports.file(world.errorInput(kind: .omission, description: "缺少执业地址"), by: world.company)
        #expect(new.handlingWorkingDays == 10)
        #expect(new.handlingDue == (try calendar.dueDate(from: day("2026-09-29"), workingDays: 10)))
        // A later change of the policy does not move a due date already stamped.
        _ = try await world.errorReports.setPolicy(ErrorReportPolicy(year: 2026, handlingWorkingDays: 20), by: region)
        #expect(try await world.errorReports.report(new.id, by: world.company).handlingDue == new.handlingDue)
        try await world.drop()
    }
}
