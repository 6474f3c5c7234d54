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
                link: AccountPage.path(of: $0.id), name: $0.displayName, role: $0.role.label, institution: $0.institutionName ?? "—",
                login: $0.login ?? "—", state: $0.revokedAt == nil ? "正常" : "已停用", sessions: $0.openSessions)
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
                started: Self.time(session.createdAt), lastSeen: Self.time(session.lastSeenAt),
                ended: session.endedAt.map { "\(Self.time($0))(\(reasons[session.endReason ?? ""] ?? "—"))" } ?? "—")
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
/// deadlines count provisional days, and the warning when one is due.
struct CalendarStatusPage: PageView {
    static let template = "admin-calendar"
    let title = "工作日历"
    var facts: [Fact]
    var warning: String?

    init(_ status: CalendarStatus) {
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
