import Hummingbird

/// `/static/registry.css`: the one stylesheet, cached by browsers for a day.
struct StylesheetController: Sendable {
    static let path = "/static/registry.css"
    let site: WebSite

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.path)) { _, _ in stylesheet }
        router.head(RouterPath(stringLiteral: Self.path)) { _, _ in stylesheet }
    }

    private var stylesheet: Response {
        Response(
            status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=86400"],
            body: .init(byteBuffer: site.stylesheet))
    }
}
