import Foundation
import Postgres
import RegistryCore

extension DemoWorld {
    /// 300 share requests and 12 demands received on working days from March 2025 to November 2026: most answered and
    /// delivered on time, some late, some refused, some never answered (overdue when the reports run).
    mutating func share() throws {
        let start = CivilDate(iso: "2025-03-03")!
        var requests = 0
        for index in 0..<300 {
            let received = try SeedClock.adding(index * 2 + random.below(2), to: start, on: connection)
            if received > CivilDate(iso: "2026-11-20")! { break }
            if try fileRequest(on: received) { requests += 1 }
        }
        counts.append(("共享申请", requests))
        for index in 0..<12 { try fileDemand(on: try SeedClock.adding(20 + index * 33, to: start, on: connection), index: index) }
        counts.append(("目录外数据需求", 12))
    }

    /// Files one request on `day` and walks it; `false` when the draw found no requestable item.
    private mutating func fileRequest(on day: CivilDate) throws -> Bool {
        let requester = departments[random.below(departments.count)]
        let item = items[random.below(items.count)]
        guard item.owner != requester.uscc, item.shareType != .notShared else { return false }
        try SeedClock.set(day, on: connection)
        let store = ShareRequestStore()
        let input = NewShareRequest(
            itemID: item.id,
            scenario: ["政务服务一网通办", "联合监管核查", "惠民补贴发放核验", "统计分析与决策"][random.below(4)],
            commitment: true,
            dataItems: Array(item.names.prefix(2 + random.below(2))),
            mode: [.interface, .tableExchange, .file][random.below(3)],
            endDate: CivilDate(iso: "2027-12-31")!
        )
        let request = try store.file(input, requester: requester.uscc, account: requester.staff.account.id, on: connection)
        try walk(request, from: day)
        return true
    }

    /// Replies (on time or late, approving or refusing) and delivers, or leaves the request unanswered.
    private mutating func walk(_ request: ShareRequest, from day: CivilDate) throws {
        let store = ShareRequestStore()
        if request.state == .submitted {
            let late = random.chance(0.15)
            let never = random.chance(0.08)
            if never { return }
            let replyDay = try SeedClock.adding(late ? 6 + random.below(4) : 1 + random.below(5), to: day, on: connection)
            guard replyDay <= today else { return }
            try SeedClock.set(replyDay, on: connection)
            if random.chance(0.12) {
                _ = try store.reply(request.id, .refuse(reason: "申请用途超出共享条件", legalBasis: "《中华人民共和国个人信息保护法》第三十四条"), on: connection)
                return
            }
            _ = try store.reply(request.id, .approve(dataItems: nil), on: connection)
        }
        guard let current = try store.request(request.id, on: connection), let replied = current.repliedOn, !random.chance(0.07) else { return }
        let deliveryDay = try SeedClock.adding(random.chance(0.15) ? 6 + random.below(3) : 1 + random.below(5), to: replied, on: connection)
        guard deliveryDay <= today else { return }
        try SeedClock.set(deliveryDay, on: connection)
        _ = try store.deliver(request.id, note: "已按约定方式交付", on: connection)
    }

    /// One demand for data outside the catalog: reviewed, then confirmed, refused or left with the source; the last one
    /// never reviewed by the authority (A24.1).
    private mutating func fileDemand(on day: CivilDate, index: Int) throws {
        let requester = departments[(index * 7) % departments.count]
        let source = departments[(index * 7 + 3) % departments.count]
        guard authorities[requester.division] != nil else { return }
        try SeedClock.set(day, on: connection)
        let store = ShareDemandStore()
        let demand = try store.file(
            NewShareDemand(
                dataWanted: "\(source.name)掌握的\(source.department?.topics.first ?? "业务")明细数据(目录尚未列入)",
                dataItems: ["主体名称", "统一社会信用代码", "办理日期"],
                scenario: "跨部门联合审批",
                commitment: true,
                mode: .interface,
                endDate: CivilDate(iso: "2027-12-31")!
            ),
            requester: requester.uscc,
            account: requester.staff.account.id,
            on: connection
        )
        guard index != 11 else { return }
        try SeedClock.set(try SeedClock.adding(1, to: day, on: connection), on: connection)
        _ = try store.review(demand.id, .forward(source: source.uscc, note: "请数源部门确认"), on: connection)
        guard index % 4 != 3 else { return }
        try SeedClock.set(try SeedClock.adding(3, to: day, on: connection), on: connection)
        if index % 4 == 2 {
            _ = try store.reply(demand.id, .refuse(reason: "数据尚在治理中,暂不具备共享条件", legalBasis: "《中华人民共和国数据安全法》第二十一条"), on: connection)
        } else {
            _ = try store.reply(demand.id, .confirm(processingUntil: nil), on: connection)
        }
    }
}
