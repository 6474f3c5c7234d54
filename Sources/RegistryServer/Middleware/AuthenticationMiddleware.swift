import Hummingbird
import RegistryCore

/// Reads `Authorization: Bearer <token>` and puts the actor on the context. A request without the header goes on
/// unauthenticated (routes say which roles they need); a header with an unknown or revoked token is refused here.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = RegistryRequestContext
    let database: RegistryDatabase

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return try await next(request, context)
        }
        let requestID = context.requestID
        guard header.hasPrefix("Bearer "), let token = APIToken(presented: String(header.dropFirst(7))),
            let actor = try await database.read({ try AccountStore().actor(for: token, requestID: requestID, on: $0) })
        else {
            throw RegistryError(.unauthenticated, "访问令牌无效或已撤销。")
        }
        var context = context
        context.actor = actor
        return try await next(request, context)
    }
}
