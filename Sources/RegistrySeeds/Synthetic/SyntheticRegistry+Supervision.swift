import Foundation
import Postgres
import RegistryCore

extension SyntheticRegistry {
    /// Security officers of four departments in five and yearly periodic checks of most of them (A35.2, A36.1).
    mutating func recordSecurity(years: [Int], on connection: Connection) throws {
        try connection.query(
            """
            update institution set security_officer_name = '王主任', security_officer_title = '分管副主任',
                   security_officer_named_on = '2024-01-15'
             where kind = 'public_institution' and abs(hashtext(uscc)) % 5 <> 0
            """
        )
        var checks: [[String?]] = []
        for year in years {
            for department in departments where random.chance(0.75) {
                let issues = random.chance(0.25) ? 1 + random.below(3) : 0
                checks.append([
                    department.uscc, "periodic_check", "\(year)-06-\(10 + random.below(18))",
                    issues > 0 ? "发现弱口令账户\(issues)个" : "未发现问题", String(issues), issues > 0 ? "已重置口令并启用双因素认证" : nil,
                ])
            }
        }
        try connection.copy(
            into: "security_check",
            columns: ["institution_uscc", "kind", "checked_on", "findings", "issues_found", "measures"],
            rows: checks
        )
    }

    /// Violations found by the authority of the department's division between `first` and `last` (A49.1, A51.1): a
    /// month to rectify; three in five of those due before `closedBefore` rectified.
    mutating func recordViolations(between first: CivilDate, and last: CivilDate, closedBefore: CivilDate, on connection: Connection) throws {
        var rows: [[String?]] = []
        var rectified: [String] = []
        let span = first.days(until: last)
        for _ in 0..<scale.violations {
            let department = departments[random.below(departments.count)]
            let source = random.chance(0.4)
            let found = first.adding(days: random.below(span))
            let due = found.adding(days: 30)
            let id = random.uuid()
            rows.append([
                id.uuidString, source ? "source_department" : "institution", department.uscc,
                source ? "A51(\(1 + random.below(6)))" : "A49(\(1 + random.below(5)))",
                source ? "可共享数据仍重复采集" : "逾期未办理共享申请", found.description, due.description, authorities[department.division]!.uscc,
            ])
            if due < closedBefore && random.chance(0.6) { rectified.append(id.uuidString) }
        }
        try connection.copy(
            into: "violation",
            columns: ["id", "subject", "institution_uscc", "clause", "description", "found_on", "rectification_due", "authority_uscc"],
            rows: rows
        )
        try connection.query("update violation set state = 'rectified', outcome = '已按期整改' where id = any(\(rectified)::uuid[])")
    }

    /// Applications of data users for items open on conditions (A28.2), as many as the scale says: seven in ten
    /// approved, one refused, the rest waiting. The open workflow stamps them with the day they are generated.
    mutating func fileOpenApplications(on connection: Connection) throws {
        var rows: [[String?]] = []
        var approved: [String] = []
        var refused: [String] = []
        let conditional = items.filter { $0.openType == .conditional }
        guard !conditional.isEmpty else { return }
        for _ in 0..<scale.openApplications {
            let item = conditional[random.below(conditional.count)]
            let id = random.uuid()
            rows.append([
                id.uuidString, item.id.uuidString, dataUsers[random.below(dataUsers.count)].uuidString, "公共数据开发利用研究",
                "全部数据项,脱敏后提供", "接口调用", "2028-12-31", "专人专机处理,数据加密存储,用后删除",
            ])
            let answer = random.below(10)
            if answer < 7 { approved.append(id.uuidString) } else if answer < 8 { refused.append(id.uuidString) }
        }
        try connection.copy(
            into: "open_application",
            columns: ["id", "item_id", "applicant_account", "scenario", "data_scope", "delivery_method", "time_limit", "security_measures"],
            rows: rows
        )
        try connection.query(
            "update open_application set state = 'approved', approved_use = '科研分析', approved_scope = '脱敏后的明细数据' where id = any(\(approved)::uuid[])"
        )
        try connection.query(
            """
            update open_application set state = 'refused', refusal_reason = '申请的使用场景超出开放条件',
                   refusal_legal_basis = '《内蒙古自治区公共数据管理暂行办法》第二十八条' where id = any(\(refused)::uuid[])
            """
        )
    }

    /// The region's open plan of `year` (A26.1): items drawn at random, targets through the year, published.
    mutating func publishOpenPlan(year: Int, on connection: Connection) throws {
        let store = OpenPlanStore()
        let plan = try store.create(
            NewOpenPlan(year: year, priorities: "- **医疗卫生、教育、社会保障**等与民生紧密相关的数据优先开放\n- 扩大有条件开放数据的申请渠道"),
            owner: .authority(division: "150000"),
            on: connection
        )
        var planned = Set<UUID>()
        while planned.count < min(scale.openPlanItems, items.count / 2) {
            let item = items[random.below(items.count)]
            guard planned.insert(item.id).inserted else { continue }
            let month = 3 + random.below(10)
            try store.setItem(
                NewOpenPlanItem(
                    itemID: item.id,
                    openType: item.openType == .notOpen ? .conditional : item.openType,
                    targetDate: CivilDate(iso: "\(year)-\(month < 10 ? "0" : "")\(month)-28")!
                ),
                of: plan.id,
                on: connection
            )
        }
        _ = try store.publish(plan.id, on: connection)
    }

    /// The region's annual assessment of `year` (A39.1, A41.1), computed as of `asOf`; published when `publish`.
    func assess(year: Int, asOf: CivilDate, publish: Bool, on connection: Connection) throws {
        let store = AssessmentStore()
        let scheme = try store.createScheme(NewAssessmentScheme(year: year, weights: Self.assessmentWeights), division: "150000", on: connection)
        _ = try store.publishScheme(scheme.id, on: connection)
        let assessment = try store.compute(scheme.id, asOf: asOf, on: connection)
        if publish { _ = try store.publish(assessment.id, on: connection) }
    }

    private static let assessmentWeights: [String: Double] = [
        "catalog_completeness": 15, "catalog_timeliness": 10, "share_timeliness": 20, "data_freshness": 10,
        "open_plan_completion": 10, "objections_handled": 5, "security_duties": 10, "violations_open": 10, "error_reports_on_time": 10,
    ]
}
