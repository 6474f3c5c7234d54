import Foundation
import Postgres
import RegistryCore

/// RP.1 / A39.1 / A41.1: the annual assessment report 《Y年度公共数据管理评估报告》 of a division — key figures, the
/// ranking with every indicator, a chart of the totals, how each indicator is computed, findings (lowest totals,
/// overdue sharing obligations, open violations), the committee's remarks, and the scheme in an appendix.
public struct AssessmentReport: Sendable {
    public var wording: ReportWording

    public init(wording: ReportWording) {
        self.wording = wording
    }

    /// The report of the assessment of `year` by the authority of `division`: its published version, else the latest.
    public func document(year: Int, division: String, on connection: Connection) throws -> ReportDocument {
        try document(try Self.latest(year: year, division: division, on: connection), on: connection)
    }

    /// The report of one assessment.
    public func document(_ assessment: Assessment, on connection: Connection) throws -> ReportDocument {
        let (year, division) = (assessment.scheme.year, assessment.scheme.division)
        let head = try AuditTrail.head(on: connection)
        let scope = try connection.query("select name from division where code = \(division)").first?.decode("name", as: String.self) ?? division
        let values = [
            "year": String(year), "scope": scope, "as_of": assessment.asOf.description, "version": String(assessment.version),
            "count": String(assessment.ranking.count), "audit_seq": String(head.sequence), "audit_hash": head.hashHex,
        ]
        let state = wording(assessment.state == "published" ? "state_published" : "state_computed", values)
        var blocks = overview(assessment, values)
        let previous = try Self.latestIfAny(year: year - 1, division: division, on: connection)
        blocks += ranking(assessment, previous: previous) + findings(assessment, try Findings(assessment, division: division, on: connection))
        blocks += remarks(assessment) + appendix(assessment)
        return ReportDocument(
            title: "《\(wording("title", values))》",
            subtitle: wording("subtitle", values.merging(["state": state]) { $1 }),
            provenance: wording("provenance", values),
            blocks: blocks
        )
    }

    private func overview(_ assessment: Assessment, _ values: [String: String]) -> [ReportBlock] {
        let totals = assessment.ranking.map(\.total)
        let average = totals.isEmpty ? 0 : totals.reduce(0, +) / Double(totals.count)
        return [
            .heading(wording("overview"), anchor: "overview"),
            .prose(.trusted(wording("overview_text", values))),
            .keyFigures([
                KeyFigure("参评机构", "\(totals.count) 家"), KeyFigure("平均分", ReportFormat.decimal(average, 2)),
                KeyFigure("最高分", ReportFormat.decimal(totals.max() ?? 0, 2)), KeyFigure("最低分", ReportFormat.decimal(totals.min() ?? 0, 2)),
                KeyFigure("评估指标", "\(assessment.scheme.weights.count) 项"), KeyFigure("数据截至", assessment.asOf.description),
            ]),
        ]
    }

    /// The ranking with every indicator and, where the year before was assessed, each institution's total and rank then.
    private func ranking(_ assessment: Assessment, previous: Assessment?) -> [ReportBlock] {
        let indicators = assessment.scheme.weights.map(\.indicator)
        let columns =
            [ReportTable.Column("名次", numeric: true), ReportTable.Column("机构"), ReportTable.Column("区划")]
            + indicators.map { ReportTable.Column($0.name, numeric: true) } + [ReportTable.Column("总分", numeric: true)]
            + (previous.map { before in
                [ReportTable.Column("\(before.scheme.year)年总分", numeric: true), ReportTable.Column("\(before.scheme.year)年名次", numeric: true)]
            } ?? [])
        let scores = assessment.scoresByInstitution()
        let before = Dictionary((previous?.ranking ?? []).map { ($0.institution, $0) }) { first, _ in first }
        let rows = assessment.ranking.map { entry -> [ReportTable.Cell] in
            [.integer(entry.rank), .text(entry.institutionName), .text(entry.division)]
                + indicators.map { .number(scores[entry.institution]?[$0.code]?.value ?? 0, decimals: 2) }
                + [.number(entry.total, decimals: 2)]
                + (previous == nil
                    ? [] : before[entry.institution].map { [.number($0.total, decimals: 2), .integer($0.rank)] } ?? [.text("—"), .text("—")])
        }
        return [
            .heading(wording("ranking"), anchor: "ranking"),
            .table(ReportTable(caption: "表1 各机构指标得分与总分(有调整的取调整值)", columns: columns, rows: rows)),
            .chart(BarChart(title: "图1 \(wording("chart"))", bars: assessment.ranking.map { ($0.institutionName, $0.total) }, maximum: 100)),
            .heading(wording("indicators"), anchor: "indicators"),
            .table(
                ReportTable(
                    caption: "表2 指标的计算方法",
                    columns: [ReportTable.Column("指标"), ReportTable.Column("条款"), ReportTable.Column("计算方法")],
                    rows: indicators.map { [.text($0.name), .text($0.article), .text($0.explanation)] }
                )
            ),
        ]
    }

