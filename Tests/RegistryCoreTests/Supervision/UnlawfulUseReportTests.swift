import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Reports of unlawful use (A46.1): anyone with an account reports, the authority of the division concerned
/// investigates and concludes with an outcome; the reporter's identity is kept but never shown to handlers, in lists
/// or in the audit trail's rows (A44.1). Every rule refused alike through Swift and plain SQL.
@Suite("Reports of unlawful use: recorded, handled by the right authority, the reporter protected (A46.1)")
struct UnlawfulUseReportTests {
    private func day(_ iso: String) -> CivilDate { ShareWorld.day(iso) }

    /// The JSON a handler would receive, to prove what it never contains.
    private func json<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    @Test("A46.1: a data user reports an institution; that division's authority investigates and concludes; 匿名举报人 throughout")
    func handledPath() async throws {
        let world = try await SupervisionCaseWorld.make()
        let input = NewUnlawfulUseReport(
            description: "该机构将共享获得的学生健康数据提供给培训机构",
            subjectInstitution: ShareWorld.requesterUSCC.lowercased(),
            division: "150103"
        )
        let filed = try await world.unlawfulUse.file(input, by: world.citizen)
        #expect(filed.authorityDivision == "150102", "the reported institution's division, whatever the reporter chose")
        #expect(filed.subjectInstitution == ShareWorld.requesterUSCC && filed.subjectInstitutionName == "新城区教育局")
        #expect(filed.state == .received && filed.receivedOn == day(ShareWorld.defaultDay))
        #expect(filed.reporter == UnlawfulUseReport.anonymousReporter)

        // The reporter finds its report; nobody else but the authorities of the division and above.
        #expect(try await world.unlawfulUse.reports(state: nil, by: world.citizen).map(\.id) == [filed.id])
        #expect(try await world.unlawfulUse.reports(state: nil, by: world.company).isEmpty)
        #expect(try await world.unlawfulUse.reports(state: nil, by: world.education).isEmpty)
        #expect(try await world.unlawfulUse.reports(state: nil, by: world.huiminReviewer).isEmpty)
        let queue = try await world.unlawfulUse.reports(state: .received, by: world.xinchengReviewer)
        #expect(queue.map(\.id) == [filed.id])
        #expect(try await world.unlawfulUse.reports(state: nil, by: world.regionReviewer).map(\.id) == [filed.id])

        let investigating = try await world.unlawfulUse.investigate(filed.id, note: "调取共享日志", by: world.xinchengReviewer)
        #expect(investigating.state == .handling && investigating.handlingNote == "调取共享日志")
        try await world.pinDay("2026-11-06")
        let concluded = try await world.unlawfulUse.conclude(filed.id, outcome: "情况属实,已责令整改并记录违规", by: world.xinchengReviewer)
        #expect(concluded.state == .handled && concluded.handledOn == day("2026-11-06"))
        #expect(concluded.outcome == "情况属实,已责令整改并记录违规")

        // What handlers receive never names the reporter: no account id, no name, no citizen number, not even masked.
        let seen = [
            try json(queue), try json(investigating), try json(concluded),
            try json(try await world.unlawfulUse.report(filed.id, by: world.xinchengReviewer)),
            try json(try await world.unlawfulUse.report(filed.id, by: world.hohhotReviewer)),
            try json(try await world.unlawfulUse.reports(state: nil, by: world.regionReviewer)),
        ]
        let dataUserID = try #require(world.citizen.account.dataUserID).uuidString
        for text in seen {
            #expect(text.contains("匿名举报人"))
            for secret in [world.citizen.account.id.uuidString, dataUserID, "张三", "150102********", SupervisionCaseWorld.citizenID] {
                #expect(!text.lowercased().contains(secret.lowercased()), "a handler's response names the reporter (\(secret))")
            }
        }
        #expect(try await world.unlawfulUse.report(filed.id, by: world.citizen).state == .handled, "the reporter follows its report")
        try await world.drop()
    }

