import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// Each path of a demand for data outside the catalog, with every due date checked against the Swift calendar
/// (A24.1, A25.1, W.1).
@Suite("Demands outside the catalog: reviewed, confirmed and delivered, promised date, refused, rejected, routed")
struct ShareDemandPathTests {
    private let calendar: WorkingDayCalendar

    init() throws {
        calendar = try ShareWorld.calendar()
    }

    private func day(_ iso: String) -> CivilDate { ShareWorld.day(iso) }

    @Test("reviewed, confirmed 5 working days after receipt and delivered 7 after the reply, across National Day (A24.1)")
    func confirmedAndDelivered() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-09-28")
        let filed = try await world.fileDemand()
        #expect(filed.state == .submitted)
        #expect(filed.authorityDivision == "150102")
        #expect(filed.replyDue == nil && filed.assignedSource == nil && filed.source == ShareWorld.sourceUSCC)
        #expect(try await world.demands.awaitingReview(by: world.reviewer).map(\.id) == [filed.id])

        try await world.pinDay("2026-09-29")
        let forwarded = try await world.demands.review(
            filed.id,
            .forward(source: ShareWorld.sourceUSCC, note: "由卫生健康委确认"),
            by: world.reviewer
        ).demand
        #expect(forwarded.state == .forwarded)
        #expect(forwarded.reviewedOn == day("2026-09-29"))
        #expect(forwarded.replyDue == (try calendar.dueDate(from: day("2026-09-29"), workingDays: 5)))
        #expect(forwarded.replyDue == day("2026-10-12"))
        #expect(forwarded.route.isEmpty)
        #expect(try await world.demands.awaitingReview(by: world.reviewer).isEmpty)

        try await world.pinDay("2026-10-09")
        let confirmed = try await world.demands.reply(to: filed.id, .confirm(processingUntil: nil), by: world.source).demand
        #expect(confirmed.state == .confirmed)
        #expect(confirmed.processingNeeded == false)
        // 2026-10-10 is an adjusted working Saturday (调休上班).
        #expect(confirmed.deliveryDue == (try calendar.dueDate(from: day("2026-10-09"), workingDays: 7)))
        #expect(confirmed.deliveryDue == day("2026-10-19"))
        let responsibilities = try await world.workflow.list(.responsibility, OversightFilter(), by: world.reviewer)
        #expect(responsibilities.rows.map { $0[0] } == ["目录外需求"])
        #expect(responsibilities.rows.first?[7] == "辖区中小学生年度体检结果")

