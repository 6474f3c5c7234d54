import Foundation
import Hummingbird
import RegistryCore

/// 公共数据开放门户 (A28.1): the open catalog for everyone, without signing in — the front page, the search with facets
/// and each open item's page. Items suspended or withdrawn by an objection (A28.3) are never shown: the portal reads
/// the open catalog as the database computes it, in the request. Pages are cacheable for a minute, with an `ETag`.
struct PortalController: Sendable {
    let site: WebSite
    let database: RegistryDatabase

    var portal: OpenPortal { OpenPortal(database: database.readReplica) }
    /// Items on the front page's list of the newest.
    static let newest = 8

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get(RouterPath(stringLiteral: PortalPath.home), use: home)
        router.get(RouterPath(stringLiteral: PortalPath.search), use: search)
        router.get("/open/items/{id}", use: item)
    }

    @Sendable func home(_ request: Request, context: WebRequestContext) async throws -> Response {
        try site.renderCacheable(PortalHomePage(try await portal.summary(newest: Self.newest)), for: request, context: context)
    }

    /// `GET /open/search?q=&division=&institution=&category=&open_type=&grade=&update_frequency=&page=`.
    @Sendable func search(_ request: Request, context: WebRequestContext) async throws -> Response {
        let parameters = Dictionary(
            request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first })
        let asked = PortalRequest(parameters)
        do {
            let words = try SearchText(validating: asked.text, field: "q")?.text
            let size = PortalSearchPage.pageSize
            let result = try await portal.search(try asked.query(words: words), limit: size, offset: (asked.page - 1) * size)
            return try site.renderCacheable(PortalSearchPage(request: asked, result: result), for: request, context: context)
        } catch let error as RegistryError where error.belongsOnForm {
            let page = PortalSearchPage(request: asked, errors: FormErrors(error, shownFields: PortalSearchPage.fields))
            return try site.render(page, for: request, context: context, status: .unprocessableContent)
        }
    }

    @Sendable func item(_ request: Request, context: WebRequestContext) async throws -> Response {
        guard let id = UUID(uuidString: try context.parameters.require("id")), let item = try await portal.item(id) else {
            throw RegistryError.notFound("开放数据")
        }
        let address = (request.head.authority.map { "http://\($0)" } ?? "") + request.uri.path
        return try site.renderCacheable(PortalItemPage(item, address: address), for: request, context: context)
    }
}
