import Foundation
import RegistryCore

/// 举报 (A46.1): the reports of unlawful use before the reviewer's authority and those below it, open ones first. The
/// regulation sets no fixed time (依法及时处理): each open report shows the days since it was received. The reporter is
/// never named (匿名举报人).
struct UnlawfulUseReportsPage: PageView {
    static let template = "unlawful-use-reports"
    let title = "举报处理"
    var rows: [Row]
    var anyRows: Bool
    var filters: [ViolationsPage.Filter]

    struct Row: Sendable {
        var link: String
        var number: String
        var subject: String
        var receivedOn: String
        var elapsed: String
        var state: String
    }

    init(_ reports: [UnlawfulUseReport], state: UnlawfulUseReportState?, today: CivilDate) {
        rows = reports.sorted { ($0.state == .handled ? 1 : 0, $0.receivedOn, $0.number) < ($1.state == .handled ? 1 : 0, $1.receivedOn, $1.number) }
            .map { report in
                Row(
                    link: UnlawfulUseReportPage.path(of: report.id),
                    number: "第 \(report.number) 号",
                    subject: UnlawfulUseReportPage.subject(of: report),
                    receivedOn: report.receivedOn.iso,
                    elapsed: UnlawfulUseReportPage.elapsed(report, today: today),
                    state: report.state.label
                )
            }
        anyRows = !rows.isEmpty
        let list = UnlawfulUseReportPagesController.list
        filters =
            [ViolationsPage.Filter(label: "全部", link: list, current: state == nil)]
            + UnlawfulUseReportState.allCases.map {
                ViolationsPage.Filter(label: $0.label, link: "\(list)?state=\($0.rawValue)", current: $0 == state)
            }
    }
}

/// A report of unlawful use (A46.1): what was reported and against whom, its state and history, and the authority's
/// steps — investigate (核查), then conclude with the outcome (办结).
struct UnlawfulUseReportPage: FormPage {
    static let template = "unlawful-use-report"
    static let fields: Set<String> = ["note", "outcome"]
    var title: String
    var link: String
    var notice: String?
    var facts: [Fact]
    var canInvestigate: Bool
    var canConclude: Bool
    /// The form that records the reported data user's violation and suspends its access (A50.1), while the report is open
    /// and the actor's authority is the one such a violation belongs to (`dataUserJurisdiction`: without the data
    /// concerned, the region's).
    var suspendLink: String?
    var note: FormField
    var outcome: FormField
    var errors: FormErrors

    init(
        _ report: UnlawfulUseReport,
        actor: Principal,
        today: CivilDate,
        dataUserJurisdiction: String?,
        notice: String?,
        input: UnlawfulUseReportStepInput = UnlawfulUseReportStepInput(),
        errors: FormErrors = FormErrors()
    ) {
        title = "举报 第 \(report.number) 号"
        link = Self.path(of: report.id)
        self.notice = notice
        facts = [
            Fact(label: "状态", value: report.state.label), Fact(label: "举报人", value: report.reporter),
            Fact(label: "被举报对象", value: Self.subject(of: report)), Fact(label: "举报内容", value: report.description),
            Fact(label: "受理日期", value: report.receivedOn.iso), Fact(label: "办理时限", value: "依法及时处理(第四十六条),\(Self.elapsed(report, today: today))"),
            Fact(label: "开始核查", value: report.handlingOn?.iso ?? "—"), Fact(label: "核查说明", value: report.handlingNote ?? "—"),
            Fact(label: "办结日期", value: report.handledOn?.iso ?? "—"), Fact(label: "处理结果", value: report.outcome ?? "—"),
        ]
        let handler = actor.role == .reviewer && actor.institutionKind == .publicDataAuthority && actor.division == report.authorityDivision
        canInvestigate = handler && report.state == .received
        canConclude = handler && report.state != .handled
        suspendLink =
            canConclude && report.subjectDataUser != nil && actor.division == dataUserJurisdiction
            ? "\(SupervisionPagesController.violations)/new?report=\(report.id.uuidString.lowercased())" : nil
        note = FormField("note", label: "核查说明", type: "textarea", value: input.note ?? "", hint: "可不填。", errors: errors)
        outcome = FormField("outcome", label: "处理结果", type: "textarea", value: input.outcome ?? "", errors: errors)
        self.errors = errors
    }

    static func path(of id: UUID) -> String {
        "\(UnlawfulUseReportPagesController.list)/\(id.uuidString.lowercased())"
    }

    /// The institution or data user reported — a natural person by masked identity only (A13.1) — or 未指明.
    static func subject(of report: UnlawfulUseReport) -> String {
        if let name = report.subjectInstitutionName { return name }
        return report.subjectDataUser.map(DataUserLabel.masked) ?? "未指明"
    }

    /// How long an open report has waited since receipt; how long a concluded one took.
    static func elapsed(_ report: UnlawfulUseReport, today: CivilDate) -> String {
        let days = report.receivedOn.days(until: report.handledOn ?? today)
        return report.state == .handled ? "历时 \(days) 天办结" : "已受理 \(days) 天"
    }

    static func notice(_ key: String?) -> String? {
        switch key {
        case "investigating": "已开始核查。"
        case "concluded": "举报已办结。"
        default: nil
        }
    }
}

/// What the steps of a report post.
struct UnlawfulUseReportStepInput: Decodable, Sendable {
    var note: String?
    var outcome: String?

    init() {}
}

/// A data user as supervision pages name it (A13.1): a natural person by kind and masked identity number, never by
/// name; an organisation by its name.
enum DataUserLabel {
    static func masked(_ user: DataUser) -> String {
        user.kind == .naturalPerson ? "\(user.kind.label) \(user.maskedCitizenID ?? "")" : user.name
    }
}
