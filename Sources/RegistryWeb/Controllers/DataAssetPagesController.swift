import Foundation
import Hummingbird
import RegistryCore

/// 数据资产 (A43.1): a clerk lists, registers, changes and retires the institution's assets (`/assets…`); a reviewer
/// reads the division's asset register (`/asset-register`), each asset with its history, and restores a retired one.
/// Who may do what is decided by ``DataAssetRegister``, as for the API.
struct DataAssetPagesController: Sendable {
    static let list = "/assets"
    static let levelRegister = "/asset-register"

    let site: WebSite
    let database: RegistryDatabase

    var register: DataAssetRegister { DataAssetRegister(database: database) }
    /// The register over the read replica, for the lists that may lag the primary.
    var listings: DataAssetRegister { DataAssetRegister(database: database.readReplica) }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.list), use: showList)
        router.get("/assets/new", use: showNew)
        router.post(RouterPath(stringLiteral: Self.list), use: create)
        router.get("/assets/{id}", use: show)
        router.get("/assets/{id}/edit", use: showEdit)
        router.post("/assets/{id}", use: change)
        router.post("/assets/{id}/retire") { request, context in try await retireOrRestore(request, context, restoring: false) }
        router.post("/assets/{id}/restore") { request, context in try await retireOrRestore(request, context, restoring: true) }
        router.get(RouterPath(stringLiteral: Self.levelRegister), use: showLevelRegister)
    }

    @Sendable func showList(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.clerk)
        let page = try await listings.list(DataAssetQuery(after: Self.after(request)), by: try context.actor())
        let names = try await categoryNames(of: Set(page.assets.map(\.categoryScheme)))
        return try site.render(DataAssetListPage(page, categoryNames: names), for: request, context: context)
    }

    @Sendable func showNew(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.clerk)
        let scheme = try await defaultScheme()
        let page = DataAssetFormPage(input: DataAssetFormInput(scheme: scheme), categories: try await categories(of: scheme))
        return try site.render(page, for: request, context: context)
    }

    @Sendable func create(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.clerk)
        let input = try context.form.decode(DataAssetFormInput.self)
        let categories = try await categories(of: input.categoryScheme ?? "")
        return try await site.submit(
            request,
            context: context,
            reshow: { DataAssetFormPage(input: input, categories: categories, errors: $0) },
            {
                let detail = try await register.register(try input.assetInput(), by: try context.actor())
                return .redirect(to: Self.path(of: detail.asset.id))
            }
        )
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        let detail = try await register.detail(try Self.id(context), by: actor)
        let page = DataAssetDetailPage(detail, category: try await categoryName(of: detail.asset), role: actor.role)
        return try site.render(page, for: request, context: context)
    }

    @Sendable func showEdit(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.clerk)
        let asset = try await register.detail(try Self.id(context), by: try context.actor()).asset
        let page = DataAssetFormPage(input: DataAssetFormInput(asset), categories: try await categories(of: asset.categoryScheme), editing: asset)
        return try site.render(page, for: request, context: context)
    }

    @Sendable func change(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.clerk)
        let actor = try context.actor()
        let id = try Self.id(context)
        let asset = try await register.detail(id, by: actor).asset
        let input = try context.form.decode(DataAssetFormInput.self)
        let categories = try await categories(of: input.categoryScheme ?? asset.categoryScheme)
        let reshow = { DataAssetFormPage(input: input, categories: categories, editing: asset, errors: $0) }
        return try await site.submit(request, context: context, reshow: reshow) {
            _ = try await register.change(id, to: try input.assetInput(), by: actor)
            return .redirect(to: Self.path(of: id))
        }
    }

    /// Retires (a clerk) or restores (a reviewer) an asset; a refusal is shown on the asset's page.
    func retireOrRestore(_ request: Request, _ context: WebRequestContext, restoring: Bool) async throws -> Response {
        let actor = try context.actor()
        let id = try Self.id(context)
        let detail = try await register.detail(id, by: actor)
        let category = try await categoryName(of: detail.asset)
        let reason = try context.form.decode(ReasonInput.self).reason.flatMap { $0.isEmpty ? nil : $0 }
        let reshow = { DataAssetDetailPage(detail, category: category, role: actor.role, errors: $0) }
        return try await site.submit(request, context: context, reshow: reshow) {
            if restoring {
                _ = try await register.restore(id, reason: reason, by: actor)
            } else {
                _ = try await register.retire(id, reason: reason, by: actor)
            }
            return .redirect(to: Self.path(of: id))
        }
    }

    @Sendable func showLevelRegister(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.reviewer)
        let actor = try context.actor()
        let levelRegister = try await listings.levelRegister(of: actor.division ?? "", by: actor)
        let assets = try await listings.list(DataAssetQuery(after: Self.after(request)), by: actor)
        return try site.render(AssetLevelRegisterPage(levelRegister, assets: assets), for: request, context: context)
    }

    // MARK: Reading requests and the classification

    /// What retiring or restoring posts.
    struct ReasonInput: Decodable {
        var reason: String?
    }

    static func path(of id: UUID) -> String {
        "/assets/\(id.uuidString.lowercased())"
    }

    /// The asset of the path; an id that is not one is an asset that does not exist.
    static func id(_ context: WebRequestContext) throws -> UUID {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw RegistryError.notFound("数据资产") }
        return id
    }

    /// The page's keyset cursor (`?after=`), when it is a registration number.
    static func after(_ request: Request) -> Int64? {
        request.uri.queryParameters["after"].flatMap { Int64(String($0)) }.flatMap { $0 > 0 ? $0 : nil }
    }

    private func defaultScheme() async throws -> String {
        try await database.readReplica.read { try ClassificationStore().defaultScheme(on: $0)?.code ?? "" }
    }

    private func categories(of scheme: String) async throws -> [DataCategoryNode] {
        try await database.readReplica.read { try ClassificationStore().categoryTree(of: scheme, on: $0) }
    }

    /// The names of the categories of `schemes`, by code (the demo and most registries use one scheme).
    private func categoryNames(of schemes: Set<String>) async throws -> [String: String] {
        try await database.readReplica.read { connection in
            let categories = try schemes.flatMap { try ClassificationStore().categories(of: $0, on: connection) }
            return Dictionary(categories.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The asset's category as `name (code)`, or its code when the scheme no longer has it.
    private func categoryName(of asset: DataAsset) async throws -> String {
        let category = try await database.readReplica.read {
            try ClassificationStore().category(scheme: asset.categoryScheme, code: asset.categoryCode, on: $0)
        }
        return category.map { "\($0.name)(\(asset.categoryCode))" } ?? asset.categoryCode
    }
}
