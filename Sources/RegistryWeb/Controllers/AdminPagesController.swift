import Foundation
import Hummingbird
import RegistryCore

/// 系统管理: the platform administrator's accounts — find one, see its web sessions, disable it, give it a new one-time
/// password link (shown once, on the answer to the POST) — and the status of the working-day calendar (W.2, W.3).
/// Each step calls ``AccountAdministration``; the calendar's status is what `registry calendar status` prints.
struct AdminPagesController: Sendable {
    static let accounts = "/admin/accounts"
    static let calendar = "/admin/calendar"

    let site: WebSite
    let database: RegistryDatabase

    var administration: AccountAdministration { AccountAdministration(database: database) }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.accounts), use: list)
        router.get("/admin/accounts/{id}", use: show)
        router.post("/admin/accounts/{id}/disable", use: disable)
        router.post("/admin/accounts/{id}/password-link", use: passwordLink)
        router.get(RouterPath(stringLiteral: Self.calendar), use: calendarStatus)
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
        return try await site.submit(request, context: context, reshow: { AccountPage(account, sessions: sessions, notice: nil, errors: $0) }) {
            try await administration.disable(id, by: actor)
            return .redirect(to: AccountPage.path(of: id) + "?done=disabled")
        }
    }

    /// `POST /admin/accounts/{id}/password-link`: the page with the new link, shown this once.
    @Sendable func passwordLink(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.admin)
        let id = try Self.id(context)
        let (account, sessions) = try await administration.account(id, by: actor)
        return try await site.submit(request, context: context, reshow: { AccountPage(account, sessions: sessions, notice: nil, errors: $0) }) {
            let token = try await administration.resetPassword(id, by: actor)
            let base = request.head.authority.map { "http://\($0)" } ?? ""
            var page = AccountPage(account, sessions: sessions, notice: "新的设置密码链接已生成(72 小时内有效,仅显示这一次,此前的链接失效)。")
            page.passwordLink = base + "/password/setup?token=" + token.value
            return try site.render(page, for: request, context: context)
        }
    }

    /// `GET /admin/calendar`: the loaded official years, the provisional calendar's reach and its open deadlines.
    @Sendable func calendarStatus(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.admin)
        let status = try await database.read { try WorkingDayCalendarStore().status(on: $0) }
        return try site.render(CalendarStatusPage(status), for: request, context: context)
    }

    static func id(_ context: WebRequestContext) throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw RegistryError.notFound("账户") }
        return id
    }
}
