import Foundation
import Hummingbird
import RegistryCore

/// 系统管理: the platform administrator's accounts — open one with its login, find one, see its web sessions, disable it,
/// give it a new one-time password link (shown once, on the answer to the POST) —, the institutions and authorities
/// (A5.1: list, register), and the working-day calendar (W.2, W.3): its status, as `registry calendar status` prints
/// it, and loading a year's official arrangement, as `registry calendar load` does. Each account step calls
/// ``AccountAdministration``; institutions are registered through ``InstitutionStore``, as the API does.
struct AdminPagesController: Sendable {
    static let accounts = "/admin/accounts"
    static let calendar = "/admin/calendar"
    static let institutions = "/admin/institutions"

    let site: WebSite
    let database: RegistryDatabase

    var administration: AccountAdministration { AccountAdministration(database: database) }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.accounts), use: list)
        router.get("/admin/accounts/new", use: newAccount)
        router.post(RouterPath(stringLiteral: Self.accounts), use: createAccount)
        router.get("/admin/accounts/{id}", use: show)
        router.post("/admin/accounts/{id}/disable", use: disable)
        router.post("/admin/accounts/{id}/password-link", use: passwordLink)
        router.get(RouterPath(stringLiteral: Self.calendar), use: calendarStatus)
        router.post(RouterPath(stringLiteral: Self.calendar), use: loadCalendar)
        router.get(RouterPath(stringLiteral: Self.institutions), use: institutionList)
        router.post(RouterPath(stringLiteral: Self.institutions), use: registerInstitution)
    }

    @Sendable func newAccount(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.admin)
        return try site.render(NewAccountPage(), for: request, context: context)
    }

    /// `POST /admin/accounts`: the new account's page with its one-time password link, shown this once.
    @Sendable func createAccount(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.admin)
        let input = try context.form.decode(NewAccountInput.self)
        return try await site.submit(
            request,
            context: context,
            reshow: { NewAccountPage(input: input, errors: $0) },
            {
                let login = try Login(input.login ?? "")
                let (account, token) = try await administration.create(try input.account, login: login, by: actor)
                let (entry, sessions) = try await administration.account(account.id, by: actor)
                var page = AccountPage(entry, sessions: sessions, notice: "账户已开设。设置密码链接 72 小时内有效,仅显示这一次。")
                page.passwordLink = Self.setupLink(token, request)
                return try site.render(page, for: request, context: context)
            }
        )
    }

    /// The address of the page that sets a password with `token`.
    static func setupLink(_ token: WebSecret, _ request: Request) -> String {
        (request.head.authority.map { "http://\($0)" } ?? "") + "/password/setup?token=" + token.value
    }

    /// `GET /admin/institutions?q=WORDS`: the institutions and authorities, by division and name.
    @Sendable func institutionList(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.admin)
        let text = FormShape.optionalText(request.uri.queryParameters["q"].map(String.init))
        let listing = try await institutionListing(matching: text, by: actor)
        let notice = request.uri.queryParameters["done"] == "registered" ? "机构已登记。" : nil
        return try site.render(InstitutionsPage(listing, text: text ?? "", notice: notice), for: request, context: context)
    }

    /// `POST /admin/institutions`: registers an institution or a division's public data authority (A5.1).
    @Sendable func registerInstitution(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.admin)
        let input = try context.form.decode(InstitutionInput.self)
        return try await site.submit(
            request,
            context: context,
            reshow: { InstitutionsPage(try await institutionListing(matching: nil, by: actor), text: "", input: input, errors: $0) },
            {
                let new = try input.institution
                let registered = try await database.write(actor.audit("institution.register")) {
                    try InstitutionStore().register(new, by: actor, on: $0)
                }
                let query = registered.uscc.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                return .redirect(to: Self.institutions + "?done=registered&q=\(query)")
            }
        )
    }

    private func institutionListing(matching text: String?, by actor: Principal) async throws -> InstitutionListing {
        try await database.readReplica.read { try InstitutionStore().list(InstitutionFilter(text: text), readBy: actor, on: $0) }
    }

    /// `POST /admin/calendar`: loads a year's official arrangement and re-stamps the open provisional deadlines in one
    /// audited transaction (W.2, W.3); back to the status with what was loaded and how many deadlines moved.
    @Sendable func loadCalendar(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.admin)
        let input = try context.form.decode(CalendarLoadInput.self)
        let status = try await database.read { try WorkingDayCalendarStore().status(on: $0) }
        return try await site.submit(
            request,
            context: context,
            reshow: { CalendarStatusPage(status, input: input, errors: $0) },
            {
                guard let year = Int(FormShape.optionalText(input.year) ?? ""), (2000...2199).contains(year) else {
                    throw RegistryError.invalid("year", "年度须为四位数的年份。", article: "W.2")
                }
                guard let source = FormShape.optionalText(input.source) else { throw RegistryError.missing("source", "发布依据", article: "W.2") }
                let days: [OfficialDay]
                do {
                    days = try OfficialCalendarCSV.parse(input.days ?? "", years: year...year)
                } catch let error as OfficialCalendarCSVError {
                    throw RegistryError.invalid("days", error.placedMessage, article: "W.2")
                }
                let (load, moved) = try await database.write(actor.audit("calendar.load")) { connection in
                    let store = WorkingDayCalendarStore()
                    return (try store.load(year: year, source: source, days: days, on: connection), try store.restamp(on: connection))
                }
                return .redirect(to: Self.calendar + "?loaded=\(load.year)&days=\(load.daysListed)&moved=\(moved.count)")
            }
        )
    }

    /// `GET /admin/accounts?q=WORDS`.
    @Sendable func list(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.admin)
        let text = FormShape.optionalText(request.uri.queryParameters["q"].map(String.init))
        let accounts = try await administration.accounts(matching: text, by: actor)
        return try site.render(AccountsPage(accounts, text: text ?? ""), for: request, context: context)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.admin)
        let (account, sessions) = try await administration.account(try Self.id(context), by: actor)
        let notice = request.uri.queryParameters["done"] == "disabled" ? "账户已停用,其令牌和登录会话已终止。" : nil
        return try site.render(AccountPage(account, sessions: sessions, notice: notice), for: request, context: context)
    }

    @Sendable func disable(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.admin)
        let id = try Self.id(context)
        let (account, sessions) = try await administration.account(id, by: actor)
        return try await site.submit(
            request,
            context: context,
            reshow: { AccountPage(account, sessions: sessions, notice: nil, errors: $0) },
            {
                try await administration.disable(id, by: actor)
                return .redirect(to: AccountPage.path(of: id) + "?done=disabled")
            }
        )
    }

    /// `POST /admin/accounts/{id}/password-link`: the page with the new link, shown this once.
    @Sendable func passwordLink(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.admin)
        let id = try Self.id(context)
        let (account, sessions) = try await administration.account(id, by: actor)
        return try await site.submit(
            request,
            context: context,
            reshow: { AccountPage(account, sessions: sessions, notice: nil, errors: $0) },
            {
                let token = try await administration.resetPassword(id, by: actor)
                var page = AccountPage(account, sessions: sessions, notice: "新的设置密码链接已生成(72 小时内有效,仅显示这一次,此前的链接失效)。")
                page.passwordLink = Self.setupLink(token, request)
                return try site.render(page, for: request, context: context)
            }
        )
    }

    /// `GET /admin/calendar`: the loaded official years, the provisional calendar's reach and its open deadlines.
    @Sendable func calendarStatus(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.admin)
        let status = try await database.read { try WorkingDayCalendarStore().status(on: $0) }
        let query = request.uri.queryParameters
        let notice = query["loaded"].map { year in
            "\(year) 年的国务院节假日安排已导入(\(query["days"] ?? "0") 天),重新计算了 \(query["moved"] ?? "0") 项按暂定日历计算的期限,每项变动已记入审计日志。"
        }
        return try site.render(CalendarStatusPage(status, notice: notice), for: request, context: context)
    }

    static func id(_ context: WebRequestContext) throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw RegistryError.notFound("账户") }
        return id
    }
}
