import Foundation
import Hummingbird
import RegistryCore
import RegistryServer

/// What a page request carries through the web router: who is signed in, the token its forms carry, and the form it
/// posted. Per-request data only — the site and the database reach controllers through their initialisers.
public struct WebRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who is signed in, once ``SessionMiddleware`` found a current session.
    public var signedIn: SignedIn?
    /// The session id from the cookie, when the session is current (to end it, or to derive the form token).
    var sessionSecret: WebSecret?
    /// The token every form of this request carries in its hidden `csrf` input (``CSRFMiddleware``).
    public var csrfToken = ""
    /// A new anonymous form token, to be set as a cookie on the response.
    var newFormCookie: String?
    /// The URL-encoded body of a POST, read once by ``CSRFMiddleware`` after its token was checked.
    public var form = FormBody(text: "")

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The largest form accepted (64 KiB); pages that upload files will raise it for their routes.
    public var maxUploadSize: Int { 64 << 10 }

    /// The signed-in person, whatever the role; anonymous requests are sent to the sign-in page.
    public func requireSignedIn() throws -> SignedIn {
        guard let signedIn else { throw RegistryError(.unauthenticated, "请先登录。") }
        return signedIn
    }

    /// The signed-in person, when the role is one of `roles`; others get the 403 page.
    @discardableResult
    public func require(_ roles: Role...) throws -> SignedIn {
        let signedIn = try requireSignedIn()
        try signedIn.actor.require(roles)
        return signedIn
    }

    /// The signed-in actor of this request, with the request id its audit rows carry.
    public func actor() throws -> Principal {
        var actor = try requireSignedIn().actor
        actor.requestID = id
        return actor
    }
}

extension Principal {
    /// Refuses unless the actor acts in one of `roles`.
    func require(_ roles: [Role]) throws(RegistryError) {
        guard roles.contains(role) else { throw RegistryError(.forbidden, "当前角色(\(role.label))无权访问此页面。") }
    }
}

extension WebRequestContext: IdempotentRequestContext {
    public var idempotencyPrincipal: UUID? { signedIn?.actor.account.id }

    /// The form's hidden `form_key` with the path it was posted to, so one rendering's forms never share a key.
    public func idempotencyKey(of request: Request) -> String? {
        struct Posted: Decodable { var form_key: String? }
        guard let key = (try? form.decode(Posted.self))?.form_key, !key.isEmpty else { return nil }
        return "\(key)@\(request.uri.path)"
    }

    public static var differentRequest: RegistryError {
        RegistryError(.conflict, "此表单已提交过另一份内容:请重新打开页面后再提交。")
    }

    public static var malformedKey: RegistryError {
        RegistryError(.invalidInput, "表单已失效:请重新打开页面后再提交。")
    }

    public static var responseUnavailable: RegistryError {
        RegistryError(.conflict, "此表单已经提交并已生效:请查看结果,不要重复提交。")
    }
}
