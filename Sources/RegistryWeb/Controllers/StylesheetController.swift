import Hummingbird

/// `/static/registry.css`: the one stylesheet, cached by browsers for a day; and `/favicon.ico`, which browsers ask
/// for on their own: the registry has no icon, and says so with an empty answer rather than an error.
struct StylesheetController: Sendable {
    static let path = "/static/registry.css"
    let site: WebSite

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.path)) { _, _ in stylesheet }
        router.head(RouterPath(stringLiteral: Self.path)) { _, _ in stylesheet }
        router.get("/favicon.ico") { _, _ in Response(status: .noContent, headers: [.cacheControl: "public, max-age=86400"]) }
    }

    private var stylesheet: Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=86400"],
            body: .init(byteBuffer: site.stylesheet)
        )
    }
}
