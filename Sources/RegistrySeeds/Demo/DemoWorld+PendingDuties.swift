import Foundation
import Postgres
import RegistryCore

extension DemoWorld {
    /// Duties left undone in autumn 2026, so that the compliance report has something to say under every article: a
    /// banner's own platform (A8.1), a catalog version the authority has not decided (A11.1), a base-data source
    /// conflict left open (A13.2), a conditional open application never answered and approved data still used after
    /// the approval's time limit (A28.2), an open item derived from shared data (A44.3). The demand left unreviewed
    /// (A24.1) is one of ``share()``'s.
    /// Runs while the seed's clock walks history (``SeedClock``); days after today are skipped.
    mutating func pendingDuties() throws {
        try bannerPlatform()
        try pendingCatalogReview(on: CivilDate(iso: "2026-11-02")!)
        try sourceConflict(on: CivilDate(iso: "2026-10-15")!)
        try openApplications()
        try sharedDataInOpenCatalog(on: CivilDate(iso: "2026-11-16")!)
    }

    /// A44.3: a department notes that one of its open items derives from data delivered to it through sharing.
    private func sharedDataInOpenCatalog(on day: CivilDate) throws {
        guard day <= today else { return }
        try SeedClock.set(day, on: connection)
        try connection.query(
            """
            insert into shared_data_derivation (item_id, share_request_id, note)
            select p.item_id, r.id, '汇总分析时使用了共享获得的数据'
              from share_request r join catalog_item_published p on p.institution_uscc = r.requester_uscc
             where r.state = 'delivered' and p.open_type <> 'not_open'
             order by r.request_no, p.code limit 1
            """
        )
    }

    /// A8.1: the first banner runs its own platform, as a recorded exception.
    private mutating func bannerPlatform() throws {
        guard let banner = authorities.values.filter({ !$0.division.hasSuffix("00") }).min(by: { $0.division < $1.division }) else { return }
        try connection.query(
            """
            insert into platform (name, division_code, operator_uscc, exception_reason, exception_document, exception_recorded_on)
            values (\(banner.name.replacingOccurrences(of: "数据管理局", with: "") + "政务数据平台"), \(banner.division), \(banner.uscc),
                    '自治区平台建成前已投入运行,承载本旗县政务服务事项', '内政数字函〔2025〕3号', '2025-01-02')
            """
        )
        counts.append(("旗县级平台(例外)", 1))
    }

    /// A11.1: a department submits a new item in a new version; its authority never decides it.
    private mutating func pendingCatalogReview(on day: CivilDate) throws {
        guard day <= today else { return }
        let member = departments[2]
        guard let department = member.department,
            let catalog = try CatalogStore().catalog(of: member.uscc, on: connection)
        else { return }
        try SeedClock.set(day, on: connection)
        let store = CatalogStore()
        let draft = try store.openDraft(of: catalog.id, note: "新增数据资源", on: connection)
        let name = (department.topics.first ?? "业务") + "变更信息"
        let fields = itemFields(name, suffix: "信息", department: department, member: member)
        let code = String(format: "%@-%03d", String(member.uscc.suffix(5)), 31)
        _ = try store.addItem(code: code, fields: fields, to: draft.id, on: connection)
        _ = try store.submit(draft.id, on: connection)
        counts.append(("待审核目录版本", 1))
    }

    /// A13.2: two departments of the region both claim to be the source of the first base data kind.
    private func sourceConflict(on day: CivilDate) throws {
        guard day <= today,
            let kind = try connection.query("select code from base_data_kind order by code limit 1").first?
                .decode("code", as: String.self)
        else { return }
        let region = departments.filter { $0.division == "150000" }
        guard region.count >= 2 else { return }
        try SeedClock.set(day, on: connection)
        for (member, status) in [(region[0], "accepted"), (region[1], "conflict")] {
            try connection.query(
                """
                insert into base_data_source (base_data_kind_code, division_code, institution_uscc, claimed_on, basis, status)
                values (\(kind), '150000', \(member.uscc), \(day)::date, '本部门“三定”方案', \(status)::base_data_source_status)
                """
            )
        }
    }

    /// A28.2: one application approved until June 2026 whose data are still reported in use in September; one filed in
    /// October and never answered.
    private mutating func openApplications() throws {
        let items = try connection.query(
            "select item_id from open_catalog where open_type = 'conditional' order by item_code offset 10 limit 2"
        ).map { try $0.decode("item_id", as: UUID.self) }
        guard items.count == 2, let user = dataUsers.last else { return }
        let store = OpenApplicationStore()
        let steps: [(String, String, String?)] = [("2026-03-02", "2026-06-30", "2026-09-15"), ("2026-10-12", "2027-06-30", nil)]
        for (item, (filed, limit, used)) in zip(items, steps) {
            let day = CivilDate(iso: filed)!
            guard day <= today else { continue }
            try SeedClock.set(day, on: connection)
            let application = try store.file(
                NewOpenApplication(
                    itemID: item,
                    scenario: "企业信用评价模型研发",
                    dataScope: "2025年以来的名录数据",
                    deliveryMethod: "接口调用",
                    timeLimit: CivilDate(iso: limit)!,
                    securityMeasures: "专人专机、访问留痕、用后删除"
                ),
                account: user.account.id,
                on: connection
            )
            guard let used, CivilDate(iso: used)! <= today else { continue }
            try SeedClock.set(try SeedClock.adding(2, to: day, on: connection), on: connection)
            _ = try store.reply(application.id, .approve(use: "企业信用评价模型研发", scope: "2025年以来的名录数据"), on: connection)
            try SeedClock.set(CivilDate(iso: used)!, on: connection)
            try connection.query(
                """
                insert into usage_feedback (data_user_account, item_id, period, use_description, security_measures)
                values (\(user.account.id), \(item), '2026年第三季度', '用于信用评价模型训练', '专人专机、访问留痕')
                """
            )
        }
        counts.append(("有条件开放申请", items.count))
    }
}
