import Foundation
import Postgres
import RegistryCore

extension DemoWorld {
    /// Security officers and checks for most institutions; objections on open items; violations, some overdue, one
    /// rectified, one of a data user.
    mutating func securityAndSupervision() throws {
        for (index, member) in departments.enumerated() where index % 5 != 4 {
            try connection.query(
                """
                update institution set security_officer_name = \(["王", "李", "张", "刘", "赵"][index % 5] + "主任"),
                       security_officer_title = '分管副主任', security_officer_named_on = '2025-01-15'
                 where uscc = \(member.uscc)
                """
            )
            if index % 3 != 2 {
                let check = NewSecurityCheck(
                    institution: member.uscc,
                    kind: .periodicCheck,
                    checkedOn: CivilDate(iso: index % 2 == 0 ? "2025-06-30" : "2026-06-30")!,
                    findings: index % 4 == 0 ? "发现弱口令账户1个" : "未发现问题",
                    issuesFound: index % 4 == 0 ? 1 : 0,
                    measures: index % 4 == 0 ? "已重置口令并启用双因素认证" : nil
                )
                try connection.query(
                    """
                    insert into security_check (institution_uscc, kind, checked_on, findings, issues_found, measures)
                    values (\(member.uscc), 'periodic_check', \(check.checkedOn)::date, \(check.findings), \(check.issuesFound), \(check.measures))
                    """
                )
            }
        }
        try objections()
        try violations()
        try errorReports()
        try disputes()
        try unlawfulUseReports()
    }

    /// Two reports of unlawful use brought to the region's authority: one concluded, one still to be handled (A46.1).
    private mutating func unlawfulUseReports() throws {
        let store = UnlawfulUseReportStore()
        let cases = ["有网站转售开放数据中的企业联系方式", "发现有账号利用开放数据接口批量下载后对外出售"]
        for (index, description) in cases.enumerated() {
            let report = try store.file(
                NewUnlawfulUseReport(description: description, division: "150000"),
                reporter: dataUsers[index % dataUsers.count].account.id,
                on: connection
            )
            guard index == 0 else { continue }
            _ = try store.investigate(report.id, note: "已调取访问日志", on: connection)
            _ = try store.conclude(report.id, outcome: "已责令停止转售,相关线索移送网信部门", on: connection)
        }
        counts.append(("举报", cases.count))
    }

    /// Six error reports from data users: three handled with feedback, one rejected, two still open (A45.1).
    private mutating func errorReports() throws {
        let store = ErrorReportStore()
        for index in 0..<6 {
            let item = items[index * 97 % items.count]
            let report = try store.file(
                NewErrorReport(
                    itemID: item.id,
                    kind: index % 2 == 0 ? .error : .omission,
                    description: index % 2 == 0 ? "部分记录的登记日期与证照不一致" : "缺少2025年下半年新增主体的记录"
                ),
                reporter: dataUsers[index % dataUsers.count].account.id,
                on: connection
            )
            guard index < 4 else { continue }
            _ = try store.verify(report.id, note: "已安排核实", on: connection)
            _ = try store.close(
                report.id,
                index == 3 ? .rejected(reason: "经核实数据无误") : .handled(feedback: "已核实并更正,感谢反馈"),
                on: connection
            )
        }
        counts.append(("纠错", 6))
    }

    /// Three disputes between departments of a league: one settled by coordination, one decided on the expert
    /// committee's recommendation, and one brought to the region's authority still waiting (A47.1).
    private mutating func disputes() throws {
        guard let committee else { return }
        let store = DisputeStore()
        let (first, second) = (departments[9], departments[10])
        for referred in [false, true] {
            let detail = try store.file(
                NewDispute(
                    subject: .sharing,
                    description: "\(first.name)与\(second.name)对共享数据的使用范围存在分歧",
                    partyInstitutions: [first.uscc, second.uscc]
                ),
                filer: first.staff.account.id,
                on: connection
            )
            let id = detail.dispute.id
            _ = try store.coordinate(id, note: "组织双方座谈", on: connection)
            if referred {
                _ = try store.refer(id, question: "共享数据能否用于统计分析以外的用途", on: connection)
                _ = try store.recommend(id, "建议限定用于双方约定的审批场景,并补签共享协议", by: committee.account.id, on: connection)
                _ = try store.decide(id, decision: "采纳专家委员会建议,限定使用范围并补签协议", on: connection)
            } else {
                _ = try store.decide(id, decision: "经协调,双方同意按共享目录约定的范围使用", on: connection)
            }
        }
        _ = try store.file(
            NewDispute(
                subject: .opening,
                description: "\(first.name)认为\(second.name)开放的数据包含其提供的未开放数据",
                partyInstitutions: [first.uscc, second.uscc],
                division: "150000"
            ),
            filer: first.staff.account.id,
            on: connection
        )
        counts.append(("争议", 3))
    }