    @Test("A46.1 / A44.1: the audit trail redacts the reporter in every row, and the filing row names no actor")
    func auditRedactsReporter() async throws {
        let world = try await SupervisionCaseWorld.make()
        let filed = try await world.unlawfulUse.file(
            NewUnlawfulUseReport(description: "有人在网上出售从开放平台批量抓取的数据", division: "150102"),
            by: world.company
        )
        #expect(filed.authorityDivision == "150102" && filed.subjectInstitution == nil)
        _ = try await world.unlawfulUse.conclude(filed.id, outcome: "已移交网信部门", by: world.xinchengReviewer)
        let rows = try await world.database.read { connection in
            try connection.query(
                """
                select action, coalesce(actor_account::text, actor_role) as actor, after ->> 'reporter_account' as reporter,
                       before ->> 'reporter_account' as before_reporter, before::text || ' ' || after::text as content
                  from audit_log where entity = 'unlawful_use_report' and record_id = \(filed.id.uuidString.lowercased())
                 order by seq
                """
            ).map { row in
                (
                    try row.decode("action", as: String.self), try row.decode("actor", as: String.self),
                    try row.decodeIfPresent("reporter", as: String.self), try row.decodeIfPresent("before_reporter", as: String.self),
                    try row.decodeIfPresent("content", as: String.self) ?? ""
                )
            }
        }
        let reporter = world.company.account.id.uuidString.lowercased()
        #expect(rows.map(\.0) == ["unlawful_use_report.file", "unlawful_use_report.conclude"])
        #expect(rows.map(\.1) == ["anonymous", world.xinchengReviewer.account.id.uuidString.lowercased()])
        #expect(rows.allSatisfy { $0.2 == "[redacted]" })
        #expect(rows.last?.3 == nil, "concluding changes the state, not the reporter: the old values hold what changed")
        #expect(rows.allSatisfy { !$0.4.contains(reporter) }, "the reporter is in no row's content")
        let handlerRows = try await world.database.read { connection in
            try connection.query(
                """
                select count(*) as n from audit_log
                 where position(\(reporter) in coalesce(before::text, '') || coalesce(after::text, '')) > 0
                   and actor_account <> \(world.company.account.id)
                """
            ).first!.decode("n", as: Int.self)
        }
        #expect(handlerRows == 0, "no audit row written by someone else carries the reporter")
        try await world.drop()
    }

    @Test("A46.1: description, one subject, a data user subject, a registered institution, a division with an authority — Swift and SQL alike")
    func filingRules() async throws {
        let world = try await SupervisionCaseWorld.make()
        let citizen = world.citizen
        let cases: [(String, NewUnlawfulUseReport)] = [
            ("unlawful_use_report_description_a46_1", NewUnlawfulUseReport(description: " ", division: "150102")),
            (
                "unlawful_use_report_one_subject_a46_1",
                NewUnlawfulUseReport(description: "超范围使用", subjectInstitution: ShareWorld.requesterUSCC, subjectDataUser: world.company.account.id)
            ),
            (
                "unlawful_use_report_subject_institution_exists_a46_1",
                NewUnlawfulUseReport(description: "超范围使用", subjectInstitution: CatalogWorld.unregistered)
            ),
            (
                "unlawful_use_report_subject_data_user_a46_1",
                NewUnlawfulUseReport(description: "超范围使用", subjectDataUser: world.education.account.id, division: "150102")
            ),
            ("unlawful_use_report_division_a46_1", NewUnlawfulUseReport(description: "超范围使用")),
            ("unlawful_use_report_division_a46_1", NewUnlawfulUseReport(description: "超范围使用", division: "150105")),
        ]
        for (rule, input) in cases {
            try await world.expectSameRefusal(
                rule,
                swift: { _ = try await world.unlawfulUse.file(input, by: citizen) },
                sql: [SupervisionCaseWorld.plainUnlawfulInsert(input, account: citizen.account.id)]
            )
        }
        // A data user reported: the authority the reporter chose handles it.
        let aboutUser = try await world.unlawfulUse.file(
            NewUnlawfulUseReport(description: "将有条件开放数据转卖", subjectDataUser: world.company.account.id, division: "150103"),
            by: citizen
        )
        #expect(aboutUser.authorityDivision == "150103" && aboutUser.subjectDataUser?.name == "某科技公司")
        try await world.drop()
    }

