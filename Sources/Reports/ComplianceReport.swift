import Foundation
import Postgres
import RegistryCore

/// RP.3: the compliance report — as of a day, the overdue deadlines and rule breaches in a division and those below it
/// (`compliance_findings`): key figures, the count per article, the institutions with the most findings with a chart,
/// and per article the findings longest overdue. Its size does not grow with the findings: the full list, each with
/// its article, institution, due day and working days overdue, is the CSV appendix ``ComplianceFindingsCSV`` it names.
public struct ComplianceReport: Sendable {
    public var wording: ReportWording
    /// How many institutions the per-institution table and chart show, most findings first.
    public var leadingInstitutions: Int
    /// How many findings per article the worst-cases table shows, longest overdue first.
    public var worstPerArticle: Int

    public init(wording: ReportWording, leadingInstitutions: Int = 20, worstPerArticle: Int = 10) {
        precondition(leadingInstitutions > 0 && worstPerArticle > 0, "the report shows at least one institution and one finding per article")
        self.wording = wording
        self.leadingInstitutions = leadingInstitutions
        self.worstPerArticle = worstPerArticle
    }

    public func document(asOf day: CivilDate, division: String, on connection: Connection) throws -> ReportDocument {
        let summary = try ComplianceSummary(asOf: day, division: division, leading: leadingInstitutions, worst: worstPerArticle, on: connection)
        let head = try AuditTrail.head(on: connection)
        let scope = try connection.query("select name from division where code = \(division)").first?.decode("name", as: String.self) ?? division
        let deadlines = try connection.queryOne(
            """
            select deadline_working_days('demand_review', \(day.year)::int) as review,
                   deadline_working_days('open_application_reply', \(day.year)::int) as reply
            """
        )
        let values = [
            "scope": scope, "as_of": day.description, "audit_seq": String(head.sequence), "audit_hash": head.hashHex,
            "csv": ComplianceFindingsCSV.fileName(asOf: day, division: division), "findings": String(summary.total.findings),
            "institutions": String(summary.institutionCount), "shown": String(summary.leadingInstitutions.count),
            "worst": String(worstPerArticle), "year": String(day.year),
            "demand_review_days": String(try deadlines.decode("review", as: Int.self)),
            "open_reply_days": String(try deadlines.decode("reply", as: Int.self)),
        ]
        var blocks: [ReportBlock] = [
            .heading(wording("overview"), anchor: "overview"), .prose(.trusted(wording("overview_text", values))),
            .keyFigures([
                KeyFigure("逾期及违规事项", "\(summary.total.findings) 项"), KeyFigure("涉及机构", "\(summary.institutionCount) 家"),
                KeyFigure("涉及条款", "\(summary.articles.count) 条"), KeyFigure("最长逾期", "\(summary.total.longest ?? 0) 个工作日"),
            ]),
        ]
        blocks += summary.total.findings == 0 ? [.prose(.trusted(wording("none")))] : counts(summary, values) + worstCases(summary, values)
        blocks.append(.note(.trusted(wording("note", values) + (summary.total.provisional ? wording("provisional_note") : ""))))
        return ReportDocument(
            title: "《\(wording("title"))》",
            subtitle: wording("subtitle", values),
            provenance: wording("provenance", values),
            blocks: blocks
        )
    }

    private func counts(_ summary: ComplianceSummary, _ values: [String: String]) -> [ReportBlock] {
        let institutions = summary.leadingInstitutions
        return [
            .heading(wording("by_article"), anchor: "by-article"),
            .table(
                ReportTable(
                    caption: "表1 各条款事项数",
                    columns: [.init("条款"), .init("事项数", numeric: true)],
                    rows: summary.articles.map { [.text($0.label), .integer($0.findings)] }
                )
            ),
            .heading(wording("by_institution"), anchor: "by-institution"),
            .prose(.trusted(wording(institutions.count < summary.institutionCount ? "by_institution_leading" : "by_institution_all", values))),
            .table(
                ReportTable(
                    caption: "表2 事项最多的机构",
                    columns: [.init("机构"), .init("事项数", numeric: true)],
                    rows: institutions.map { [.text($0.label), .integer($0.findings)] }
                )
            ),
            .chart(
                BarChart(
                    title: "图1 事项最多的机构",
                    bars: institutions.map { ($0.label, Double($0.findings)) },
                    maximum: Double(institutions.first?.findings ?? 1)
                )
            ),
        ]
    }

    private func worstCases(_ summary: ComplianceSummary, _ values: [String: String]) -> [ReportBlock] {
        [
            .heading(wording("worst_cases"), anchor: "worst-cases"),
            .prose(.trusted(wording("worst_cases_text", values))),
            .table(
                ReportTable(
                    caption: "表3 各条款逾期最久的事项",
                    columns: [.init("条款"), .init("责任机构"), .init("事项"), .init("期限"), .init("逾期工作日", numeric: true)],
                    rows: summary.worstCases.map {
                        [
                            .text($0.article), .text($0.institution), .text($0.text), .text($0.due),
                            $0.overdue.map(ReportTable.Cell.integer) ?? .text("—"),
                        ]
                    }
                )
            ),
        ]
    }
}

extension ComplianceReport {
    /// Who reads a division's compliance report (RP.3): the committee, the admin, and reviewers or planners of the
    /// authorities over the division — whichever door, API or page.
    public static func requireReader(_ actor: Principal, of division: String, on connection: Connection) throws {
        guard actor.role != .committee, actor.role != .admin else { return }
        try actor.requireAuthority(overLineage: try DivisionStore().lineage(of: division, on: connection), roles: [.reviewer, .planner])
    }
}
