import Hummingbird
import RegistryCore

/// Signing in and out (A44.1): `/`, `/sign-in`, `/sign-out`, `/sign-out-everywhere`, and setting a password through a
/// one-time link, `/password/setup`.
struct SignInController: Sendable {
    let site: WebSite
    let service: SignInService
    let cookies: WebCookies

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/") { _, context in Response.redirect(to: context.signedIn == nil ? "/sign-in" : "/workspace") }
        router.get("/sign-in", use: showSignIn)
        router.post("/sign-in", use: signIn)
        router.post("/sign-out") { request, context in try await signOut(request, context, everywhere: false) }
        router.post("/sign-out-everywhere") { request, context in try await signOut(request, context, everywhere: true) }
        router.get("/password/setup", use: showPasswordSetup)
        router.post("/password/setup", use: setPassword)
    }

    @Sendable func showSignIn(_ request: Request, context: WebRequestContext) async throws -> Response {
        if context.signedIn != nil { return .redirect(to: "/workspace") }
        return try site.render(
            SignInPage(notice: SignInPage.notice(request.uri.queryParameters["notice"].map(String.init))),
            for: request,
            context: context
        )
    }

    @Sendable func signIn(_ request: Request, context: WebRequestContext) async throws -> Response {
        let input = try context.form.decode(SignInInput.self)
        return try await site.submit(
            request,
            context: context,
            reshow: { SignInPage(input: input, errors: $0) },
            {
                let secret = try await service.signIn(login: input.login ?? "", password: input.password ?? "", requestID: context.id)
                var response = Response.redirect(to: "/workspace")
                response.setCookie(cookies.session(secret))
                return response
            }
        )
    }

    func signOut(_ request: Request, _ context: WebRequestContext, everywhere: Bool) async throws -> Response {
        try await service.signOut(try context.requireSignedIn(), everywhere: everywhere, requestID: context.id)
        var response = Response.redirect(to: "/sign-in?notice=" + (everywhere ? "signed_out_everywhere" : "signed_out"))
        response.setCookie(cookies.endedSession())
        return response
    }

    @Sendable func showPasswordSetup(_ request: Request, context: WebRequestContext) async throws -> Response {
        let token = request.uri.queryParameters["token"].map(String.init) ?? ""
        let account = try await service.setupAccount(token)
        return try site.render(PasswordSetupPage(token: token, accountName: account?.displayName), for: request, context: context)
    }

    @Sendable func setPassword(_ request: Request, context: WebRequestContext) async throws -> Response {
        let input = try context.form.decode(PasswordSetupInput.self)
        let token = input.token ?? ""
        let account = try await service.setupAccount(token)
        return try await site.submit(
            request,
            context: context,
            reshow: { PasswordSetupPage(token: token, accountName: account?.displayName, errors: $0) },
            {
                try await service.setPassword(
                    token: token,
                    password: input.password ?? "",
                    repeated: input.passwordRepeated ?? "",
                    requestID: context.id
                )
                return .redirect(to: "/sign-in?notice=password_set")
            }
        )
    }
}
