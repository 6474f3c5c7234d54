import Foundation
import Postgres

/// Accounts as the platform's administrator manages them in the workspace: find an account, see its web sessions,
/// disable it (its token and sessions end at once), give it a new one-time password link. Admin only; each change is
/// one audited transaction (A44.1), the same store calls as the CLI's and the API's.
public struct AccountAdministration: Sendable {
    public let database: RegistryDatabase

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// An account as the administrator's list shows it.
    public struct Entry: Sendable, Hashable {
        public var id: UUID
        public var role: Role
        public var displayName: String
        public var login: String?
        public var institutionName: String?
        public var revokedAt: Date?
        public var openSessions: Int

        init(row: Row) throws {
            id = try row.decode("id")
            role = try row.decode("role")
            displayName = try row.decode("display_name")
            login = try row.decodeIfPresent("login")
            institutionName = try row.decodeIfPresent("institution_name")
            revokedAt = try row.decodeIfPresent("revoked_at")
            openSessions = try row.decode("open_sessions")
        }
    }

    /// A web session of an account: when it began, was last used and ended, and why.
    public struct Session: Sendable, Hashable {
        public var createdAt: Date
        public var lastSeenAt: Date
        public var endedAt: Date?
        public var endReason: String?
    }

    /// Up to 100 accounts whose login or name holds `text` (every account when blank), the newest first.
    public func accounts(matching text: String?, by actor: Principal) async throws -> [Entry] {
        try actor.require(.admin)
        let pattern = text.map { "%" + $0.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%" }
        return try await database.read { connection in
            try connection.query(
                """
                \(Self.select)
                 where (\(pattern)::text is null or a.login ilike \(pattern) or a.display_name ilike \(pattern))
                 order by a.created_at desc, a.id limit 100
                """
            ).map(Entry.init(row:))
        }
    }

    /// One account and its latest 50 web sessions.
    public func account(_ id: UUID, by actor: Principal) async throws -> (Entry, [Session]) {
        try actor.require(.admin)
        return try await database.read { connection in
            guard let row = try connection.query("\(Self.select) where a.id = \(id)").first else { throw RegistryError.notFound("账户", field: "id") }
            let sessions = try connection.query(
                "select created_at, last_seen_at, ended_at, end_reason from web_session where account_id = \(id) order by created_at desc limit 50"
            ).map {
                Session(
                    createdAt: try $0.decode("created_at"),
                    lastSeenAt: try $0.decode("last_seen_at"),
                    endedAt: try $0.decodeIfPresent("ended_at"),
                    endReason: try $0.decodeIfPresent("end_reason")
                )
            }
            return (try Entry(row: row), sessions)
        }
    }

    /// Opens a staff account with its login, and returns it with the one-time link token to set its password (72 h),
    /// shown only now. Data users register themselves (A13.1, A14.1), so the role is a staff role.
    public func create(_ new: NewAccount, login: Login, by actor: Principal) async throws -> (Account, WebSecret) {
        try actor.require(.admin)
        if new.role == .dataUser { throw RegistryError.invalid("role", "数据利用主体通过门户自行注册,不由管理员开设账户。") }
        let valid = try new.validated()
        return try await database.write(actor.audit("account.create")) { connection in
            let (account, _) = try AccountStore().create(valid, on: connection)
            return (account, try SignInStore().assignLogin(login, to: account.id, on: connection))
        }
    }

    /// Disables an account: its token stops working and its web sessions end.
    public func disable(_ id: UUID, by actor: Principal) async throws {
        try actor.require(.admin)
        if id == actor.account.id { throw RegistryError(.ruleViolation, "不能停用自己的账户。") }
        try await database.write(actor.audit("account.revoke")) { try AccountStore().revoke(id, on: $0) }
    }

    /// A new one-time link to set the account's web password (72 h); earlier links stop working.
    public func resetPassword(_ id: UUID, by actor: Principal) async throws -> WebSecret {
        try actor.require(.admin)
        return try await database.write(actor.audit("account.reset_password")) { connection in
            guard let login = try connection.query("select login from account where id = \(id)").first?.decodeIfPresent("login", as: String.self)
            else {
                throw RegistryError.invalid("login", "该账户没有登录名,不能通过网页登录。")
            }
            return try SignInStore().resetPassword(of: try Login(login), on: connection).token
        }
    }

    static let select: SQL = """
        select a.id, a.role, a.display_name, a.login, i.name as institution_name, a.revoked_at,
               (select count(*) from web_session s where s.account_id = a.id and s.ended_at is null
                   and s.last_seen_at > registry_now() - web_session_idle_timeout())::int as open_sessions
          from account a left join institution i on i.uscc = a.institution_uscc
        """
}
