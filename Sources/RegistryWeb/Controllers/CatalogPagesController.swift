import Foundation
import Hummingbird
import RegistryCore

/// The catalog pages (A10.1–A10.3, A11.1): 本机构目录 for clerks, a catalog and its versions for whoever may read
/// them, the draft editor, and the review of a submitted version. Who may do what is decided by ``CatalogWorkflow``;
/// the pages only ask for the role a page is made for.
struct CatalogPagesController: Sendable {
    /// Items in force a catalog's page lists at a time; 下一页 follows the cursor.
    static let itemsPerPage = 50

    let site: WebSite
    let database: RegistryDatabase

    var workflow: CatalogWorkflow { CatalogWorkflow(database: database) }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/catalog", use: ownCatalog)
        router.post("/catalog", use: openCatalog)
        router.get("/catalogs", use: divisionCatalogs)
        router.get("/catalogs/{id}", use: catalog)
        router.post("/catalogs/{id}/versions", use: openDraft)
        router.get("/reviews", use: reviews)
        router.get("/catalog-versions/{id}", use: version)
        router.post("/catalog-versions/{id}/submit") { try await step($0, $1) { _ in .submit } }
        router.post("/catalog-versions/{id}/reopen") { try await step($0, $1) { _ in .reopen } }
        router.post("/catalog-versions/{id}/approve") { try await step($0, $1) { _ in .approve } }
        router.post("/catalog-versions/{id}/return") { request, context in
            try await step(request, context) { form in .return(reason: (try form.decode(ReturnInput.self)).reason ?? "") }
        }
        router.get("/catalog-items/{id}", use: item)
        CatalogEditorController(site: site, database: database, pages: self).addRoutes(to: router)
    }

    // MARK: Catalogs

    /// `/catalog` (本机构目录): the clerk's institution's catalog, or the button to open it.
    @Sendable func ownCatalog(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.clerk)
        let own = try await workflow.catalogs(OversightFilter(institution: actor.institution), kind: .institutional, by: actor).first
        guard let own else { return try site.render(CatalogMissingPage(), for: request, context: context) }
        return try site.render(try await catalogPage(own.id, request, actor), for: request, context: context)
    }

    /// `POST /catalog`: opens the clerk's institution's catalog (A10.1).
    @Sendable func openCatalog(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        _ = try await workflow.open(NewCatalog(kind: .institutional), by: actor)
        return .redirect(to: "/catalog")
    }

    /// `/catalogs` (辖区目录): the catalogs of the reviewer's division and those below it, read-only.
    @Sendable func divisionCatalogs(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer)
        let catalogs = try await CatalogWorkflow(database: database.readReplica).catalogs(OversightFilter(), kind: nil, by: actor)
        return try site.render(CatalogListPage(catalogs), for: request, context: context)
    }

    /// `/catalogs/{id}`: a catalog, its versions and its items in force.
    @Sendable func catalog(_ request: Request, context: WebRequestContext) async throws -> Response {
        let page = try await catalogPage(try Self.id(context), request, try context.actor())
        return try site.render(page, for: request, context: context)
    }

    /// `POST /catalogs/{id}/versions`: the keeper opens a draft (A10.3).
    @Sendable func openDraft(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        let catalogID = try Self.id(context)
        let note = (try context.form.decode(DraftInput.self)).note.flatMap { $0.trimmed.isEmpty ? nil : $0 }
        return try await site.submit(
            request,
            context: context,
            reshow: { try await catalogPage(catalogID, request, actor, errors: $0) },
            {
                let draft = try await workflow.openDraft(of: catalogID, note: note, by: actor)
                return .redirect(to: "/catalog-versions/\(draft.id)")
            }
        )
    }

    func catalogPage(_ catalogID: UUID, _ request: Request, _ actor: Principal, errors: FormErrors = FormErrors()) async throws -> CatalogPage {
        let overview = try await workflow.overview(of: catalogID, by: actor)
        let cursor = try request.uri.queryParameters["cursor"].map { text throws(RegistryError) in try CatalogItemCursor(parsing: String(text)) }
        let filter = CatalogItemFilter(institution: overview.catalog.institution)
        let items =
            overview.catalog.kind == .institutional
            ? try await workflow.publishedItems(filter, after: cursor, limit: Self.itemsPerPage, by: actor)
            : CatalogItemPage(items: [], nextCursor: nil)
        let keeper = actor.role == .clerk && actor.institution == overview.catalog.institution
        return CatalogPage(overview, items: items, keeper: keeper, errors: errors)
    }

    // MARK: Versions and review

    /// `/reviews` (目录审核): the versions the reviewer's authority has to decide, the earliest deadline first.
    @Sendable func reviews(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer)
        let rows = try await ReviewerWorkspacePage.VersionRow.awaiting(reviewedIn: actor.division ?? "", in: database)
        return try site.render(CatalogReviewsPage(rows), for: request, context: context)
    }

    /// `/catalog-versions/{id}`: a version beside the one in force, with its review; the review page of reviewers.
    @Sendable func version(_ request: Request, context: WebRequestContext) async throws -> Response {
        let page = try await versionPage(try Self.id(context), actor: try context.actor())
        return try site.render(page, for: request, context: context)
    }

    /// Submit, reopen, approve or return the version `{id}` (`step` reads the posted form), then back to its page;
    /// a refusal is shown on the page.
    func step(
        _ request: Request,
        _ context: WebRequestContext,
        _ step: (FormBody) throws -> CatalogVersionStep
    ) async throws -> Response {
        let versionID = try Self.id(context)
        let actor = try context.actor()
        let chosen = try step(context.form)
        return try await onVersionPage(versionID, request, context, reason: (try? context.form.decode(ReturnInput.self))?.reason) {
            _ = try await workflow.transition(versionID, chosen, by: actor)
        }
    }

    /// Runs `action` on the version `versionID` and goes back to its page; a refusal is shown there, the reason of a
    /// return kept.
    func onVersionPage(
        _ versionID: UUID,
        _ request: Request,
        _ context: WebRequestContext,
        reason: String? = nil,
        _ action: () async throws -> Void
    ) async throws -> Response {
        let actor = try context.actor()
        return try await site.submit(
            request,
            context: context,
            reshow: { try await versionPage(versionID, actor: actor, reason: reason ?? "", errors: $0) },
            {
                try await action()
                return .redirect(to: "/catalog-versions/\(versionID)")
            }
        )
    }

    func versionPage(_ versionID: UUID, actor: Principal, reason: String = "", errors: FormErrors = FormErrors()) async throws -> CatalogVersionPage {
        let comparison = try await workflow.comparison(of: versionID, by: actor)
        return CatalogVersionPage(comparison, actor: actor, categories: try await categoryNames(), reason: reason, errors: errors)
    }

    // MARK: Items

    /// `/catalog-items/{id}`: an item in force and its history.
    @Sendable func item(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        let itemID = try Self.id(context)
        let item = try await workflow.item(itemID, by: actor)
        let history = try await workflow.history(of: itemID, by: actor)
        return try site.render(CatalogItemHistoryPage(item, history: history, categories: try await categoryNames()), for: request, context: context)
    }

    // MARK: Reading requests

    /// The names of the default scheme's categories, by code (A9.1).
    func categoryNames() async throws -> [String: String] {
        try await database.readReplica.read { connection in
            guard let scheme = try ClassificationStore().defaultScheme(on: connection) else { return [:] }
            return Dictionary(try ClassificationStore().categories(of: scheme.code, on: connection).map { ($0.code, $0.name) }) { a, _ in a }
        }
    }

    /// The path parameter `name`, an id; anything else is a page that does not exist.
    static func id(_ context: WebRequestContext, _ name: String = "id") throws -> UUID {
        guard let text = context.parameters.get(name), let id = UUID(uuidString: text) else {
            throw RegistryError(.notFound, "没有这个页面:请从工作台进入。")
        }
        return id
    }

    /// What opening a draft posts.
    struct DraftInput: Decodable {
        var note: String?
    }

    /// What returning a version posts.
    struct ReturnInput: Decodable {
        var reason: String?
    }
}
