import Hummingbird
import RegistryCore

/// 共享清单 (A20.1): the demand, responsibility and negative lists within the reader's oversight, as pages and as the
/// CSV the API gives (formula-safe, ``CSVTable``).
struct ShareListPagesController: Sendable {
    let site: WebSite
    let database: RegistryDatabase

    var listings: ShareRequestWorkflow { ShareRequestWorkflow(database: database.readReplica) }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/sharing/lists") { _, _ in Response.redirect(to: "/sharing/lists/demand") }
        router.get("/sharing/lists/{list}", use: show)
        router.get("/sharing/lists/{list}/csv", use: csv)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let table = try await table(context)
        return try site.render(ShareListPage(table), for: request, context: context)
    }

    @Sendable func csv(_ request: Request, context: WebRequestContext) async throws -> Response {
        let table = try await table(context)
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"share-\(table.list.rawValue)-list.csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: table.csv.text))
        )
    }

    /// The list named in the path, within the reader's oversight (``OversightScope``).
    private func table(_ context: WebRequestContext) async throws -> ShareListTable {
        let actor = try context.actor()
        guard let list = ShareList(rawValue: try context.parameters.require("list")) else { throw RegistryError.notFound("该清单") }
        return try await listings.list(list, OversightFilter(), by: actor)
    }
}