    private mutating func objections() throws {
        let store = ObjectionStore()
        let open = try connection.query("select item_id from open_catalog order by item_code limit 4").map { try $0.decode("item_id", as: UUID.self) }
        for (index, item) in open.enumerated() {
            let objection = try store.file(
                NewObjection(
                    itemID: item,
                    harm: index == 1 ? .tradeSecret : .personalInformation,
                    description: "开放数据中包含可识别本人(本单位)的信息",
                    evidence: "截图及相关证明材料编号 YY-\(100 + index)"
                ),
                account: dataUsers[index % dataUsers.count].account.id,
                on: connection
            )
            if index == 0 {
                _ = try store.decide(objection.id, .restore(verification: "经核实不含个人信息", feedback: "经核实,该数据不涉及您的个人信息,已恢复开放"), on: connection)
            }
            if index == 1 { _ = try store.decide(objection.id, .withdraw(verification: "含企业经营数据", feedback: "已撤回相关数据"), on: connection) }
        }
        counts.append(("异议", open.count))
    }

    private mutating func violations() throws {
        let store = ViolationStore()
        let cases: [(Int, String, String, String, String)] = [
            (0, "A49(2)", "逾期未办理共享申请", "2026-03-10", "2026-04-10"), (5, "A51(4)", "拒不更正错误数据", "2026-05-06", "2026-06-05"),
            (9, "A49(4)", "未落实安全管理职责", "2026-09-01", "2026-09-30"), (14, "A51(2)", "可共享数据仍重复采集", "2026-10-12", "2026-12-31"),
            (20, "A49(1)", "未按规定完成目录编制", "2025-09-01", "2025-10-31"),
        ]
        for (index, clause, description, found, due) in cases {
            let member = departments[index % departments.count]
            guard let authority = authorities[member.division] ?? authorities["150000"] else { continue }
            let violation = try store.record(
                NewViolation(
                    subject: clause.hasPrefix("A51") ? .sourceDepartment : .institution,
                    institution: member.uscc,
                    clause: clause,
                    description: description,
                    foundOn: CivilDate(iso: found)!,
                    rectificationDue: CivilDate(iso: due)!
                ),
                authority: authority.uscc,
                on: connection
            )
            if index == 20 { _ = try store.close(violation.id, .rectified(outcome: "已补充编制目录并通过审核"), on: connection) }
        }
        if let region = authorities["150000"] {
            _ = try store.record(
                NewViolation(
                    subject: .dataUser,
                    dataUserAccount: dataUsers[1].account.id,
                    clause: "A50(3)",
                    description: "超出约定用途使用开放数据",
                    foundOn: CivilDate(iso: "2026-10-20")!,
                    rectificationDue: CivilDate(iso: "2026-11-30")!
                ),
                authority: region.uscc,
                on: connection
            )
        }
        counts.append(("违规记录", cases.count + 1))
    }

    /// The region's 2026 open plan: 40 items, livelihood ones first, targets through the year; published.
    mutating func openPlan() throws {
        let store = OpenPlanStore()
        let plan = try store.create(
            NewOpenPlan(year: 2026, priorities: "- **医疗卫生、教育、社会保障**等与民生紧密相关的数据优先开放\n- 推动市场主体登记、生态环境监测数据开放\n- 扩大有条件开放数据的申请渠道"),
            owner: .authority(division: "150000"),
            on: connection
        )
        let candidates = try connection.query(
            """
            select p.item_id, p.open_type from catalog_item_published p
             order by p.livelihood_related desc, p.code limit 40
            """
        ).map { (try $0.decode("item_id", as: UUID.self), try $0.decode("open_type", as: OpenType.self)) }
        for (index, (item, openType)) in candidates.enumerated() {
            let target = openType == .notOpen ? OpenType.conditional : openType
            let month = 3 + index % 10
            try store.setItem(
                NewOpenPlanItem(itemID: item, openType: target, targetDate: CivilDate(iso: "2026-\(month < 10 ? "0" : "")\(month)-28")!),
                of: plan.id,
                on: connection
            )
        }
        _ = try store.publish(plan.id, on: connection)
        counts.append(("开放计划所列数据", candidates.count))
    }

    /// The region's 2025 assessment (computed as of 31 December 2025, one adjustment, published) and its 2026 one
    /// (computed as of today).
    mutating func assessments() throws {
        let store = AssessmentStore()
        let weights: [String: Double] = [
            "catalog_completeness": 15, "catalog_timeliness": 10, "share_timeliness": 20, "data_freshness": 10,
            "open_plan_completion": 10, "objections_handled": 10, "security_duties": 15, "violations_open": 10,
        ]
        for year in [2025, 2026] {
            let scheme = try store.createScheme(NewAssessmentScheme(year: year, weights: weights), division: "150000", on: connection)
            _ = try store.publishScheme(scheme.id, on: connection)
            let asOf = year == 2025 ? CivilDate(iso: "2025-12-31")! : today
            let assessment = try store.compute(scheme.id, asOf: asOf, on: connection)
            guard year == 2025, let lowest = assessment.ranking.last else { continue }
            _ = try store.adjust(
                assessment.id,
                institution: lowest.institution,
                indicator: "security_duties",
                to: 50,
                remark: "该单位已于 **2026年1月** 补交年度安全检查报告,经评估委员会审议,安全管理责任指标酌情给予50分。",
                on: connection
            )
            _ = try store.publish(assessment.id, on: connection)
        }
        counts.append(("年度评估", 2))
    }
}
