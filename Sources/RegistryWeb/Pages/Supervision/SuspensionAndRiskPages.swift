import Foundation
import RegistryCore

/// 暂停获取权限 (A50.1): the suspensions in force in the reviewer's division — whose access (a natural person by masked
/// identity only, A13.1), to which data, why, since and until when, and the violation whose rectification lifts it.
struct SuspensionsPage: PageView {
    static let template = "suspensions"
    let title = "暂停获取权限"
    var rows: [Row]
    var anyRows: Bool

    struct Row: Sendable {
        var subject: String
        var data: String
        var reason: String
        var article: String
        var from: String
        var until: String
        var violationLink: String?
        var violation: String
    }

    init(_ entries: [SuspensionEntry], today: CivilDate) {
        rows = entries.map { entry in
            Row(
                subject: entry.dataUser.map(DataUserLabel.masked) ?? entry.institutionName ?? "—",
                data: entry.itemName ?? "全部公共数据",
                reason: entry.reason,
                article: Self.article(entry.article),
                from: entry.suspendedFrom.iso,
                until: entry.suspendedUntil.map { "\($0.iso) 止" }
                    ?? entry.rectificationDue.map { "整改完成前(整改期限 \($0.iso)\($0 < today ? ",已逾期" : ""))" } ?? "整改完成前",
                violationLink: entry.violationID.map(ViolationPage.path(of:)),
                violation: entry.violationNumber.map { "第 \($0) 号" } ?? "—"
            )
        }
        anyRows = !rows.isEmpty
    }

    /// The clause as the regulation writes it: the database records `第五十条第3项` (or `A50(3)`), shown as 第五十条第(三)项.
    static func article(_ recorded: String) -> String {
        guard let match = recorded.firstMatch(of: /^(第.+条)第(\d)项$/), let item = Int(match.2), (1...6).contains(item) else {
            return ViolationClauses.label(recorded)
        }
        return "\(match.1)第(\(ViolationClauses.numerals[item - 1]))项"
    }
}

/// 共享风险评估和安全审查 (A35.2): the records of the division's institutions, newest first, and the form that records
/// one.
struct RiskReviewsPage: FormPage {
    static let template = "risk-reviews"
    static let fields: Set<String> = ["institution", "kind", "checked_on", "findings", "issues_found", "measures"]
    let title = "共享风险评估和安全审查"
    var notice: String?
    var rows: [Row]
    var anyRows: Bool
    var institution: FormField
    var kind: ChoiceField
    var checkedOn: FormField
    var findings: FormField
    var issuesFound: FormField
    var measures: FormField
    var errors: FormErrors

    struct Row: Sendable {
        var checkedOn: String
        var institution: String
        var kind: String
        var findings: String
        var issues: Int
        var measures: String
    }

    init(_ entries: [RiskReviewEntry], notice: String? = nil, input: RiskReviewInput = RiskReviewInput(), errors: FormErrors = FormErrors()) {
        self.notice = notice
        rows = entries.map {
            Row(
                checkedOn: $0.check.checkedOn.iso,
                institution: $0.institutionName,
                kind: $0.check.kind.label,
                findings: $0.check.findings,
                issues: $0.check.issuesFound,
                measures: $0.check.measures ?? "—"
            )
        }
        anyRows = !rows.isEmpty
        institution = FormField(
            "institution",
            label: "机构统一社会信用代码",
            value: input.institution ?? "",
            hint: "不填即为本部门;也可填写本地区的其他机构。",
            errors: errors
        )
        kind = ChoiceField(
            "kind",
            label: "类别",
            options: SecurityRecords.riskReviewKinds.map { ($0.rawValue, $0.label) },
            chosen: input.kind,
            prompt: "请选择",
            errors: errors
        )
        checkedOn = FormField("checked_on", label: "开展日期", type: "date", value: input.checkedOn ?? "", errors: errors)
        findings = FormField("findings", label: "发现的情况", type: "textarea", value: input.findings ?? "", errors: errors)
        issuesFound = FormField("issues_found", label: "发现的问题数", type: "number", value: input.issuesFound ?? "0", errors: errors)
        measures = FormField("measures", label: "整改措施", type: "textarea", value: input.measures ?? "", hint: "发现问题的必填。", errors: errors)
        self.errors = errors
    }
}

/// What the risk review form posts.
struct RiskReviewInput: Decodable, Sendable {
    var institution: String?
    var kind: String?
    var checkedOn: String?
    var findings: String?
    var issuesFound: String?
    var measures: String?

    enum CodingKeys: String, CodingKey {
        case institution, kind, findings, measures
        case checkedOn = "checked_on"
        case issuesFound = "issues_found"
    }

    init() {}

    var check: NewSecurityCheck {
        get throws {
            let chosen: SecurityCheckKind = try FormShape.choice(kind, "kind", "类别")
            guard SecurityRecords.riskReviewKinds.contains(chosen) else { throw RegistryError.missing("kind", "类别", article: "A35.2") }
            guard let issues = Int(FormShape.optionalText(issuesFound) ?? "0") else {
                throw RegistryError.invalid("issues_found", "发现的问题数须为整数。", article: "A35.2")
            }
            return NewSecurityCheck(
                institution: FormShape.optionalText(institution)?.uppercased(),
                kind: chosen,
                checkedOn: try FormShape.date(checkedOn, "checked_on"),
                findings: findings ?? "",
                issuesFound: issues,
                measures: FormShape.optionalText(measures)
            )
        }
    }
}
