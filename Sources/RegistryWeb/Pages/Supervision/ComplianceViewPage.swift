import Foundation
import RegistryCore
import Reports

/// 合规情况 (RP.3): the findings of a division on a day — overdue deadlines and rule breaches — filtered by article and
/// institution, longest overdue first, with the counts that guide the filters.
struct ComplianceViewPage: PageView {
    static let template = "compliance-view"
    let title = "合规情况"
    var asOf: FormField
    var article: ChoiceField
    var institution: ChoiceField
    var division: String
    var summary: String
    var rows: [Row]
    var anyRows: Bool
    var previousLink: String?
    var nextLink: String?
    var reportLink: String

    /// What the view shows.
    struct Filter: Sendable {
        var day: CivilDate
        var division: String
        var article: String?
        var institution: String?
        var page: Int

        /// This filter's address, on `page`.
        func link(page: Int) -> String {
            var parts = ["as_of=\(day.iso)", "division=\(division)", "page=\(page)"]
            if let article { parts.append("article=\(Self.encoded(article))") }
            if let institution { parts.append("institution=\(Self.encoded(institution))") }
            return SupervisionPagesController.compliance + "?" + parts.joined(separator: "&")
        }

        static func encoded(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        }
    }

    /// A finding.
    struct Row: Sendable {
        var article: String
        var institution: String
        var finding: String
        var due: String
        var provisional: Bool
        var overdue: String
    }

    init(_ view: ComplianceFindingsView, filter: Filter) {
        asOf = FormField("as_of", label: "截止日期", type: "date", value: filter.day.iso, errors: FormErrors())
        article = ChoiceField(
            "article",
            label: "条款",
            options: view.articles.map { ($0.value, "\(Self.article($0.value))(\($0.count))") },
            chosen: filter.article ?? "",
            prompt: "全部条款",
            errors: FormErrors()
        )
        institution = ChoiceField(
            "institution",
            label: "责任机构",
            options: view.institutions.map { ($0.value, "\($0.value)(\($0.count))") },
            chosen: filter.institution ?? "",
            prompt: "全部机构",
            errors: FormErrors()
        )
        division = filter.division
        summary = "共 \(Figures.count(Int64(view.total))) 项"
        rows = view.findings.map {
            Row(
                article: Self.article($0.article),
                institution: $0.institution,
                finding: $0.finding,
                due: $0.due?.iso ?? "—",
                provisional: $0.dueProvisional,
                overdue: $0.workingDaysOverdue.map(String.init) ?? "—"
            )
        }
        anyRows = !rows.isEmpty
        previousLink = filter.page > 1 ? filter.link(page: filter.page - 1) : nil
        nextLink = filter.page * SupervisionPagesController.pageSize < view.total ? filter.link(page: filter.page + 1) : nil
        reportLink = "\(AssessmentPagesController.compliance)?as_of=\(filter.day.iso)&division=\(filter.division)"
    }

    /// 第二十三条 (A23.2) for `A23.2`.
    static func article(_ id: String) -> String {
        ArticleName.of(id).map { "\($0)(\(id))" } ?? id
    }
}
