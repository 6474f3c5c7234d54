import Foundation
import Postgres

/// Someone acting through the API or the CLI: the account, where its institution sits, and the request it acts in.
///
/// Object-level authorisation lives here, once: a clerk acts only for its own institution; reviewers and planners
/// act only for their authority's division. Workflows call these checks before they write.
public struct Principal: Sendable, Hashable {
    public var account: Account
    /// The division of the account's institution, if it has one.
    public var division: String?
    /// The kind of the account's institution, if it has one.
    public var institutionKind: InstitutionKind?
    public var requestID: String?

    public init(account: Account, division: String?, institutionKind: InstitutionKind?, requestID: String? = nil) {
        self.account = account
        self.division = division
        self.institutionKind = institutionKind
        self.requestID = requestID
    }

    public var role: Role { account.role }
    public var institution: String? { account.institution }

    /// The audit context for a change this actor makes (A44.1).
    public func audit(_ action: String) -> AuditContext {
        account.auditContext(requestID: requestID, action: action)
    }

    /// Refuses unless the actor acts in one of `roles`.
    public func require(_ roles: Role...) throws(RegistryError) {
        guard roles.contains(role) else { throw Self.forbidden("当前角色(\(role.label))无权执行此操作。") }
    }

    /// Refuses unless the actor is a clerk of `institution` (A38.1: whoever collects is responsible).
    public func requireClerk(of institution: String) throws(RegistryError) {
        try require(.clerk)
        guard self.institution == institution else { throw Self.forbidden("登记员只能办理本机构的事项。") }
    }

    /// Refuses unless the actor is a reviewer (or, with `roles`, another authority role) of the public data
    /// authority of `division` (A5.1, A10.1).
    public func requireAuthority(of division: String, roles: [Role] = [.reviewer]) throws(RegistryError) {
        guard roles.contains(role) else { throw Self.forbidden("当前角色(\(role.label))无权执行此操作。") }
        guard institutionKind == .publicDataAuthority, self.division == division else {
            throw Self.forbidden("只能办理本级本地区公共数据主管部门职责范围内的事项。")
        }
    }

    private static func forbidden(_ message: String) -> RegistryError {
        RegistryError(.forbidden, message)
    }
}

extension AccountStore {
    /// The actor a token belongs to, with its institution's place, or `nil` for an unknown or revoked token.
    public func actor(for token: APIToken, requestID: String?, on connection: Connection) throws -> Principal? {
        guard let account = try account(for: token, on: connection) else { return nil }
        return try actor(of: account, requestID: requestID, on: connection)
    }

    /// The actor of `account`, with its institution's place.
    public func actor(of account: Account, requestID: String?, on connection: Connection) throws -> Principal {
        guard let uscc = account.institution else {
            return Principal(account: account, division: nil, institutionKind: nil, requestID: requestID)
        }
        let row = try connection.query("select division_code, kind from institution where uscc = \(uscc)").first
        return Principal(
            account: account,
            division: try row?.decode("division_code", as: String.self),
            institutionKind: try row?.decodeIfPresent("kind", as: InstitutionKind.self),
            requestID: requestID
        )
    }
}
