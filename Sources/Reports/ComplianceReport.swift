import Foundation
import Postgres
import RegistryCore

/// RP.3: the compliance report — as of a day, every overdue deadline and rule breach in a division and those below it
/// (`compliance_findings`), each with its article, the institution responsible, the due day and the working days
/// overdue; counts per article and per institution, with a chart.
public struct ComplianceReport: Sendable {
    public var wording: ReportWording

    public init(wording: ReportWording) {
        self.wording = wording
    }

    /// One finding of the report.
    struct Finding {
        var article: String
        var institution: String
        var text: String
        var due: String
        var overdue: Int?
    }

    public func document(asOf day: CivilDate, division: String, on connection: Connection) throws -> ReportDocument {
        let findings = try Self.findings(asOf: day, division: division, on: connection)
        let head = try AuditTrail.head(on: connection)
        let scope = try connection.query("select name from division where code = \(division)").first?.decode("name", as: String.self) ?? division
        let values = ["scope": scope, "as_of": day.description, "audit_seq": String(head.sequence), "audit_hash": head.hashHex]
        var blocks: [ReportBlock] = [
            .heading(wording("overview"), anchor: "overview"), .prose(.trusted(wording("overview_text", values))),
            .keyFigures([
                KeyFigure("逾期及违规事项", "\(findings.count) 项"),
                KeyFigure("涉及机构", "\(Set(findings.map(\.institution)).count) 家"),
                KeyFigure("涉及条款", "\(Set(findings.map(\.article)).count) 条"),
                KeyFigure("最长逾期", "\(findings.compactMap(\.overdue).max() ?? 0) 个工作日"),
            ]),
        ]
        blocks += findings.isEmpty ? [.prose(.trusted(wording("none")))] : counts(findings) + details(findings)
        blocks.append(.note(.trusted(wording("note"))))
        return ReportDocument(
            title: "《\(wording("title"))》", subtitle: wording("subtitle", values), provenance: wording("provenance", values),
            blocks: blocks)
    }

    private func counts(_ findings: [Finding]) -> [ReportBlock] {
        let byArticle = Dictionary(grouping: findings, by: \.article).sorted { $0.key < $1.key }
        let byInstitution = Dictionary(grouping: findings, by: \.institution).sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }
        return [
            .heading(wording("by_article"), anchor: "by-article"),
            .table(ReportTable(
                caption: "表1 各条款事项数", columns: [.init("条款"), .init("事项数", numeric: true)],
                rows: byArticle.map { [.text($0.key), .integer($0.value.count)] })),
            .heading(wording("by_institution"), anchor: "by-institution"),
            .table(ReportTable(
                caption: "表2 各机构事项数", columns: [.init("机构"), .init("事项数", numeric: true)],
                rows: byInstitution.map { [.text($0.key), .integer($0.value.count)] })),
            .chart(BarChart(
                title: "图1 各机构事项数", bars: byInstitution.map { ($0.key, Double($0.value.count)) },
                maximum: Double(byInstitution.first?.value.count ?? 1))),
        ]
    }

    private func details(_ findings: [Finding]) -> [ReportBlock] {
        [
            .heading(wording("details"), anchor: "details"),
            .table(ReportTable(
                caption: "表3 逾期及违规事项明细",
                columns: [.init("条款"), .init("责任机构"), .init("事项"), .init("期限"), .init("逾期工作日", numeric: true)],
                rows: findings.map { [.text($0.article), .text($0.institution), .text($0.text), .text($0.due), $0.overdue.map(ReportTable.Cell.integer) ?? .text("—")] })),
        ]
    }

    /// The findings of `division` and those below it on `day`, by article, institution and due day.
    static func findings(asOf day: CivilDate, division: String, on connection: Connection) throws -> [Finding] {
        try connection.query(
            """
            select f.article, coalesce(i.name, '数据利用主体') as institution, f.finding, f.due, f.working_days_overdue
              from compliance_findings(\(day)::date) f left join institution i on i.uscc = f.institution_uscc
             where (f.institution_uscc is null and \(division) = '150000')
                or i.division_code in (select division_and_descendants(\(division)::char(6)))
             order by f.article, institution, f.due nulls last, f.finding
            """
        ).map { row in
            Finding(
                article: try row.decode("article"), institution: try row.decode("institution"), text: try row.decode("finding"),
                due: try row.decodeIfPresent("due", as: CivilDate.self)?.description ?? "—",
                overdue: try row.decodeIfPresent("working_days_overdue"))
        }
    }
}
