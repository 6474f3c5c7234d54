import Crypto
import Foundation
import Hummingbird
import RegistryCore

/// Finds who is signed in from the `registry_session` cookie (the database ends a session past 30 minutes idle or 12
/// hours, `web_session_resume`), and gives the request the token its forms carry: derived from the session id when
/// signed in, else the anonymous `registry_form` cookie's (set here when the browser has none).
struct SessionMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    let database: RegistryDatabase
    let cookies: WebCookies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let secret = request.cookies[WebCookies.session].flatMap({ WebSecret(presented: $0.value) }),
            let signedIn = try await resume(secret, context)
        {
            context.signedIn = signedIn
            context.sessionSecret = secret
            context.csrfToken = Self.formToken(of: secret)
        } else if let token = request.cookies[WebCookies.form]?.value, WebSecret(presented: token) != nil {
            context.csrfToken = token
        } else {
            context.csrfToken = WebSecret.generate().value
            context.newFormCookie = context.csrfToken
        }
        var response = try await next(request, context)
        // A page caches share (the portal's) carries no cookie: one visitor's token must never reach another.
        let shared = response.headers[.cacheControl]?.hasPrefix("public") ?? false
        if let token = context.newFormCookie, !shared { response.setCookie(cookies.form(token)) }
        return response
    }

    private func resume(_ secret: WebSecret, _ context: Context) async throws -> SignedIn? {
        let requestID = context.id
        return try await database.write(AuditContext(requestID: requestID, action: "session.time_out")) {
            try SignInStore().resume(secret, requestID: requestID, on: $0)
        }
    }

    /// The form token of a session: a digest of its id under a label of its own, so neither reveals the other.
    static func formToken(of secret: WebSecret) -> String {
        SHA256.hash(data: Array("registry-form-token:\(secret.value)".utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
