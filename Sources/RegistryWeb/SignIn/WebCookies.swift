import Hummingbird
import RegistryCore

/// The workspace's two cookies, both HttpOnly on `Path=/`, and `Secure` behind TLS (`serve --secure-cookies`):
/// `registry_session` (SameSite=Lax) holds the session id; `registry_form` (SameSite=Strict) holds the form token of
/// people not signed in yet, whose forms (sign-in, password setup) carry it back (double submit).
struct WebCookies: Sendable {
    static let session = "registry_session"
    static let form = "registry_form"
    /// Whether the cookies are sent over TLS only.
    let secure: Bool

    func session(_ secret: WebSecret) -> Cookie {
        Cookie(name: Self.session, value: secret.value, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// Tells the browser to forget its session id.
    func endedSession() -> Cookie {
        Cookie(name: Self.session, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    func form(_ token: String) -> Cookie {
        Cookie(name: Self.form, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }
}
