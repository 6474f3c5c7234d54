import Foundation
import Postgres
import RegistryCore

extension SyntheticRegistry {
    /// The filings of one working day for the three workflows replayed on the timeline.
    struct DayFilings {
        var shareRequests = SyntheticTimeline.Filing(
            table: "share_request",
            columns: ["id", "item_id", "requester_uscc", "requester_account", "scenario", "commitment", "requested_items", "mode", "end_date"]
        )
        var errorReports = SyntheticTimeline.Filing(
            table: "error_report",
            columns: ["id", "item_id", "reporter_account", "kind", "description"]
        )
        var disputes = SyntheticTimeline.Filing(
            table: "dispute",
            columns: ["id", "subject", "description", "party_institutions", "filed_by"]
        )

        var all: [SyntheticTimeline.Filing] { [shareRequests, errorReports, disputes] }
    }

    /// How many of `total` records fall on working day `day` of `days`: spread evenly, adding up exactly.
    static func share(of total: Int, day: Int, days: Int) -> Int { total * (day + 1) / days - total * day / days }

    /// Replays working days `range` of `timeline`: share requests (A23), error reports (A45.1) and disputes (A47.1)
    /// filed, answered, delivered and closed — most on time, some late, some never.
    mutating func replay(_ range: Range<Int>, on timeline: inout SyntheticTimeline, connection: Connection) throws {
        for day in range {
            var filings = DayFilings()
            let count = timeline.days.count
            for _ in 0..<Self.share(of: scale.shareRequests, day: day, days: count) { fileShareRequest(on: day, into: &filings, timeline: &timeline) }
            for _ in 0..<Self.share(of: scale.errorReports, day: day, days: count) { fileErrorReport(on: day, into: &filings, timeline: &timeline) }
            for _ in 0..<Self.share(of: scale.disputes, day: day, days: count) { fileDispute(on: day, into: &filings, timeline: &timeline) }
            try timeline.replay(day: day, filings: filings.all, on: connection)
        }
    }

    private static let approve = SyntheticTimeline.Step(table: "share_request", assignments: "state = 'approved'")
    private static let refuse = SyntheticTimeline.Step(
        table: "share_request",
        assignments: "state = 'refused', refusal_reason = '申请用途超出共享条件', refusal_legal_basis = '《中华人民共和国个人信息保护法》第三十四条'"
    )
    private static let deliver = SyntheticTimeline.Step(table: "share_request", assignments: "state = 'delivered', delivery_note = '已按约定方式交付'")
    private static let scenarios = ["政务服务一网通办", "联合监管核查", "惠民补贴发放核验", "统计分析与决策", "信用联合奖惩", "应急管理调度"]

    /// Working days until an answer: within the five of A23.2 mostly, late sometimes.
    private mutating func delay(lateChance: Double) -> Int { random.chance(lateChance) ? 6 + random.below(4) : 1 + random.below(5) }

    /// A request of a department for another's shared item; conditional items are answered (12% refused, 8% never),
    /// approved ones delivered (7% never).
    private mutating func fileShareRequest(on day: Int, into filings: inout DayFilings, timeline: inout SyntheticTimeline) {
        let requester = random.below(departments.count)
        guard let item = drawItem(where: { $0.shareType != .notShared && Int($0.department) != requester })
        else { return }
        let names = Self.dataItemNames(kind: departments[Int(item.department)].kind, topic: Int(item.topic))
        let id = random.uuid()
        filings.shareRequests.rows.append([
            id.uuidString, item.id.uuidString, departments[requester].uscc, departments[requester].clerk.uuidString,
            Self.scenarios[random.below(Self.scenarios.count)],
            "true", String.encodeArray(Array(names.prefix(2 + random.below(3)))), ["interface", "table_exchange", "file"][random.below(3)],
            "2028-12-31",
        ])
        var approvedOn = day
        if item.shareType == .conditional {
            if random.chance(0.08) { return }
            approvedOn = day + delay(lateChance: 0.15)
            if random.chance(0.12) {
                timeline.plan(Self.refuse, for: id, on: approvedOn)
                return
            }
            timeline.plan(Self.approve, for: id, on: approvedOn)
        }
        if !random.chance(0.07) { timeline.plan(Self.deliver, for: id, on: approvedOn + delay(lateChance: 0.15)) }
    }

    private static let verify = SyntheticTimeline.Step(table: "error_report", assignments: "state = 'verifying', verification_note = '已安排核实'")
    private static let handle = SyntheticTimeline.Step(table: "error_report", assignments: "state = 'handled', feedback = '已核实并更正,感谢反馈'")
    private static let reject = SyntheticTimeline.Step(table: "error_report", assignments: "state = 'rejected', rejection_reason = '经核实数据无误'")

    /// An error report of a data user on a published item: verified the next day, closed within the policy's days
    /// mostly (a sixth late, a tenth never closed, a sixth rejected).
    private mutating func fileErrorReport(on day: Int, into filings: inout DayFilings, timeline: inout SyntheticTimeline) {
        guard let item = drawItem(where: { _ in true }) else { return }
        let id = random.uuid()
        let omission = random.chance(0.4)
        filings.errorReports.rows.append([
            id.uuidString, item.id.uuidString, dataUsers[random.below(dataUsers.count)].uuidString, omission ? "omission" : "error",
            omission ? "缺少部分主体的记录" : "部分记录的登记日期与证照不一致",
        ])
        timeline.plan(Self.verify, for: id, on: day + 1)
        guard !random.chance(0.1) else { return }
        timeline.plan(random.chance(0.17) ? Self.reject : Self.handle, for: id, on: day + 1 + delay(lateChance: 0.17))
    }

    private static let coordinate = SyntheticTimeline.Step(table: "dispute", assignments: "state = 'coordinating', coordination_note = '组织双方座谈协商'")
    private static let decide = SyntheticTimeline.Step(table: "dispute", assignments: "state = 'decided', decision = '经协调,双方同意按共享目录约定的范围使用'")

    /// A dispute between two departments brought by one of them; coordinated within days, most decided within weeks.
    private mutating func fileDispute(on day: Int, into filings: inout DayFilings, timeline: inout SyntheticTimeline) {
        let first = departments[random.below(departments.count)]
        let second = departments[random.below(departments.count)]
        guard first.uscc != second.uscc else { return }
        let id = random.uuid()
        filings.disputes.rows.append([
            id.uuidString, ["sharing", "opening", "use"][random.below(3)], "\(first.name)与\(second.name)对共享数据的使用范围存在分歧",
            String.encodeArray([first.uscc, second.uscc]), first.clerk.uuidString,
        ])
        timeline.plan(Self.coordinate, for: id, on: day + 1 + random.below(3))
        if !random.chance(0.1) { timeline.plan(Self.decide, for: id, on: day + 8 + random.below(20)) }
    }

    /// A published item matching `condition`, drawn at random (a few tries; `nil` when none matched).
    mutating func drawItem(where condition: (Item) -> Bool) -> Item? {
        for _ in 0..<8 {
            let item = items[random.below(items.count)]
            if condition(item) { return item }
        }
        return nil
    }
}
