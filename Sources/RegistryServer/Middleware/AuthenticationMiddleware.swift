import Hummingbird
import RegistryCore

/// Reads `Authorization: Bearer <token>` and puts the actor on the context. A request without the header goes on
/// unauthenticated (routes say which roles they need); a header with an unknown, expired or revoked token is refused
/// here, and too many such refusals from one client address are throttled (``FailedTokenThrottle``). Reads may take
/// the actor from `cache`; changes always look the token up.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = RegistryRequestContext
    let database: RegistryDatabase
    let cache: PrincipalCache
    let throttle: FailedTokenThrottle

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return try await next(request, context)
        }
        let address = context.clientAddress ?? "unknown"
        guard throttle.allows(address) else {
            var response = RegistryError(.tooManyRequests, "访问令牌校验失败次数过多,请稍后再试。").plainResponse()
            response.headers[.retryAfter] = String(throttle.window.components.seconds)
            return response
        }
        guard header.hasPrefix("Bearer "), let token = APIToken(presented: String(header.dropFirst(7))),
            var actor = try await actor(for: token, reading: request.method == .get || request.method == .head, context)
        else {
            throttle.recordFailure(from: address)
            throw RegistryError(.unauthenticated, "访问令牌无效、已过期或已撤销。")
        }
        actor.requestID = context.requestID
        var context = context
        context.actor = actor
        return try await next(request, context)
    }

    /// The token's actor: remembered for a read, else looked up (and remembered).
    private func actor(for token: APIToken, reading: Bool, _ context: Context) async throws -> Principal? {
        if reading, let actor = cache.actor(for: token) { return actor }
        let requestID = context.requestID
        let actor = try await database.read { try AccountStore().actor(for: token, requestID: requestID, on: $0) }
        if let actor { cache.remember(actor, for: token) }
        return actor
    }
}
