import Foundation
import RegistryCore

/// 账户管理: the accounts found, newest first, with their role, institution, login and open web sessions.
struct AccountsPage: PageView {
    static let template = "admin-accounts"
    let title = "账户管理"
    var query: FormField
    var rows: [Row]
    var anyRows: Bool

    struct Row: Sendable {
        var link: String
        var name: String
        var role: String
        var institution: String
        var login: String
        var state: String
        var sessions: Int
    }

    init(_ accounts: [AccountAdministration.Entry], text: String) {
        query = FormField("q", label: "登录名或姓名", value: text, errors: FormErrors())
        rows = accounts.map {
            Row(
                link: AccountPage.path(of: $0.id),
                name: $0.displayName,
                role: $0.role.label,
                institution: $0.institutionName ?? "—",
                login: $0.login ?? "—",
                state: $0.revokedAt == nil ? "正常" : "已停用",
                sessions: $0.openSessions
            )
        }
        anyRows = !rows.isEmpty
    }
}

/// An account: its facts, its latest web sessions, and the administrator's steps — disable, new password link.
struct AccountPage: FormPage {
    static let template = "admin-account"
    static let fields: Set<String> = []
    var title: String
    var link: String
    var notice: String?
    var facts: [Fact]
    var sessions: [SessionRow]
    var anySessions: Bool
    var active: Bool
    var hasLogin: Bool
    /// The one-time link, on the answer to the POST that made it only.
    var passwordLink: String?
    var errors: FormErrors

    struct SessionRow: Sendable {
        var started: String
        var lastSeen: String
        var ended: String
    }

    init(_ account: AccountAdministration.Entry, sessions: [AccountAdministration.Session], notice: String?, errors: FormErrors = FormErrors()) {
        title = "账户:\(account.displayName)"
        link = Self.path(of: account.id)
        self.notice = notice
        facts = [
            Fact(label: "姓名", value: account.displayName), Fact(label: "角色", value: account.role.label),
            Fact(label: "机构", value: account.institutionName ?? "—"), Fact(label: "登录名", value: account.login ?? "—"),
            Fact(label: "状态", value: account.revokedAt.map { "已停用(\(Self.time($0)))" } ?? "正常"),
            Fact(label: "有效会话", value: "\(account.openSessions) 个"),
        ]
        let reasons = [
            "signed_out": "退出登录", "signed_out_everywhere": "在所有设备上退出", "timed_out": "超时", "account_revoked": "账户停用",
            "password_changed": "修改密码",
        ]
        self.sessions = sessions.map { session in
            SessionRow(
                started: Self.time(session.createdAt),
                lastSeen: Self.time(session.lastSeenAt),
                ended: session.endedAt.map { "\(Self.time($0))(\(reasons[session.endReason ?? ""] ?? "—"))" } ?? "—"
            )
        }
        anySessions = !self.sessions.isEmpty
        active = account.revokedAt == nil
        hasLogin = account.login != nil
        self.errors = errors
    }

    static func path(of id: UUID) -> String {
        "\(AdminPagesController.accounts)/\(id.uuidString.lowercased())"
    }

    /// A moment in Beijing time, to the minute.
    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}

/// 工作日历 (W.2, W.3): which official years are loaded, how far the provisional calendar reaches, how many open
/// deadlines count provisional days, and the warning when one is due — and the form that loads a year's official
/// arrangement, as `registry calendar load` does.
struct CalendarStatusPage: FormPage {
    static let template = "admin-calendar"
    static let fields: Set<String> = ["year", "source", "days"]
    let title = "工作日历"
    var facts: [Fact]
    var warning: String?
    var notice: String?
    var year: FormField
    var source: FormField
    var days: FormField
    var errors: FormErrors

    init(_ status: CalendarStatus, notice: String? = nil, input: CalendarLoadInput = CalendarLoadInput(), errors: FormErrors = FormErrors()) {
        self.notice = notice
        year = FormField("year", label: "年度", type: "number", value: input.year ?? "\(status.lastOfficialYear + 1)", errors: errors)
        source = FormField("source", label: "发布依据", value: input.source ?? "", hint: "如:国务院办公厅关于某年部分节假日安排的通知。", errors: errors)
        days = FormField(
            "days",
            label: "放假和调休日期",
            type: "textarea",
            value: input.days ?? OfficialCalendarCSV.header + "\n",
            hint: "CSV,首行为 date,kind,holiday;kind 为 off(放假)或 work(调休上班),如 2027-01-01,off,元旦。",
            errors: errors
        )
        self.errors = errors
        facts = [
            Fact(label: "今天", value: status.today.iso),
            Fact(label: "已导入的国务院节假日安排", value: "\(status.firstOfficialYear)–\(status.lastOfficialYear) 年"),
            Fact(label: "距已导入安排结束", value: "\(status.daysLeft) 天"),
            Fact(label: "暂定日历推算至", value: status.provisionalThrough?.iso ?? "—"),
            Fact(label: "按暂定日历计算的未办结期限", value: "\(status.openProvisionalDeadlines) 项"),
        ]
        warning = status.warning
    }
}

