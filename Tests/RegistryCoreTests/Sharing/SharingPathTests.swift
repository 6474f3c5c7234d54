import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Each path of a share request, with every due date checked against the Swift calendar (A23.1–A23.3, W.1).
@Suite("Share requests: granted, approved and delivered, refused, verification, withdrawn — due dates in working days")
struct SharingPathTests {
    private let calendar: WorkingDayCalendar

    init() throws {
        calendar = try ShareWorld.calendar()
    }

    private func day(_ iso: String) -> CivilDate { ShareWorld.day(iso) }

    @Test("an unconditional item is granted at once; delivery is due 5 working days later, across National Day (A23.1)")
    func unconditionalGrantedAtOnce() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-09-29")
        let request = try await world.file(world.input(world.unconditional, items: ["机构名称", "执业范围"]))
        #expect(request.state == .approved)
        #expect(request.shareType == .unconditional)
        #expect(request.receivedOn == day("2026-09-29"))
        #expect(request.repliedOn == day("2026-09-29"))
        #expect(request.approvedItems == ["机构名称", "执业范围"])
        #expect(request.deliveryDue == (try calendar.dueDate(from: day("2026-09-29"), workingDays: 5)))
        #expect(request.deliveryDue == day("2026-10-12"))
        #expect(request.isAuthorised(on: day("2026-12-31")))
        #expect(!request.isAuthorised(on: day("2027-01-01")))
        let history = try await world.workflow.detail(request.id, by: world.requester).history
        #expect(history.map(\.state) == [.submitted, .approved])
        #expect(history.last?.due == request.deliveryDue)
        #expect(history.first?.actorAccount == world.requester.account.id)
        try await world.drop()
    }

    @Test("conditional: received 2026-09-29, reply due after National Day, approved, delivered within 5 working days (A23.2)")
    func conditionalApprovedAndDelivered() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-09-29")
        let filed = try await world.file(world.input(world.conditional))
        #expect(filed.state == .submitted)
        #expect(filed.replyDue == (try calendar.dueDate(from: day("2026-09-29"), workingDays: 5)))
        #expect(filed.replyDue == day("2026-10-12"))
        #expect(filed.deliveryDue == nil)

        try await world.pinDay("2026-10-09")
        let approved = try await world.workflow.reply(to: filed.id, .approve(dataItems: ["机构名称"]), by: world.source).request
        #expect(approved.state == .approved)
        #expect(approved.repliedOn == day("2026-10-09"))
        #expect(approved.approvedItems == ["机构名称"])
        // 2026-10-10 is an adjusted working Saturday (调休上班).
        #expect(approved.deliveryDue == (try calendar.dueDate(from: day("2026-10-09"), workingDays: 5)))
        #expect(approved.deliveryDue == day("2026-10-15"))

        try await world.pinDay("2026-10-15")
        let detail = try await world.workflow.deliver(filed.id, note: "已通过接口开通", by: world.source)
        #expect(detail.request.state == .delivered)
        #expect(detail.request.deliveredOn == day("2026-10-15"))
        #expect(detail.history.map(\.state) == [.submitted, .approved, .delivered])
        #expect(detail.history.map(\.due) == [day("2026-10-12"), day("2026-10-15"), nil])
        #expect(detail.history.map(\.actorAccount) == [world.requester.account.id, world.source.account.id, world.source.account.id])
        #expect(detail.history.last?.note == "已通过接口开通")
        try await world.drop()
    }

    @Test("received just before the Spring Festival 2026: the reply is due after the holiday (W.1)")
    func receivedBeforeSpringFestival() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-02-13")
        let filed = try await world.file(world.input(world.conditional, endDate: "2026-03-31"))
        #expect(filed.replyDue == (try calendar.dueDate(from: day("2026-02-13"), workingDays: 5)))
        #expect(filed.replyDue == day("2026-02-27"))
        try await world.drop()
    }

    @Test("received on an adjusted working Saturday (2026-10-10) and late at night in UTC (Asia/Shanghai counts, W.1)")
    func receivedOnAdjustedWeekendAndAtNight() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-10-10")
        let saturday = try await world.file(world.input(world.conditional))
        #expect(saturday.receivedOn == day("2026-10-10"))
        #expect(saturday.replyDue == (try calendar.dueDate(from: day("2026-10-10"), workingDays: 5)))
        #expect(saturday.replyDue == day("2026-10-16"))

        // 2026-09-28 23:30 UTC is 2026-09-29 07:30 in Asia/Shanghai: received on the 29th.
        let receiptDay = try await world.database.read {
            try $0.query("select civil_date('2026-09-28 23:30:00+00') as day").first!.decode("day", as: CivilDate.self)
        }
        #expect(receiptDay == day("2026-09-29"))
        try await world.pinDay("2026-09-29")
        let night = try await world.file(world.input(world.conditional))
        #expect(night.receivedOn == day("2026-09-29"))
        #expect(night.replyDue == day("2026-10-12"))
        try await world.drop()
    }

    @Test("a refusal carries its reason and legal basis into the request and its history (A23.2)")
    func refusedWithBasis() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-11-02")
        let filed = try await world.file(world.input(world.conditional))
        let detail = try await world.workflow.reply(
            to: filed.id,
            .refuse(reason: "申请用途与共享条件不符", legalBasis: "《中华人民共和国个人信息保护法》第二十八条"),
            by: world.source
        )
        #expect(detail.request.state == .refused)
        #expect(detail.request.stateLabel == "已拒绝")
        #expect(detail.request.refusalReason == "申请用途与共享条件不符")
        #expect(detail.request.refusalLegalBasis == "《中华人民共和国个人信息保护法》第二十八条")
        #expect(detail.request.repliedOn == day("2026-11-02"))
        #expect(detail.request.approvedItems == nil)
        #expect(detail.history.map(\.state) == [.submitted, .refused])
        #expect(detail.history.last?.note?.contains("第二十八条") == true)
        try await world.drop()
    }

    @Test("a not-shared item takes a verification or comparison request, which waits for the source (A23.3)")
    func verificationOfNotSharedItem() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-11-02")
        let verification = try await world.file(world.input(world.notShared, items: ["统一社会信用代码"], purpose: .verification))
        #expect(verification.state == .submitted)
        #expect(verification.shareType == .notShared)
        let comparison = try await world.file(world.input(world.notShared, items: ["机构名称"], purpose: .comparison))
        #expect(comparison.state == .submitted)
        #expect(comparison.replyDue == (try calendar.dueDate(from: day("2026-11-02"), workingDays: 5)))
        try await world.drop()
    }

    @Test("the requester withdraws a submitted request and an approved one; the history shows it (A23.2)")
    func withdrawn() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-11-02")
        let submitted = try await world.file(world.input(world.conditional))
        let granted = try await world.file(world.input(world.unconditional))
        let first = try await world.workflow.withdraw(submitted.id, reason: "需求取消", by: world.requester)
        let second = try await world.workflow.withdraw(granted.id, reason: nil, by: world.secondRequesterClerk)
        #expect(first.request.state == .withdrawn)
        #expect(first.request.withdrawnOn == day("2026-11-02"))
        #expect(first.request.approvedItems == nil)
        #expect(first.history.map(\.state) == [.submitted, .withdrawn])
        #expect(first.history.last?.note == "需求取消")
        #expect(second.request.state == .withdrawn)
        #expect(second.request.approvedItems == ShareWorld.allItems)
        try await world.drop()
    }

    @Test("every transition writes the audit trail (A44.1)")
    func auditTrail() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-11-02")
        let filed = try await world.file(world.input(world.conditional))
        _ = try await world.workflow.reply(to: filed.id, .approve(dataItems: nil), by: world.source)
        let actions = try await world.database.read { connection in
            try connection.query(
                """
                select action from audit_log where entity = 'share_request' and record_id = \(filed.id.uuidString.lowercased())
                 order by seq
                """
            ).map { try $0.decode("action", as: String.self) }
        }
        #expect(actions == ["share_request.file", "share_request.approve"])
        try await world.drop()
    }

    @Test("a request across divisions records its route through the authorities; one within a division none (A25.1)")
    func crossLevelRoute() async throws {
        let world = try await ShareWorld.make()
        let local = try await world.file(world.input(world.unconditional))
        #expect(local.route.isEmpty)

        let huimin = world.catalog.huiminClerk
        let across = try await world.workflow.file(world.input(world.unconditional), by: huimin).request
        #expect(across.route == ["150103", "150100", "150102"])
        let city = try await world.workflow.file(world.input(world.unconditional), by: world.catalog.transportClerk).request
        #expect(city.route == ["150100", "150102"])

        let error = await refusal {
            try await world.catalog.database.write(AuditContext(role: "psql")) {
                _ = try $0.query("update share_request set state = 'withdrawn', route = '{150102}' where id = \(across.id)")
            }
        }
        #expect(error == RuleCatalog.rule(forConstraint: "share_request_route_kept_a25_1")?.error)
        try await world.drop()
    }
}
