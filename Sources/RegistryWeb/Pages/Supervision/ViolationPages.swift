import Foundation
import RegistryCore

/// 违规记录 (A49.1–A51.1): the violations in the reviewer's division and below it, open ones first, each with its
/// rectification deadline and state.
struct ViolationsPage: PageView {
    static let template = "violations"
    let title = "违规记录"
    var rows: [Row]
    var anyRows: Bool
    var filters: [Filter]

    struct Row: Sendable {
        var link: String
        var number: String
        var subject: String
        var clause: String
        var foundOn: String
        var due: String
        var state: String
    }

    /// A link that shows one state (or all).
    struct Filter: Sendable {
        var label: String
        var link: String
        var current: Bool
    }

    init(_ violations: [Violation], state: ViolationState?) {
        rows = violations.map { violation in
            Row(
                link: ViolationPage.path(of: violation.id),
                number: "第 \(violation.number) 号",
                subject: violation.institutionName ?? violation.subject.label,
                clause: ViolationClauses.label(violation.clause),
                foundOn: violation.foundOn.iso,
                due: violation.rectificationDue.iso,
                state: violation.state.label
            )
        }
        anyRows = !rows.isEmpty
        filters =
            [Filter(label: "全部", link: SupervisionPagesController.violations, current: state == nil)]
            + ViolationState.allCases.map {
                Filter(label: $0.label, link: "\(SupervisionPagesController.violations)?state=\($0.rawValue)", current: $0 == state)
            }
    }
}

/// The clauses of A49 (institutions) and A51 (source departments) a violation names, as 第四十九条第(二)项.
enum ViolationClauses {
    static let numerals = ["一", "二", "三", "四", "五", "六"]

    static func label(_ clause: String) -> String {
        guard let match = clause.firstMatch(of: /^A(\d+)\((\d)\)$/), let article = Int(match.1), let item = Int(match.2), (1...6).contains(item)
        else {
            return clause
        }
        return "第\(ArticleName.chinese(article))条第(\(numerals[item - 1]))项"
    }

    /// The options of a subject's article.
    static func options(_ subjects: [ViolationSubject]) -> [(value: String, label: String)] {
        let articles = subjects.map { subject -> (Int, Int) in
            switch subject {
            case .institution: (49, 5)
            case .sourceDepartment: (51, 6)
            case .dataUser: (50, 5)
            }
        }
        return articles.flatMap { article, clauses in
            (1...clauses).map { ("A\(article)(\($0))", label("A\(article)(\($0))")) }
        }
    }
}

/// 记录违规 (A49.1, A51.1): the institution, the clause, the facts and the rectification deadline — or, opened from a
/// report of unlawful use naming a data user (A46.1), that data user's violation of A50, which suspends its access to
/// public data until rectified (A50.1).
struct NewViolationPage: FormPage {
    static let template = "violation-new"
    static let fields: Set<String> = ["subject", "institution", "clause", "description", "found_on", "rectification_due"]
    let title = "记录违规"
    var subject: ChoiceField
    var institution: FormField
    var clause: ChoiceField
    var description: FormField
    var foundOn: FormField
    var rectificationDue: FormField
    /// The data user reported, when the form was opened from a report of unlawful use.
    var reported: ReportedDataUser?
    var errors: FormErrors

    /// A data user named by a report of unlawful use (A46.1), as the form shows it (A13.1) and the report it came from.
    struct ReportedDataUser: Sendable {
        var label: String
        var report: String
    }

    init(input: ViolationInput = ViolationInput(), reported: ReportedDataUser? = nil, errors: FormErrors = FormErrors()) {
        let subjects: [ViolationSubject] = reported == nil ? [.institution, .sourceDepartment] : [.dataUser]
        self.reported = reported
        subject = ChoiceField("subject", label: "违规主体", options: subjects.map { ($0.rawValue, $0.label) }, chosen: input.subject, errors: errors)
        institution = FormField("institution", label: "机构统一社会信用代码", value: input.institution ?? "", errors: errors)
        clause = ChoiceField(
            "clause",
            label: "违反条款",
            options: ViolationClauses.options(subjects),
            chosen: input.clause,
            prompt: "请选择",
            hint: reported == nil ? "公共管理和服务机构适用第四十九条,数源部门适用第五十一条。" : "数据利用主体适用第五十条:记录即暂时关闭其获取公共数据的权限,整改完成前有效。",
            errors: errors
        )
        description = FormField("description", label: "违规事实", type: "textarea", value: input.description ?? "", errors: errors)
        foundOn = FormField("found_on", label: "发现日期", type: "date", value: input.foundOn ?? "", errors: errors)
        rectificationDue = FormField(
            "rectification_due",
            label: "整改期限",
            type: "date",
            value: input.rectificationDue ?? "",
            hint: "责令限期整改的截止日期。",
            errors: errors
        )
        self.errors = errors
    }
}

/// What the violation form posts.
struct ViolationInput: Decodable, Sendable {
    var subject: String?
    var institution: String?
    var clause: String?
    var description: String?
    var foundOn: String?
    var rectificationDue: String?
    /// The report of unlawful use whose data user the violation is recorded against (A46.1, A50.1).
    var report: String?

    enum CodingKeys: String, CodingKey {
        case subject, institution, clause, description, report
        case foundOn = "found_on"
        case rectificationDue = "rectification_due"
    }