        try await world.pinDay("2026-10-19")
        let detail = try await world.demands.deliver(filed.id, note: "已通过文件下载交付", by: world.source)
        #expect(detail.demand.state == .delivered)
        #expect(detail.demand.deliveredOn == day("2026-10-19"))
        #expect(detail.history.map(\.state) == [.submitted, .forwarded, .confirmed, .delivered])
        #expect(detail.history.map(\.due) == [nil, day("2026-10-12"), day("2026-10-19"), nil])
        #expect(
            detail.history.map(\.actorAccount)
                == [world.requester, world.reviewer, world.source, world.source].map(\.account.id)
        )
        #expect(detail.history[1].note == "转数源部门 \(ShareWorld.sourceUSCC) — 由卫生健康委确认")
        try await world.drop()
    }

    @Test("data that needs processing: the source names the day it can share, never before its reply (A24.1)")
    func promisedDate() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-11-02")
        let demand = try await world.forwardedDemand()
        let source = world.source
        try await world.expectSameRefusal(
            "share_demand_delivery_date_a24_1",
            swift: { _ = try await world.demands.reply(to: demand.id, .confirm(processingUntil: ShareWorld.day("2026-10-30")), by: source) },
            sql: ["update share_demand set state = 'confirmed', processing_needed = true, delivery_due = '2026-10-30' where id = \(demand.id)"]
        )
        let noDate = await refusal {
            try await world.database.write(AuditContext(role: "psql")) {
                _ = try $0.query("update share_demand set state = 'confirmed', processing_needed = true where id = \(demand.id)")
            }
        }
        #expect(noDate == RuleCatalog.rule(forConstraint: "share_demand_delivery_date_a24_1")?.error)

        let confirmed = try await world.demands.reply(to: demand.id, .confirm(processingUntil: day("2026-12-15")), by: source)
        #expect(confirmed.demand.processingNeeded == true)
        #expect(confirmed.demand.deliveryDue == day("2026-12-15"))
        #expect(confirmed.history.last?.note == "需加工处理,告知共享时间 2026-12-15")
        #expect(confirmed.history.last?.due == day("2026-12-15"))
        try await world.drop()
    }

    @Test("forwarded just before the Spring Festival; refused with reason and legal basis, not without (A24.1)")
    func refusedWithBasis() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-02-13")
        let demand = try await world.forwardedDemand()
        #expect(demand.replyDue == (try calendar.dueDate(from: day("2026-02-13"), workingDays: 5)))
        #expect(demand.replyDue == day("2026-02-27"))
        let source = world.source
        try await world.expectSameRefusal(
            "share_demand_refusal_needs_legal_basis_a24_1",
            swift: { _ = try await world.demands.reply(to: demand.id, .refuse(reason: "涉及未成年人健康信息", legalBasis: " "), by: source) },
            sql: ["update share_demand set state = 'refused', refusal_reason = '涉及未成年人健康信息' where id = \(demand.id)"]
        )
        try await world.expectSameRefusal(
            "share_demand_refusal_needs_reason_a24_1",
            swift: { _ = try await world.demands.reply(to: demand.id, .refuse(reason: "", legalBasis: "《未成年人保护法》"), by: source) },
            sql: ["update share_demand set state = 'refused', refusal_legal_basis = '《未成年人保护法》' where id = \(demand.id)"]
        )

        try await world.pinDay("2026-02-26")
        let refused = try await world.demands.reply(
            to: demand.id,
            .refuse(reason: "涉及未成年人健康信息", legalBasis: "《中华人民共和国未成年人保护法》第七十二条"),
            by: source
        )
        #expect(refused.demand.state == .refused)
        #expect(refused.demand.stateLabel == "数源部门拒绝")
        #expect(refused.demand.repliedOn == day("2026-02-26"))
        #expect(refused.demand.deliveryDue == nil)
        #expect(refused.history.last?.note == "涉及未成年人健康信息 — 《中华人民共和国未成年人保护法》第七十二条")
        try await world.drop()
    }

    @Test("the authority does not forward a demand without saying why; with a reason it ends there (A24.1)")
    func rejectedByAuthority() async throws {
        let world = try await ShareWorld.make()
        let demand = try await world.fileDemand()
        let reviewer = world.reviewer
        try await world.expectSameRefusal(
            "share_demand_rejection_reason_a24_1",
            swift: { _ = try await world.demands.review(demand.id, .reject(reason: " "), by: reviewer) },
            sql: ["update share_demand set state = 'rejected' where id = \(demand.id)"]
        )
        try await world.expectSameRefusal(
            "share_demand_source_named_a24_1",
            swift: { _ = try await world.demands.review(demand.id, .forward(source: CatalogWorld.unregistered, note: nil), by: reviewer) },
            sql: ["update share_demand set state = 'forwarded', source_uscc = null where id = \(demand.id)"]
        )
        let rejected = try await world.demands.review(demand.id, .reject(reason: "该数据已列入共享目录,请按目录申请"), by: reviewer)
        #expect(rejected.demand.state == .rejected)
        #expect(rejected.demand.reviewNote == "该数据已列入共享目录,请按目录申请")
        #expect(rejected.history.map(\.state) == [.submitted, .rejected])
        try await world.drop()
    }

    @Test("across divisions the demand records its route through the authorities, who follow it (A25.1)")
    func crossLevelRoute() async throws {
        let world = try await ShareWorld.make()
        let huimin = world.catalog.huiminClerk
        let filed = try await world.fileDemand(by: huimin)
        #expect(filed.authorityDivision == "150103")
        let forwarded = try await world.demands.review(
            filed.id,
            .forward(source: ShareWorld.sourceUSCC, note: nil),
            by: world.catalog.huiminReviewer
        ).demand
        #expect(forwarded.route == ["150103", "150100", "150102"])
        for follower in [world.catalog.huiminReviewer, world.catalog.hohhotReviewer, world.catalog.regionReviewer, world.reviewer] {
            #expect(try await world.demands.detail(filed.id, by: follower).demand.route == forwarded.route)
        }
        let list = try await world.workflow.list(.demand, OversightFilter(), by: world.catalog.hohhotReviewer)
        #expect(list.rows.map { $0.last } == ["150103 → 150100 → 150102"])

        let city = try await world.fileDemand(by: world.catalog.transportClerk)
        let cityForwarded = try await world.demands.review(
            city.id,
            .forward(source: ShareWorld.sourceUSCC, note: nil),
            by: world.catalog.hohhotReviewer
        ).demand
        #expect(cityForwarded.route == ["150100", "150102"])
        try await world.drop()
    }

    @Test("a forwarded or confirmed demand is in the due list of both sides, by the calendar (A24.1, W.1)")
    func dueList() async throws {
        let world = try await ShareWorld.make()
        try await world.pinDay("2026-09-29")
        let demand = try await world.forwardedDemand()
        let items = try await world.workflow.dueList(of: ShareWorld.sourceUSCC, on: day("2026-10-09"), within: 2, by: world.source)
        #expect(items.map(\.kind) == [.demand])
        #expect(items.first?.obligation == .reply && items.first?.side == .source && items.first?.number == demand.number)
        #expect(items.first?.workingDaysLeft == 2)  // 2026-10-10 is an adjusted working Saturday.
        let late = try await world.workflow.dueList(of: ShareWorld.requesterUSCC, on: day("2026-10-13"), within: 0, by: world.requester)
        #expect(late.map(\.overdue) == [true])
        #expect(late.first?.side == .requester)
        try await world.drop()
    }

    @Test("every step writes the audit trail (A44.1)")
    func auditTrail() async throws {
        let world = try await ShareWorld.make()
        let demand = try await world.forwardedDemand()
        _ = try await world.demands.withdraw(demand.id, reason: "需求已由其他渠道满足", by: world.requester)
        let actions = try await world.database.read { connection in
            try connection.query(
                """
                select action from audit_log where entity = 'share_demand' and record_id = \(demand.id.uuidString.lowercased())
                 order by seq
                """
            ).map { try $0.decode("action", as: String.self) }
        }
        #expect(actions == ["share_demand.file", "share_demand.forward", "share_demand.withdraw"])
        try await world.drop()
    }
}
