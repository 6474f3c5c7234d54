import Foundation
import Postgres

/// A3, A13.1, A14.1, A44.1: a data user (数据利用主体) registers itself — the data user and its account with a login and
/// a password hash, in one audited transaction. A natural person is identified by the citizen identity number (kept as
/// digest and masked form only), an organisation by its unified social credit code.
///
/// A number registered before is refused with one message, whoever registered it: the answer never tells whether a
/// number belongs to someone (no enumeration).
public struct DataUserRegistration: Sendable {
    public let database: RegistryDatabase

    public init(database: RegistryDatabase) {
        self.database = database
    }

    /// The refusal of a number registered before, on the field that holds it.
    public static func alreadyRegistered(_ kind: DataUserKind) -> RegistryError {
        let (field, article) = kind == .naturalPerson ? ("data_user.citizen_id", "A13.1") : ("data_user.uscc", "A14.1")
        return RegistryError(.conflict, "该号码不能用于注册:已注册的请直接登录,忘记密码请联系公共数据主管部门。", field: field, article: article)
    }

    /// Registers `dataUser` with `login` and the bcrypt `passwordHash` (hashed by the caller, never here) and returns
    /// its account.
    public func register(_ dataUser: NewDataUser, login: Login, passwordHash: String, requestID: String?) async throws -> Account {
        let new = try NewAccount(role: .dataUser, displayName: dataUser.name, dataUser: dataUser).validated()
        return try await database.write(AuditContext(requestID: requestID, action: "data_user.register")) { connection in
            do {
                let (account, _) = try AccountStore().create(new, on: connection)
                try SignInStore().setLogin(login, of: account.id, on: connection)
                return try SignInStore().setPassword(passwordHash, of: account.id, on: connection)
            } catch let error as PostgresError where Self.numberTaken(error) {
                throw Self.alreadyRegistered(dataUser.kind)
            }
        }
    }

    /// Whether the database refused a citizen number or a credit code registered before.
    static func numberTaken(_ error: PostgresError) -> Bool {
        error.sqlState == "23505" && ["data_user_citizen_id_digest_key", "data_user_uscc_key"].contains(error.constraint ?? "")
    }
}