    /// The violation; a data user's is the account `dataUser` names (the report's).
    func violation(of dataUser: UUID? = nil) throws -> NewViolation {
        let subject: ViolationSubject = try FormShape.choice(subject, "subject", "违规主体")
        return NewViolation(
            subject: subject,
            institution: subject == .dataUser ? nil : FormShape.optionalText(institution)?.uppercased(),
            dataUserAccount: subject == .dataUser ? dataUser : nil,
            clause: clause ?? "",
            description: description ?? "",
            foundOn: try FormShape.date(foundOn, "found_on"),
            rectificationDue: try FormShape.date(rectificationDue, "rectification_due")
        )
    }
}

/// A violation (A49.1–A51.1): its facts, deadline and state, and while open the forms that close it — rectified, or
/// referred to the department competent once the deadline has passed.
struct ViolationPage: FormPage {
    static let template = "violation"
    static let fields: Set<String> = ["outcome", "referred_to"]
    var title: String
    var link: String
    var notice: String?
    var facts: [Fact]
    var open: Bool
    var outcome: FormField
    var referralOutcome: FormField
    var referredTo: FormField
    var errors: FormErrors

    init(_ violation: Violation, notice: String?, input: ViolationClosingInput = ViolationClosingInput(), errors: FormErrors = FormErrors()) {
        title = "违规记录 第 \(violation.number) 号"
        link = Self.path(of: violation.id)
        self.notice = notice
        facts = [
            Fact(label: "状态", value: violation.state.label),
            Fact(
                label: "违规主体",
                value: violation.institutionName ?? violation.dataUser.map(DataUserLabel.masked) ?? violation.subject.label
            ),
            Fact(label: "违反条款", value: ViolationClauses.label(violation.clause)), Fact(label: "违规事实", value: violation.description),
            Fact(label: "发现日期", value: violation.foundOn.iso), Fact(label: "整改期限", value: violation.rectificationDue.iso),
            Fact(label: "办结日期", value: violation.closedOn?.iso ?? "—"), Fact(label: "处理结果", value: violation.outcome ?? "—"),
            Fact(label: "移送部门", value: violation.referredTo ?? "—"),
        ]
        open = violation.state == .open
        let rectifying = input.decision != "referred"
        outcome = FormField(
            "outcome",
            label: "整改结果",
            type: "textarea",
            value: rectifying ? input.outcome ?? "" : "",
            errors: rectifying ? errors : FormErrors()
        )
        referralOutcome = FormField(
            "referral_outcome",
            label: "处理结果",
            type: "textarea",
            value: rectifying ? "" : input.referralOutcome ?? "",
            errors: rectifying ? FormErrors() : FormErrors.moved(errors, from: "outcome", to: "referral_outcome")
        )
        referredTo = FormField(
            "referred_to",
            label: "移送的有关部门",
            value: input.referredTo ?? "",
            hint: "整改期限届满仍未整改的,移送有关部门处理。",
            errors: errors
        )
        self.errors = errors
    }

    static func path(of id: UUID) -> String {
        "\(SupervisionPagesController.violations)/\(id.uuidString.lowercased())"
    }

    static func notice(_ key: String?) -> String? {
        switch key {
        case "recorded": "违规记录已登记,已责令限期整改。"
        case "closed": "违规记录已办结。"
        case "suspended": "违规记录已登记,已暂时关闭其获取相关公共数据的权限,整改完成前有效。"
        default: nil
        }
    }
}

/// What the closing forms post.
struct ViolationClosingInput: Decodable, Sendable {
    var decision: String?
    var outcome: String?
    var referralOutcome: String?
    var referredTo: String?

    enum CodingKeys: String, CodingKey {
        case decision, outcome
        case referralOutcome = "referral_outcome"
        case referredTo = "referred_to"
    }

    init() {}

    var closing: ViolationClosing {
        decision == "referred"
            ? .referred(to: referredTo ?? "", outcome: referralOutcome ?? "")
            : .rectified(outcome: outcome ?? "")
    }
}

extension FormErrors {
    /// `errors` with the message of `field` shown beside `other` instead: two forms of one page post the same field.
    static func moved(_ errors: FormErrors, from field: String, to other: String) -> FormErrors {
        var moved = errors
        moved.fields[other] = moved.fields.removeValue(forKey: field)
        return moved
    }
}

/// 安全管理 (A36.1): each institution of the division — its security officer named or not (in red), its latest periodic
/// check, the checks and issues of the year.
struct SecurityOverviewPage: PageView {
    static let template = "security-overview"
    let title = "安全管理责任与安全检查"
    var rows: [Row]
    var anyRows: Bool
    var missing: Int

    struct Row: Sendable {
        var name: String
        var officer: String
        var noOfficer: Bool
        var lastCheck: String
        var checks: Int
        var issues: Int
    }

    init(_ entries: [SecurityOverviewEntry]) {
        rows = entries.map {
            Row(
                name: $0.institutionName,
                officer: $0.officerNamedOn.map { "\($0.iso) 明确" } ?? "未明确",
                noOfficer: $0.officerNamedOn == nil,
                lastCheck: $0.lastPeriodicCheck?.iso ?? "—",
                checks: $0.checksThisYear,
                issues: $0.issuesThisYear
            )
        }
        anyRows = !rows.isEmpty
        missing = entries.filter { $0.officerNamedOn == nil }.count
    }
}
