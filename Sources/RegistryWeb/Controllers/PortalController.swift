import Foundation
import Hummingbird
import RegistryCore

/// 公共数据开放门户 (A28.1): the open catalog for everyone, without signing in — the front page, the search with facets
/// and each open item's page. Items suspended or withdrawn by an objection (A28.3) are never shown: the portal reads
/// the open catalog as the database computes it, in the request. Pages are cacheable for a minute, with an `ETag`.
struct PortalController: Sendable {
    let site: WebSite
    let database: RegistryDatabase
    /// The open catalog held in memory for searches with words; `nil`: the database answers them.
    var searchIndex: OpenCatalogSearchIndex? = nil

    var portal: OpenPortal { OpenPortal(database: database.readReplica, searchIndex: searchIndex) }
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

    /// `GET /open/search?q=&division=&institution=&category=&open_type=&grade=&update_frequency=&format=&page=`: the open
    /// catalog's one search (``OpenPortal/search(_:limit:from:facetValues:)``, as `GET /api/v1/open-catalog`), a page at a
    /// time, with the values of each facet the page shows.
    @Sendable func search(_ request: Request, context: WebRequestContext) async throws -> Response {
        let parameters = Dictionary(
            request.uri.queryParameters.map { (String($0.key), String($0.value)) },
            uniquingKeysWith: { first, _ in first }
        )
        let asked = PortalRequest(parameters)
        do {
            let size = PortalSearchPage.pageSize
            let result = try await portal.search(
                try OpenPortalQuery(parameters: parameters),
                limit: size,
                from: .offset((asked.page - 1) * size),
                facetValues: PortalSearchPage.facetValues
            )
            return try site.renderCacheable(PortalSearchPage(request: asked, result: result), for: request, context: context)
        } catch let error as RegistryError where error.belongsOnForm {
            let page = PortalSearchPage(request: asked, errors: FormErrors(error, shownFields: PortalSearchPage.fields))
            return try site.render(page, for: request, context: context, status: .unprocessableContent)
        }
    }

    /// `GET /open/items/{id}`: the item's page, or — by content negotiation (`Accept: text/turtle`,
    /// `application/ld+json`, `application/rdf+xml`) — its DCAT-AP dataset, the body of
    /// `GET /api/v1/dcat/datasets/{id}.{ttl,jsonld,rdf}`. HTML unless an RDF type is preferred; `Vary: Accept`.
    @Sendable func item(_ request: Request, context: WebRequestContext) async throws -> Response {
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw RegistryError.notFound("开放数据") }
        let vary = "Accept, Cookie"
        if let format = PortalRepresentation.rdfFormat(accepting: request.headers[values: .accept]) {
            let graph: RDFGraph
            do {
                graph = try await DCATExport(database: database.readReplica).dataset(id)
            } catch let error as RegistryError where error.code == .notFound {
                throw RegistryError.notFound("开放数据")
            }
            return Response(
                status: .ok,
                headers: [.contentType: format.mediaType, .vary: vary],
                body: .init(byteBuffer: ByteBuffer(string: graph.serialised(as: format)))
            )
        }
        guard let item = try await portal.item(id) else { throw RegistryError.notFound("开放数据") }
        let address = (request.head.authority.map { "http://\($0)" } ?? "") + request.uri.path
        let products = try await DataProductWorkflow(database: database.readReplica).products(usingItem: id, limit: 20)
        var response = try site.renderCacheable(PortalItemPage(item, products: products, address: address), for: request, context: context)
        response.headers[.vary] = vary
        return response
    }
}

/// How an open item's page is represented: HTML, or one of the RDF serialisations of its DCAT-AP dataset when the
/// `Accept` header prefers it (RFC 9110 §12.5.1). A wildcard never selects RDF, and HTML wins a tie.
enum PortalRepresentation {
    /// The RDF format the `Accept` header values prefer to HTML, or `nil` for HTML.
    static func rdfFormat(accepting values: [String]) -> RDFFormat? {
        var weights: [String: Double] = [:]
        for range in values.flatMap({ $0.split(separator: ",") }) {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = parts.first, !type.isEmpty else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            weights[type] = max(weights[type] ?? 0, min(max(quality, 0), 1))
        }
        let explicitHTML = max(weights["text/html"] ?? 0, weights["application/xhtml+xml"] ?? 0)
        let html = explicitHTML > 0 ? explicitHTML : max(weights["*/*"] ?? 0, weights["text/*"] ?? 0) * 0.999
        let types: [(String, RDFFormat)] = [("text/turtle", .turtle), ("application/ld+json", .jsonLD), ("application/rdf+xml", .rdfXML)]
        guard let best = types.max(by: { (weights[$0.0] ?? 0) < (weights[$1.0] ?? 0) }), let quality = weights[best.0], quality > html
        else { return nil }
        return best.1
    }
}