    @Test("A46.1: illegal transitions, an outcome required, terms fixed, never deleted — Swift and SQL alike")
    func stepRules() async throws {
        let world = try await SupervisionCaseWorld.make()
        let reviewer = world.xinchengReviewer
        let report = try await world.unlawfulUse.file(
            NewUnlawfulUseReport(description: "超范围使用", subjectInstitution: ShareWorld.sourceUSCC),
            by: world.education
        )
        let id = report.id
        try await world.expectSameRefusal(
            "unlawful_use_report_outcome_a46_1",
            swift: { _ = try await world.unlawfulUse.conclude(id, outcome: "  ", by: reviewer) },
            sql: ["update unlawful_use_report set state = 'handled' where id = \(id)"]
        )
        _ = try await world.unlawfulUse.investigate(id, note: nil, by: reviewer)
        try await world.expectSameRefusal(
            "unlawful_use_report_transition_a46_1",
            swift: { _ = try await world.unlawfulUse.investigate(id, note: nil, by: reviewer) },
            sql: ["update unlawful_use_report set state = 'received' where id = \(id)"]
        )
        _ = try await world.unlawfulUse.conclude(id, outcome: "经核查不属实", by: reviewer)
        try await world.expectSameRefusal(
            "unlawful_use_report_transition_a46_1",
            swift: { _ = try await world.unlawfulUse.conclude(id, outcome: "再次办结", by: reviewer) },
            sql: ["update unlawful_use_report set state = 'handling' where id = \(id)"]
        )
        try await world.expectSQLRefused(
            "unlawful_use_report_terms_fixed_a46_1",
            ["update unlawful_use_report set reporter_account = \(reviewer.account.id) where id = \(id)"]
        )
        try await world.expectSQLRefused(
            "unlawful_use_report_terms_fixed_a46_1",
            ["update unlawful_use_report set authority_division = '150103' where id = \(id)"]
        )
        try await world.expectSQLRefused("unlawful_use_report_kept_a46_1", ["delete from unlawful_use_report where id = \(id)"])
        try await world.drop()
    }

    @Test("A46.1: only reviewers of the report's authority handle it; the authorities above read it; nobody else but the reporter")
    func authorisation() async throws {
        let world = try await SupervisionCaseWorld.make()
        let report = try await world.unlawfulUse.file(
            NewUnlawfulUseReport(description: "超范围使用", subjectInstitution: ShareWorld.sourceUSCC),
            by: world.citizen
        )
        let id = report.id
        for actor in [world.hohhotReviewer, world.regionReviewer, world.huiminReviewer, world.provider, world.citizen, world.committee, world.admin] {
            try await world.expectForbidden { _ = try await world.unlawfulUse.investigate(id, note: nil, by: actor) }
            try await world.expectForbidden { _ = try await world.unlawfulUse.conclude(id, outcome: "办结", by: actor) }
        }
        for actor in [world.huiminReviewer, world.provider, world.education, world.company, world.committee, world.admin] {
            try await world.expectForbidden { _ = try await world.unlawfulUse.report(id, by: actor) }
        }
        for actor in [world.xinchengReviewer, world.hohhotReviewer, world.regionReviewer, world.citizen] {
            #expect(try await world.unlawfulUse.report(id, by: actor).id == id)
        }
        let auditor = try await world.database.actor(for: NewAccount(role: .auditor, displayName: "审计人员"))
        try await world.expectForbidden {
            _ = try await world.unlawfulUse.file(NewUnlawfulUseReport(description: "超范围使用", division: "150102"), by: auditor)
        }
        // Staff report too (任何单位和个人): a clerk, a reviewer, the committee.
        for actor in [world.provider, world.huiminReviewer, world.committee] {
            let filed = try await world.unlawfulUse.file(NewUnlawfulUseReport(description: "超范围使用", division: "150102"), by: actor)
            #expect(try await world.unlawfulUse.report(filed.id, by: actor).reporter == UnlawfulUseReport.anonymousReporter)
        }
        try await world.drop()
    }
}
