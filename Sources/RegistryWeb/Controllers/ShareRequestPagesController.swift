import Foundation
import Hummingbird
import RegistryCore

/// 共享申请 for clerks (A20.2, A23.1–A23.4): find a published item and file a request for it; the requests the
/// institution answers — reply, then deliver — and those it filed, with their progress, withdrawn on confirmation
/// while the state allows (A23.2). Each step calls ``ShareRequestWorkflow``, as the API does.
struct ShareRequestPagesController: Sendable {
    let site: WebSite
    let database: RegistryDatabase

    var workflow: ShareRequestWorkflow { ShareRequestWorkflow(database: database) }
    /// Results of a catalog search per page.
    static let searchPageSize = 20

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/sharing/requests", use: list)
        router.get("/sharing/catalog", use: search)
        router.get("/sharing/requests/new", use: showNew)
        router.post("/sharing/requests", use: file)
        router.get("/sharing/requests/{id}", use: show)
        router.post("/sharing/requests/{id}/reply", use: reply)
        router.post("/sharing/requests/{id}/deliver", use: deliver)
        router.post("/sharing/requests/{id}/withdraw", use: withdraw)
    }

    @Sendable func list(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.clerk)
        let institution = actor.institution ?? ""
        let requests = try await ShareRequestWorkflow(database: database.readReplica).requests(of: institution, state: nil, by: actor)
        let due = try await workflow.openObligations(of: institution, by: actor)
        let boxes = SharingBoxes(
            incoming: requests.filter { $0.source == institution }.map { SharingRow($0, counterpart: $0.requesterName, due: due[$0.id]) },
            outgoing: requests.filter { $0.requester == institution }.map { SharingRow($0, counterpart: $0.sourceName, due: due[$0.id]) }
        )
        return try site.render(ShareRequestsPage(boxes: boxes), for: request, context: context)
    }

    /// `GET /sharing/catalog?q=&cursor=`: the published items whose name or data items hold the words.
    @Sendable func search(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.clerk)
        let text = request.uri.queryParameters["q"].map(String.init) ?? ""
        let cursor = request.uri.queryParameters["cursor"].map(String.init)
        return try await site.submit(
            request,
            context: context,
            reshow: { ShareSearchPage(text: text, searched: true, errors: $0) },
            {
                guard let words = try SearchText(validating: text, field: "q")?.text else {
                    return try site.render(ShareSearchPage(text: text, searched: false), for: request, context: context)
                }
                let after = try cursor.map { text throws(RegistryError) in try CatalogItemCursor(parsing: text) }
                let page = try await CatalogWorkflow(database: database.readReplica).publishedItems(
                    CatalogItemFilter(text: words),
                    after: after,
                    limit: Self.searchPageSize,
                    by: actor
                )
                let results = try await searchResults(page.items)
                return try site.render(
                    ShareSearchPage(text: text, results: results, nextCursor: page.nextCursor, searched: true),
                    for: request,
                    context: context
                )
            }
        )
    }

    /// The items found, with the names of the institutions that hold them.
    private func searchResults(_ items: [CatalogItemSummary]) async throws -> [ShareSearchPage.Result] {
        let names = try await database.readReplica.read { connection in
            try Dictionary(
                Set(items.map(\.institution)).map { uscc in (uscc, try InstitutionStore().get(uscc: uscc, on: connection)?.name ?? uscc) },
                uniquingKeysWith: { first, _ in first }
            )
        }
        return items.map { item in
            ShareSearchPage.Result(
                code: item.code,
                name: item.name,
                source: names[item.institution] ?? item.institution,
                shareType: item.shareType.label,
                dataItemCount: item.dataItemCount,
                link: "/sharing/requests/new?item=\(item.id.uuidString.lowercased())"
            )
        }
    }

    @Sendable func showNew(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.clerk)
        let item = try await publishedItem(request.uri.queryParameters["item"].map(String.init), actor)
        return try site.render(item.form(ShareRequestInput()), for: request, context: context)
    }

    @Sendable func file(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.clerk)
        let itemID = try context.form.decode(ItemInput.self).item
        let item = try await publishedItem(itemID, actor)
        let input = try context.form.decode(ShareRequestInput.self)
        return try await site.submit(
            request,
            context: context,
            reshow: { item.form(input, errors: $0) },
            {
                let filed = try await workflow.file(try input.request(for: item.item.id), by: actor)
                return .redirect(to: "/sharing/requests/\(filed.request.id.uuidString.lowercased())?done=filed")
            }
        )
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        let detail = try await workflow.detail(try SharingPath.id(context), by: actor)
        let notice = SharingNotice.text(request.uri.queryParameters["done"].map(String.init))
        return try site.render(ShareRequestPage(detail, actor: actor, notice: notice), for: request, context: context)
    }

    @Sendable func reply(_ request: Request, context: WebRequestContext) async throws -> Response {
        try await step(request, context) { id, _, input, actor in
            let reply = input.reply
            _ = try await workflow.reply(to: id, reply, by: actor)
            if case .approve = reply { return "approved" }
            return "refused"
        }
    }

    @Sendable func deliver(_ request: Request, context: WebRequestContext) async throws -> Response {
        try await step(request, context) { id, _, input, actor in
            _ = try await workflow.deliver(id, note: FormShape.optionalText(input.deliveryNote), by: actor)
            return "delivered"
        }
    }

    /// A23.2: the requester's clerk withdraws the request, once the confirmation box is ticked; unticked, nothing is
    /// withdrawn and the box says why (after the check that the actor may withdraw at all, so others get 403).
    @Sendable func withdraw(_ request: Request, context: WebRequestContext) async throws -> Response {
        try await step(request, context) { id, detail, input, actor in
            guard input.withdrawalConfirmed else {
                try actor.requireClerk(of: detail.request.requester)
                throw RegistryError.invalid("confirm_withdrawal", "请勾选“确认撤回”:撤回后本申请不能恢复。")
            }
            _ = try await workflow.withdraw(id, reason: FormShape.optionalText(input.withdrawalReason), by: actor)
            return "withdrawn"
        }
    }

    // MARK: Helpers

    /// A step on a request posted from its page: on success back to the page with the step's notice, on a refusal
    /// the page again with the input kept and the refusal beside its field.
    private func step(
        _ request: Request,
        _ context: WebRequestContext,
        _ action: (UUID, ShareRequestDetail, ShareReplyInput, Principal) async throws -> String
    ) async throws -> Response {
        let actor = try context.actor()
        let id = try SharingPath.id(context)
        let input = try context.form.decode(ShareReplyInput.self)
        let detail = try await workflow.detail(id, by: actor)
        return try await site.submit(
            request,
            context: context,
            reshow: { ShareRequestPage(detail, actor: actor, input: input, errors: $0) },
            {
                let done = try await action(id, detail, input, actor)
                return .redirect(to: "/sharing/requests/\(id.uuidString.lowercased())?done=\(done)")
            }
        )
    }

    /// A published item and its fields in force, with the name of its source; anything else is not found.
    private func publishedItem(_ text: String?, _ actor: Principal) async throws -> PublishedItem {
        guard let id = text.flatMap(UUID.init(uuidString:)) else { throw RegistryError.notFound("目录条目") }
        let item = try await CatalogWorkflow(database: database).item(id, by: actor)
        guard item.isPublished, let fields = item.fields else { throw RegistryError.notFound("已发布的目录条目") }
        let source = try await database.read { try InstitutionStore().get(uscc: item.institution, on: $0)?.name } ?? item.institution
        return PublishedItem(item: item, fields: fields, sourceName: source)
    }

    /// An item with its fields in force and the name of the institution whose catalog holds it.
    struct PublishedItem: Sendable {
        var item: CatalogItem
        var fields: CatalogItemFields
        var sourceName: String

        /// The request form for the item, with what was typed and its refusal.
        func form(_ input: ShareRequestInput, errors: FormErrors = FormErrors()) -> NewShareRequestPage {
            NewShareRequestPage(item: item, fields: fields, sourceName: sourceName, input: input, errors: errors)
        }
    }

    /// The item a request form posts.
    struct ItemInput: Decodable {
        var item: String?
    }
}

/// The id in a 共享 page's path; one that is not an id is not found.
enum SharingPath {
    static func id(_ context: WebRequestContext) throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw RegistryError.notFound("该记录") }
        return id
    }
}

extension ShareRequestWorkflow {
    /// How far ahead the lists look for open replies and deliveries: about a year of working days.
    static let listHorizon = 250

    /// The institution's open replies and deliveries, of requests and demands, by record id (W.1).
    func openObligations(of institution: String, by actor: Principal) async throws -> [UUID: ShareDueItem] {
        let items = try await ShareRequestWorkflow(database: database.readReplica).dueList(of: institution, within: Self.listHorizon, by: actor)
        return Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
