import Foundation
import RegistryCore

/// 纠错 (A45.1): the reports with their handling deadline (暂定 when provisional, W.3), overdue ones marked, and state.
struct ErrorReportsPage: PageView {
    static let template = "error-reports"
    var title: String
    var hint: String
    var rows: [Row]
    var anyRows: Bool
    var filters: [ViolationsPage.Filter]

    struct Row: Sendable {
        var link: String
        var number: String
        var item: String
        var provider: String
        var kind: String
        var receivedOn: String
        var due: String
        var provisional: Bool
        var overdue: Bool
        var state: String
    }

    init(_ reports: [ErrorReport], state: ErrorReportState?, role: Role) {
        title = role == .clerk ? "纠错办理" : "纠错监督"
        hint =
            role == .clerk
            ? "本机构提供的数据收到的纠错:须在处理期限内核实,处理并反馈或说明不予采纳的理由(第四十五条)。"
            : "本地区各数源机构收到的纠错及其处理期限;逾期未办结的标红(第四十五条)。"
        rows = reports.map { report in
            Row(
                link: ErrorReportPage.path(of: report.id),
                number: "第 \(report.number) 号",
                item: "\(report.itemName)(\(report.itemCode))",
                provider: report.providerName,
                kind: report.kind.label,
                receivedOn: report.receivedOn.iso,
                due: report.handlingDue.iso,
                provisional: report.handlingDueProvisional,
                overdue: report.overdue,
                state: report.state.label
            )
        }
        anyRows = !rows.isEmpty
        filters =
            [ViolationsPage.Filter(label: "全部", link: ErrorReportPagesController.list, current: state == nil)]
            + ErrorReportState.allCases.map {
                ViolationsPage.Filter(label: $0.label, link: "\(ErrorReportPagesController.list)?state=\($0.rawValue)", current: $0 == state)
            }
    }
}

/// A report (A45.1): what was reported on which item, the deadline and the history, and the provider's steps —
/// verify; then handle with feedback, or reject with the reason. The reporter is named only by institution; a data
/// user shows as 数据利用主体 (A13.1).
struct ErrorReportPage: FormPage {
    static let template = "error-report"
    static let fields: Set<String> = ["note", "feedback", "rejection_reason"]
    var title: String
    var link: String
    var notice: String?
    var facts: [Fact]
    var canVerify: Bool
    var canClose: Bool
    var note: FormField
    var feedback: FormField
    var rejectionReason: FormField
    var errors: FormErrors

    init(
        _ report: ErrorReport,
        actor: Principal,
        notice: String?,
        input: ErrorReportStepInput = ErrorReportStepInput(),
        errors: FormErrors = FormErrors()
    ) {
        title = "纠错 第 \(report.number) 号"
        link = Self.path(of: report.id)
        self.notice = notice
        facts = [
            Fact(label: "状态", value: report.state.label + (report.overdue ? "(已逾期)" : "")),
            Fact(label: "目录条目", value: "\(report.itemName)(\(report.itemCode))"), Fact(label: "数源机构", value: report.providerName),
            Fact(label: "纠错类型", value: report.kind.label), Fact(label: "纠错内容", value: report.description),
            Fact(label: "提出方", value: report.reporterInstitutionName ?? "数据利用主体"), Fact(label: "收到日期", value: report.receivedOn.iso),
            Fact(label: "处理期限", value: report.handlingDue.iso + (report.handlingDueProvisional ? "(暂定)" : "")),
            Fact(label: "开始核实", value: report.verifyingOn?.iso ?? "—"), Fact(label: "核实说明", value: report.verificationNote ?? "—"),
            Fact(label: "办结日期", value: report.closedOn?.iso ?? "—"),
            Fact(label: "处理反馈", value: report.feedback ?? report.rejectionReason.map { "不予采纳:\($0)" } ?? "—"),
        ]
        let provider = actor.role == .clerk && actor.institution == report.provider
        canVerify = provider && report.state == .received
        canClose = provider && report.state == .verifying
        note = FormField("note", label: "核实说明", type: "textarea", value: input.note ?? "", hint: "可不填。", errors: errors)
        feedback = FormField("feedback", label: "处理结果和反馈", type: "textarea", value: input.feedback ?? "", errors: errors)
        rejectionReason = FormField("rejection_reason", label: "不予采纳的理由", type: "textarea", value: input.rejectionReason ?? "", errors: errors)
        self.errors = errors
    }

    static func path(of id: UUID) -> String {
        "\(ErrorReportPagesController.list)/\(id.uuidString.lowercased())"
    }

    static func notice(_ key: String?) -> String? {
        switch key {
        case "verifying": "已开始核实。"
        case "handled": "已处理并反馈提出方。"
        case "rejected": "已说明不予采纳的理由。"
        default: nil
        }
    }
}

/// What the steps of a report post.
struct ErrorReportStepInput: Decodable, Sendable {
    var decision: String?
    var note: String?
    var feedback: String?
    var rejectionReason: String?

    enum CodingKeys: String, CodingKey {
        case decision, note, feedback
        case rejectionReason = "rejection_reason"
    }

    init() {}
}