/// 开设账户: a staff account — its role, name, institution and login. The answer shows the new account with its one-time
/// link to set the password, shown this once; data users register themselves on the portal.
struct NewAccountPage: FormPage {
    static let template = "admin-account-new"
    static let fields: Set<String> = ["role", "display_name", "institution", "login"]
    let title = "开设账户"
    var role: ChoiceField
    var displayName: FormField
    var institution: FormField
    var login: FormField
    var errors: FormErrors

    /// The roles an administrator opens accounts for.
    static let roles: [Role] = Role.allCases.filter { $0 != .dataUser }

    init(input: NewAccountInput = NewAccountInput(), errors: FormErrors = FormErrors()) {
        role = ChoiceField(
            "role",
            label: "角色",
            options: Self.roles.map { ($0.rawValue, $0.label) },
            chosen: input.role,
            prompt: "请选择",
            errors: errors
        )
        displayName = FormField("display_name", label: "姓名或账户名称", value: input.displayName ?? "", errors: errors)
        institution = FormField(
            "institution",
            label: "所属机构统一社会信用代码",
            value: input.institution ?? "",
            hint: "登记员、审核员、规划员必填;评估委员会、审计账户可不填;平台管理员不填。",
            errors: errors
        )
        login = FormField("login", label: "登录名", value: input.login ?? "", autocomplete: "off", hint: "小写字母开头,3–32 位字母、数字或 . _ -。", errors: errors)
        self.errors = errors
    }
}

/// What the account form posts.
struct NewAccountInput: Decodable, Sendable {
    var role: String?
    var displayName: String?
    var institution: String?
    var login: String?

    enum CodingKeys: String, CodingKey {
        case role, institution, login
        case displayName = "display_name"
    }

    init() {}

    var account: NewAccount {
        get throws {
            NewAccount(
                role: try FormShape.choice(role, "role", "角色"),
                displayName: displayName ?? "",
                institution: FormShape.optionalText(institution)
            )
        }
    }
}

/// 机构管理 (A5.1): the institutions and authorities found — by name or code, kind and division — and the form that
/// registers one.
struct InstitutionsPage: FormPage {
    static let template = "admin-institutions"
    static let fields: Set<String> = ["uscc", "name", "division_code", "kind"]
    let title = "机构管理"
    var notice: String?
    var query: FormField
    var total: Int
    var rows: [Row]
    var anyRows: Bool
    var uscc: FormField
    var name: FormField
    var divisionCode: FormField
    var kind: ChoiceField
    var errors: FormErrors

    struct Row: Sendable {
        var name: String
        var uscc: String
        var division: String
        var kind: String
        var officer: String
    }

    init(
        _ listing: InstitutionListing,
        text: String,
        notice: String? = nil,
        input: InstitutionInput = InstitutionInput(),
        errors: FormErrors = FormErrors()
    ) {
        self.notice = notice
        query = FormField("q", label: "名称或统一社会信用代码", value: text, errors: FormErrors())
        total = listing.total
        rows = listing.institutions.map {
            Row(name: $0.name, uscc: $0.uscc, division: $0.divisionCode, kind: $0.kind.label, officer: $0.securityOfficerNamed ? "已明确" : "未明确")
        }
        anyRows = !rows.isEmpty
        uscc = FormField("uscc", label: "统一社会信用代码", value: input.uscc ?? "", errors: errors)
        name = FormField("name", label: "机构名称", value: input.name ?? "", errors: errors)
        divisionCode = FormField(
            "division_code",
            label: "行政区划代码",
            value: input.divisionCode ?? "",
            hint: "6 位数字(GB/T 2260),如 150102。",
            errors: errors
        )
        kind = ChoiceField(
            "kind",
            label: "机构类别",
            options: InstitutionKind.allCases.map { ($0.rawValue, $0.label) },
            chosen: input.kind,
            prompt: "请选择",
            hint: "每个行政区划只有一个公共数据主管部门(第五条)。",
            errors: errors
        )
        self.errors = errors
    }
}

/// What the institution form posts.
struct InstitutionInput: Decodable, Sendable {
    var uscc: String?
    var name: String?
    var divisionCode: String?
    var kind: String?

    enum CodingKeys: String, CodingKey {
        case uscc, name, kind
        case divisionCode = "division_code"
    }

    init() {}

    var institution: NewInstitution {
        get throws {
            NewInstitution(
                uscc: FormShape.optionalText(uscc) ?? "",
                name: name ?? "",
                divisionCode: FormShape.optionalText(divisionCode) ?? "",
                kind: try FormShape.choice(kind, "kind", "机构类别")
            )
        }
    }
}

/// What the calendar form posts: the year, where its arrangement was published, and its days (date,kind,holiday).
struct CalendarLoadInput: Decodable, Sendable {
    var year: String?
    var source: String?
    var days: String?

    init() {}
}