    private func findings(_ assessment: Assessment, _ found: Findings) -> [ReportBlock] {
        let lowest = assessment.ranking.sorted { ($0.total, $0.institution) < ($1.total, $1.institution) }.prefix(3)
        return [
            .heading(wording("findings"), anchor: "findings"),
            .table(
                ReportTable(
                    caption: "表3 \(wording("lowest"))",
                    columns: [ReportTable.Column("机构"), ReportTable.Column("总分", numeric: true)],
                    rows: lowest.map { [.text($0.institutionName), .number($0.total, decimals: 2)] }
                )
            ),
            .table(
                ReportTable(
                    caption: "表4 \(wording("overdue"))(截至 \(assessment.asOf))",
                    columns: [
                        ReportTable.Column("数源部门"), ReportTable.Column("事项"), ReportTable.Column("条款"),
                        ReportTable.Column("期限"), ReportTable.Column("逾期工作日", numeric: true),
                    ],
                    rows: found.overdue
                )
            ),
            .table(
                ReportTable(
                    caption: "表5 \(wording("violations"))",
                    columns: [
                        ReportTable.Column("主体"), ReportTable.Column("条款"), ReportTable.Column("整改期限"),
                        ReportTable.Column("逾期工作日", numeric: true),
                    ],
                    rows: found.violations
                )
            ),
        ] + (found.provisional ? [.note(.trusted(wording("provisional_note")))] : [])
    }

    private func remarks(_ assessment: Assessment) -> [ReportBlock] {
        let adjusted = assessment.scores.filter { $0.adjusted != nil }
        let names = Dictionary(assessment.ranking.map { ($0.institution, $0.institutionName) }) { first, _ in first }
        let indicators = Dictionary(assessment.scheme.weights.map { ($0.indicator.code, $0.indicator.name) }) { first, _ in first }
        var blocks: [ReportBlock] = [.heading(wording("remarks"), anchor: "remarks")]
        if adjusted.isEmpty { return blocks + [.prose(.trusted(wording("no_remarks")))] }
        for score in adjusted {
            let line =
                "\(names[score.institution] ?? score.institution) · \(indicators[score.indicator] ?? score.indicator):计算值 "
                + "\(ReportFormat.decimal(score.computed, 2)),调整为 \(ReportFormat.decimal(score.adjusted ?? 0, 2))"
            blocks += [.note(.trusted(MarkdownRenderer.escaped(line))), .prose(.typed(score.remark ?? ""))]
        }
        return blocks
    }

    private func appendix(_ assessment: Assessment) -> [ReportBlock] {
        [
            .heading(wording("appendix"), anchor: "appendix"),
            .table(
                ReportTable(
                    caption: "表6 \(assessment.scheme.year)年度评估方案(\(assessment.scheme.division))",
                    columns: [ReportTable.Column("指标代码"), ReportTable.Column("指标"), ReportTable.Column("权重", numeric: true)],
                    rows: assessment.scheme.weights.map { [.text($0.indicator.code), .text($0.indicator.name), .number($0.weight, decimals: 2)] }
                )
            ),
        ]
    }

    /// The published assessment of the scheme, else its latest version; `nil` when the year was not assessed.
    static func latestIfAny(year: Int, division: String, on connection: Connection) throws -> Assessment? {
        do {
            return try latest(year: year, division: division, on: connection)
        } catch let error as RegistryError where error.code == .notFound {
            return nil
        }
    }

    /// The published assessment of the scheme, else its latest version.
    public static func latest(year: Int, division: String, on connection: Connection) throws -> Assessment {
        let row = try connection.query(
            """
            select a.id from assessment a join assessment_scheme s on s.id = a.scheme_id
             where s.year = \(year) and s.division_code = \(division)
             order by (a.state = 'published') desc, a.version desc limit 1
            """
        ).first
        guard let id = try row?.decode("id", as: UUID.self), let assessment = try AssessmentStore().assessment(id, on: connection) else {
            throw RegistryError.notFound("\(year)年度评估结果", field: "year")
        }
        return assessment
    }
}

/// RP.1: the findings read beside an assessment: overdue sharing obligations and open violations in its scope.
struct Findings {
    var overdue: [[ReportTable.Cell]]
    var violations: [[ReportTable.Cell]]
    /// W.3: some overdue deadline was counted onto the provisional calendar.
    var provisional = false

    init(_ assessment: Assessment, division: String, on connection: Connection) throws {
        let day = assessment.asOf
        var provisional = false
        overdue = try connection.query(
            """
            select i.name, o.kind, o.obligation, o.number, o.article, o.due, calendar_day_is_provisional(o.due) as due_provisional,
                   working_days_between(o.due, \(day)::date) as late
              from sharing_obligation o join institution i on i.uscc = o.source_uscc
             where i.division_code in (select division_and_descendants(\(division)::char(6)))
               and o.done_on is null and o.withdrawn_on is null and o.due < \(day)::date
             order by o.due, i.name, o.number
            """
        ).map { row in
            if try row.decode("due_provisional", as: Bool.self) { provisional = true }
            let what =
                (try row.decode("kind", as: String.self) == "request" ? "共享申请" : "目录外需求")
                + " \(try row.decode("number", as: Int64.self)) "
                + (try row.decode("obligation", as: String.self) == "reply" ? "答复" : "交付")
            return [
                .text(try row.decode("name")), .text(what), .text(try row.decode("article")),
                .text(try row.decode("due", as: CivilDate.self).deadlineLabel(provisional: try row.decode("due_provisional"))),
                .integer(try row.decode("late")),
            ]
        }
        violations = try connection.query(
            """
            select coalesce(i.name, '数据利用主体') as subject, v.clause, v.rectification_due, v.working_days_overdue
              from violations_open_on(\(day)::date) v left join institution i on i.uscc = v.institution_uscc
             where v.institution_uscc is null or i.division_code in (select division_and_descendants(\(division)::char(6)))
             order by v.rectification_due, v.violation_no
            """
        ).map { row in
            [
                .text(try row.decode("subject")), .text(try row.decode("clause")),
                .text(try row.decode("rectification_due", as: CivilDate.self).description),
                try row.decodeIfPresent("working_days_overdue", as: Int.self).map(ReportTable.Cell.integer) ?? .text("无法计算"),
            ]
        }
        self.provisional = provisional
    }
}
