import Hummingbird
import RegistryCore

/// Reads `Authorization: Bearer <token>` and puts the account on the context. A request without the header goes on
/// unauthenticated (routes say which roles they need); a header with an unknown or revoked token is refused here.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = RegistryRequestContext
    let database: RegistryDatabase

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return try await next(request, context)
        }
        guard header.hasPrefix("Bearer "), let token = APIToken(presented: String(header.dropFirst(7))),
            let account = try await database.read({ try AccountStore().account(for: token, on: $0) })
        else {
            throw RegistryError(.unauthenticated, "访问令牌无效或已撤销。")
        }
        var context = context
        context.account = account
        return try await next(request, context)
    }
}
