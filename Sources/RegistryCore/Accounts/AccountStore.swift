import Foundation
import Postgres

/// Accounts and their tokens in the database: the only place with their SQL.
public struct AccountStore: Sendable {
    public init() {}

    /// Opens an account (and registers its data user) and returns it with its token, which is shown only now.
    public func create(_ request: NewAccount, on connection: Connection) throws -> (Account, APIToken) {
        let new = try request.validated()
        let dataUserID = try new.dataUser.map { dataUser in
            try (new.reissue == true ? try registered(dataUser, on: connection) : nil) ?? insert(dataUser, on: connection).id
        }
        let token = APIToken.generate()
        let row = try connection.queryOne(
            """
            insert into account (role, display_name, institution_uscc, data_user_id, token_hash)
            values (\(new.role)::account_role, \(new.displayName), \(new.institution), \(dataUserID)::uuid,
                    sha256(convert_to(\(token.value), 'UTF8')))
            returning \(Account.columns)
            """
        )
        return (try Account(row: row), token)
    }

    /// The current account a token belongs to, or `nil` (unknown or revoked token).
    public func account(for token: APIToken, on connection: Connection) throws -> Account? {
        try connection.query("select \(Account.columns) from account_for_token(\(token.value))").first.map(Account.init(row:))
    }

    /// Issues a new token for a current account; the old one keeps working for the grace period
    /// (`account_token_grace()`), so that a program can switch over. Returns the account and the new token, shown once.
    public func rotateToken(of id: UUID, on connection: Connection) throws -> (Account, APIToken) {
        let token = APIToken.generate()
        guard
            let row = try connection.query(
                """
                update account set token_hash = sha256(convert_to(\(token.value), 'UTF8'))
                 where id = \(id) and revoked_at is null
                returning \(Account.columns)
                """
            ).first
        else { throw RegistryError.notFound("账户", field: "id") }
        return (try Account(row: row), token)
    }

    /// Revokes an account's token; the account stays in the audit trail.
    public func revoke(_ id: UUID, on connection: Connection) throws {
        let result = try connection.query("update account set revoked_at = registry_now() where id = \(id) and revoked_at is null")
        if result.affectedRows == 0 { throw RegistryError.notFound("账户", field: "id") }
    }

    /// The data user behind an account.
    public func dataUser(_ id: UUID, on connection: Connection) throws -> DataUser? {
        try connection.query("select \(DataUser.columns) from data_user where id = \(id)").first.map { try DataUser(row: $0) }
    }

    /// The data user already registered with the same kind and identity number (citizen number or credit code), if any.
    private func registered(_ dataUser: NewDataUser, on connection: Connection) throws -> UUID? {
        try connection.query(
            """
            select id from data_user
             where kind = \(dataUser.kind)::data_user_kind
               and ((\(dataUser.citizenID)::text is not null and citizen_id_digest = citizen_id_digest(\(dataUser.citizenID)::text))
                    or (\(dataUser.uscc)::text is not null and uscc = \(dataUser.uscc)::text))
            """
        ).first?.decode("id", as: UUID.self)
    }

    private func insert(_ dataUser: NewDataUser, on connection: Connection) throws -> DataUser {
        let row = try connection.queryOne(
            """
            insert into data_user (kind, name, citizen_id, uscc)
            values (\(dataUser.kind)::data_user_kind, \(dataUser.name), \(dataUser.citizenID), \(dataUser.uscc))
            returning \(DataUser.columns)
            """
        )
        return try DataUser(row: row)
    }
}
