import Foundation
import Hummingbird
import RegistryCore

/// The draft editor (A10.2, A10.3): add an item to a draft, change or withdraw an item, take a change out of the draft.
/// 增加一行 posts the form and gets it back with one more data item row, so it needs no script.
struct CatalogEditorController: Sendable {
    let site: WebSite
    let database: RegistryDatabase
    let pages: CatalogPagesController

    var workflow: CatalogWorkflow { CatalogWorkflow(database: database) }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/catalog-versions/{id}/items/new", use: newItem)
        router.post("/catalog-versions/{id}/items/new", use: addItem)
        router.get("/catalog-versions/{id}/items/{item}", use: editItem)
        router.post("/catalog-versions/{id}/items/{item}", use: changeItem)
        router.post("/catalog-versions/{id}/items/{item}/withdraw") { request, context in
            try await itemStep(request, context) { try await workflow.withdrawItem($0, in: $1, by: $2) }
        }
        router.post("/catalog-versions/{id}/items/{item}/discard") { request, context in
            try await itemStep(request, context) { try await workflow.discardChange(of: $0, in: $1, by: $2) }
        }
    }

    /// The empty form of a new item, the clerk's institution as its source.
    @Sendable func newItem(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (actor, version) = try await draft(context)
        let page = try await editor(.blank(sourceInstitution: actor.institution), code: nil, item: nil, version: version)
        return try site.render(page, for: request, context: context)
    }

    /// Adds the item, or shows the form again with one more row (增加一行) or with the refusal beside its field.
    @Sendable func addItem(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (actor, version) = try await draft(context)
        let input = try context.form.decode(CatalogItemInput.self)
        return try await save(input, code: nil, item: nil, version: version, request, context) {
            _ = try await workflow.addItem(NewCatalogItem(code: (input.code ?? "").trimmed, fields: try input.fields()), to: version.id, by: actor)
        }
    }

    /// The form of an item as the draft has it, or as it is in force.
    @Sendable func editItem(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (actor, version) = try await draft(context)
        let itemID = try CatalogPagesController.id(context, "item")
        let revision = try await workflow.revisionForEditing(of: itemID, in: version.id, by: actor)
        let page = try await editor(
            CatalogItemInput(code: revision.code, fields: revision.fields),
            code: revision.code,
            item: itemID,
            version: version
        )
        return try site.render(page, for: request, context: context)
    }

    /// Changes the item in the draft, or shows the form again.
    @Sendable func changeItem(_ request: Request, context: WebRequestContext) async throws -> Response {
        let (actor, version) = try await draft(context)
        let itemID = try CatalogPagesController.id(context, "item")
        let code = try await workflow.revisionForEditing(of: itemID, in: version.id, by: actor).code
        let input = try context.form.decode(CatalogItemInput.self)
        return try await save(input, code: code, item: itemID, version: version, request, context) {
            _ = try await workflow.changeItem(itemID, to: try input.fields(), in: version.id, by: actor)
        }
    }

    /// Withdraws an item or discards its change, then back to the version; a refusal is shown on the version's page.
    func itemStep(
        _ request: Request,
        _ context: WebRequestContext,
        _ action: @escaping (UUID, UUID, Principal) async throws -> some Sendable
    ) async throws -> Response {
        let actor = try context.actor()
        let (versionID, itemID) = (try CatalogPagesController.id(context), try CatalogPagesController.id(context, "item"))
        return try await pages.onVersionPage(versionID, request, context) { _ = try await action(itemID, versionID, actor) }
    }

    // MARK: Helpers

    /// The clerk and the version `{id}`, which the clerk's catalog must hold (else 403 or 404).
    private func draft(_ context: WebRequestContext) async throws -> (Principal, CatalogVersion) {
        let actor = try context.actor()
        try actor.require(.clerk)
        return (actor, try await workflow.detail(of: try CatalogPagesController.id(context), by: actor).version)
    }

    /// Runs `store` unless 增加一行 was pressed; either way a refusal or the extra row shows the form again.
    private func save(
        _ input: CatalogItemInput,
        code: String?,
        item: UUID?,
        version: CatalogVersion,
        _ request: Request,
        _ context: WebRequestContext,
        _ store: () async throws -> Void
    ) async throws -> Response {
        if input.addRow != nil {
            return try site.render(try await editor(input.withExtraRow(), code: code, item: item, version: version), for: request, context: context)
        }
        return try await site.submit(
            request,
            context: context,
            reshow: { try await editor(input, code: code, item: item, version: version, errors: $0) },
            {
                try await store()
                return .redirect(to: "/catalog-versions/\(version.id)")
            }
        )
    }

    private func editor(
        _ input: CatalogItemInput,
        code: String?,
        item: UUID?,
        version: CatalogVersion,
        errors: FormErrors = FormErrors()
    ) async throws -> CatalogItemEditorPage {
        let path = "/catalog-versions/\(version.id)/items/" + (item?.uuidString ?? "new")
        return CatalogItemEditorPage(
            input: input,
            code: code,
            version: version,
            action: path,
            choices: try await choices(),
            errors: errors
        )
    }

    /// The category tree of the default scheme and the base data kinds.
    private func choices() async throws -> CatalogItemChoices {
        try await database.readReplica.read { connection in
            let scheme = try ClassificationStore().defaultScheme(on: connection)
            let trees = try scheme.map { try ClassificationStore().categoryTree(of: $0.code, on: connection) } ?? []
            return CatalogItemChoices(trees: trees, baseDataKinds: try BaseDataKindStore().list(on: connection))
        }
    }
}
