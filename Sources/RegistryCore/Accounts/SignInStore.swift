import Foundation
import Postgres

/// A44.1: logins, password links, failed sign-ins and web sessions in the database — the only place with their SQL.
///
/// The database judges every rule (`sql/0045_web_sign_in.sql`): the login's shape, a link's 72 hours and single use,
/// the wait after 5 failures, a session's 30 minutes idle and 12 hours in all, the end of every session when an account
/// is revoked. Passwords never reach it: callers hash them (bcrypt) and store the hash.
public struct SignInStore: Sendable {
    public init() {}

    // MARK: Logins and password links

    /// Gives an account its login and a one-time link token to set its password, shown only now.
    public func assignLogin(_ login: Login, to accountID: UUID, on connection: Connection) throws -> WebSecret {
        try setLogin(login, of: accountID, on: connection)
        return try issueSetupLink(for: accountID, on: connection)
    }

    /// Gives a current account its login.
    public func setLogin(_ login: Login, of accountID: UUID, on connection: Connection) throws {
        let result = try connection.query("update account set login = \(login.value) where id = \(accountID) and revoked_at is null")
        if result.affectedRows == 0 { throw RegistryError.notFound("账户", field: "id") }
    }

    /// A new one-time link token for the account with `login` (any earlier link stops working), shown only now.
    public func resetPassword(of login: Login, on connection: Connection) throws -> (account: Account, token: WebSecret) {
        guard let row = try connection.query("select \(Account.columns) from account where login = \(login.value)").first else {
            throw RegistryError.notFound("登录名为 \(login) 的账户", field: "login")
        }
        let account = try Account(row: row)
        return (account, try issueSetupLink(for: account.id, on: connection))
    }

    /// Uses a link token once to set the password to `passwordHash` (bcrypt); every session of the account ends.
    /// Returns the account.
    public func redeem(_ token: WebSecret, passwordHash: String, on connection: Connection) throws -> Account {
        guard
            let row = try connection.query(
                "update password_setup set used_at = registry_now() where token_hash = \(Self.digest(token)) returning account_id"
            ).first
        else { throw SignInRules.setupLinkValid.error }
        return try setPassword(passwordHash, of: try row.decode("account_id"), on: connection)
    }

    /// The account a link token is for, while the registry would take the link (unused, within 72 hours, the
    /// account's latest, the account current); else `nil`.
    public func setupAccount(_ token: WebSecret, on connection: Connection) throws -> Account? {
        try connection.query(
            """
            select \(Account.columns(of: "a")) from password_setup p join account a on a.id = p.account_id
             where p.token_hash = \(Self.digest(token)) and p.used_at is null and registry_now() < p.expires_at
               and a.revoked_at is null and not exists (select 1 from password_setup n where n.account_id = p.account_id and n.id > p.id)
            """
        ).first.map(Account.init(row:))
    }

    /// The refusal of a link that cannot be used.
    public static var linkRefused: RegistryError { SignInRules.setupLinkValid.error }

    /// Sets the password hash of an account directly (the demo registry's sign-ins); every session of it ends.
    @discardableResult
    public func setPassword(_ passwordHash: String, of accountID: UUID, on connection: Connection) throws -> Account {
        guard
            let row = try connection.query(
                "update account set password_hash = \(passwordHash) where id = \(accountID) and revoked_at is null returning \(Account.columns)"
            ).first
        else { throw RegistryError.notFound("账户", field: "id") }
        return try Account(row: row)
    }

    // MARK: Signing in

    /// What signing in as `login` needs to know before the password is checked.
    public func candidate(_ login: Login, on connection: Connection) throws -> SignInCandidate {
        let row = try connection.queryOne(
            """
            select \(Account.columns(of: "a")), a.password_hash, extract(epoch from sign_in_wait(\(login.value)))::int as wait_seconds
              from (select 1) one left join account a on a.login = \(login.value) and a.revoked_at is null
            """
        )
        let account = try row.decodeIfPresent("id", as: UUID.self) == nil ? nil : try Account(row: row)
        return SignInCandidate(
            account: account,
            passwordHash: try row.decodeIfPresent("password_hash"),
            waitSeconds: try row.decodeIfPresent("wait_seconds")
        )
    }

    /// Records a failed sign-in for `login`; `throttled` when it was refused unchecked because the login must wait.
    public func recordFailure(_ login: Login, throttled: Bool, on connection: Connection) throws {
        try connection.query("insert into sign_in_failure (login, throttled) values (\(login.value), \(throttled))")
    }

    /// Opens a session for the account and returns its id, shown only now (the database keeps its digest).
    public func openSession(for accountID: UUID, on connection: Connection) throws -> WebSecret {
        let secret = WebSecret.generate()
        try connection.query("insert into web_session (id_hash, account_id) values (\(Self.digest(secret)), \(accountID))")
        return secret
    }

    /// The signed-in account of a session id, if the session is current; a session past its limits is ended.
    public func resume(_ secret: WebSecret, requestID: String?, on connection: Connection) throws -> SignedIn? {
        guard
            let row = try connection.query(
                """
                select s.session_id, \(Account.columns(of: "a")), i.name as institution_name
                  from web_session_resume(\(secret.value)) s
                  join account a on a.id = s.account_id
                  left join institution i on i.uscc = a.institution_uscc
                """
            ).first
        else { return nil }
        let actor = try AccountStore().actor(of: try Account(row: row), requestID: requestID, on: connection)
        return SignedIn(sessionID: try row.decode("session_id"), actor: actor, institutionName: try row.decodeIfPresent("institution_name"))
    }

    /// Ends one session (sign-out).
    public func end(session id: Int64, on connection: Connection) throws {
        try connection.query("update web_session set ended_at = registry_now(), end_reason = 'signed_out' where id = \(id) and ended_at is null")
    }

    /// Ends every session of an account (sign-out everywhere).
    public func endAll(of accountID: UUID, on connection: Connection) throws {
        try connection.query(
            """
            update web_session set ended_at = registry_now(), end_reason = 'signed_out_everywhere'
             where account_id = \(accountID) and ended_at is null
            """
        )
    }

    // MARK: Helpers

    private func issueSetupLink(for accountID: UUID, on connection: Connection) throws -> WebSecret {
        let token = WebSecret.generate()
        try connection.query("insert into password_setup (account_id, token_hash) values (\(accountID), \(Self.digest(token)))")
        return token
    }

    /// The SHA-256 the database keeps of a secret, computed by the database.
    private static func digest(_ secret: WebSecret) -> SQL {
        "sha256(convert_to(\(secret.value), 'UTF8'))"
    }
}

/// A44.1: an account as signing in finds it by its login, before the password is checked.
public struct SignInCandidate: Sendable {
    /// The current account with the login, if there is one.
    public var account: Account?
    /// Its bcrypt hash, if a password was set.
    public var passwordHash: String?
    /// Seconds the login must wait after too many failures, or `nil`.
    public var waitSeconds: Int?
}

/// A44.1: who a current web session belongs to.
public struct SignedIn: Sendable {
    /// The session's number in the database (never its id).
    public var sessionID: Int64
    public var actor: Principal
    /// The name of the account's institution, if it acts for one.
    public var institutionName: String?
}
