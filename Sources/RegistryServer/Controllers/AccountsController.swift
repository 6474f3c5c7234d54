import Foundation
import HTTPTypes
import Hummingbird
import RegistryCore

/// Accounts: the caller's own account, and opening and revoking accounts (admin).
struct AccountsController {
    let database: RegistryDatabase
    /// Tokens remembered for reads: a revoked account is forgotten at once.
    let actors: PrincipalCache

    struct Created: ResponseEncodable {
        var account: Account
        /// Shown once: only its SHA-256 is stored.
        var token: String
    }

    /// A response that shows a token is kept by no cache, and not stored for an `Idempotency-Key`'s retries either.
    static let secret: HTTPFields = [.cacheControl: "no-store"]

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/accounts/me") { _, context in try context.requirePrincipal().account }
        group.post("/accounts", use: create)
        group.delete("/accounts/{id}", use: revoke)
        group.post("/accounts/{id}/token", use: rotate)
    }

    /// `POST /api/v1/accounts/{id}/token` (the account itself, or an admin): issues a new token, shown once; the old
    /// one keeps working for the grace period.
    @Sendable func rotate(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<Created> {
        let actor = try context.requirePrincipal()
        let id = try ListingQuery.pathID(context)
        guard actor.account.id == id || actor.role == .admin else {
            throw RegistryError(.forbidden, "只能更换本账户的访问令牌(平台管理员除外)。")
        }
        let (account, token) = try await database.write(try context.auditContext("account.rotate_token")) {
            try AccountStore().rotateToken(of: id, on: $0)
        }
        return EditedResponse(status: .created, headers: Self.secret, response: Created(account: account, token: token.value))
    }

    /// `POST /api/v1/accounts` (admin): opens an account and returns its token once.
    @Sendable func create(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<Created> {
        try context.require(.admin)
        let new = try await request.decodeBody(as: NewAccount.self, context: context)
        let audit = try context.auditContext("account.create")
        let (account, token) = try await database.write(audit) { try AccountStore().create(new, on: $0) }
        return EditedResponse(status: .created, headers: Self.secret, response: Created(account: account, token: token.value))
    }

    /// `DELETE /api/v1/accounts/{id}` (admin): revokes the account's token.
    @Sendable func revoke(_ request: Request, context: RegistryRequestContext) async throws -> HTTPResponse.Status {
        try context.require(.admin)
        guard let id = UUID(uuidString: try context.parameters.require("id")) else {
            throw RegistryError.invalid("id", "账户标识须为 UUID。")
        }
        let audit = try context.auditContext("account.revoke")
        try await database.write(audit) { try AccountStore().revoke(id, on: $0) }
        actors.forget(account: id)
        return .noContent
    }
}

extension Account: ResponseEncodable {}
