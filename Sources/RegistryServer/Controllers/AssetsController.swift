import Foundation
import Hummingbird
import RegistryCore

/// The public data asset register (A43.1): clerks register, change and retire their institution's assets; reviewers
/// read their division's assets, restore retired ones and read the level register. Who may do what is decided by
/// ``DataAssetRegister`` through `Principal`.
struct AssetsController {
    let database: RegistryDatabase

    var register: DataAssetRegister { DataAssetRegister(database: database) }
    /// The register over the read replica, for the lists that may lag the primary by the replication delay.
    var listings: DataAssetRegister { DataAssetRegister(database: database.readReplica) }

    struct Changes: ResponseEncodable {
        var changes: [DataAssetChange]
    }

    /// The body of a retirement or restoration: an optional reason. An empty body gives none.
    struct ReasonBody: Decodable {
        var reason: String?
    }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/data-assets", use: list)
        group.post("/data-assets", use: create)
        group.get("/data-assets/{id}", use: show)
        group.put("/data-assets/{id}", use: change)
        group.post("/data-assets/{id}/retire", use: retire)
        group.post("/data-assets/{id}/restore", use: restore)
        group.get("/data-assets/{id}/history", use: history)
        group.get("/divisions/{code}/asset-register", use: levelRegister)
    }

    /// `GET /api/v1/data-assets?division=&institution=&grade=&status=&q=&cursor=&limit=`.
    @Sendable func list(_ request: Request, context: RegistryRequestContext) async throws -> DataAssetPage {
        let actor = try context.requirePrincipal()
        return try await listings.list(try Self.query(of: request), by: actor)
    }

    /// `POST /api/v1/data-assets` (clerk of the holder).
    @Sendable func create(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<DataAssetDetail> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: DataAssetInput.self, context: context)
        return EditedResponse(status: .created, response: try await register.register(input, by: actor))
    }

    /// `GET /api/v1/data-assets/{id}`: the asset with its catalog items and history.
    @Sendable func show(_ request: Request, context: RegistryRequestContext) async throws -> DataAssetDetail {
        let actor = try context.requirePrincipal()
        return try await register.detail(try ListingQuery.pathID(context), by: actor)
    }

    /// `PUT /api/v1/data-assets/{id}` (clerk of the holder): restates the asset's fields.
    @Sendable func change(_ request: Request, context: RegistryRequestContext) async throws -> DataAssetDetail {
        let actor = try context.requirePrincipal()
        let id = try ListingQuery.pathID(context)
        let input = try await request.decodeBody(as: DataAssetInput.self, context: context)
        return try await register.change(id, to: input, by: actor)
    }

    /// `POST /api/v1/data-assets/{id}/retire` (clerk of the holder).
    @Sendable func retire(_ request: Request, context: RegistryRequestContext) async throws -> DataAssetDetail {
        let actor = try context.requirePrincipal()
        let id = try ListingQuery.pathID(context)
        let reason = try await request.decodeOptionalBody(as: ReasonBody.self, context: context)?.reason
        return try await register.retire(id, reason: reason, by: actor)
    }

    /// `POST /api/v1/data-assets/{id}/restore` (reviewer of the authority of the holder's division or above).
    @Sendable func restore(_ request: Request, context: RegistryRequestContext) async throws -> DataAssetDetail {
        let actor = try context.requirePrincipal()
        let id = try ListingQuery.pathID(context)
        let reason = try await request.decodeOptionalBody(as: ReasonBody.self, context: context)?.reason
        return try await register.restore(id, reason: reason, by: actor)
    }

    /// `GET /api/v1/data-assets/{id}/history`: the asset's changes, oldest first.
    @Sendable func history(_ request: Request, context: RegistryRequestContext) async throws -> Changes {
        let actor = try context.requirePrincipal()
        return Changes(changes: try await register.history(of: try ListingQuery.pathID(context), by: actor))
    }

    /// `GET /api/v1/divisions/{code}/asset-register` (reviewer of the division's authority or one above it).
    @Sendable func levelRegister(_ request: Request, context: RegistryRequestContext) async throws -> AssetLevelRegister {
        let actor = try context.requirePrincipal()
        let code = try context.parameters.require("code")
        guard Division.isWellFormedCode(code) else { throw RegistryError.invalid("code", "区划代码必须是6位数字(GB/T 2260)。", article: "A3.1") }
        return try await listings.levelRegister(of: code, by: actor)
    }

    // MARK: Reading requests

    static func query(of request: Request) throws -> DataAssetQuery {
        let listing = ListingQuery(request)
        let oversight = try listing.oversight()
        let parameters = request.uri.queryParameters
        var query = DataAssetQuery()
        query.division = oversight.division
        query.institution = parameters["institution"].map(String.init)
        query.grade = try listing.value("grade", as: DataGrade.self)
        query.status = try listing.value("status", as: DataAsset.Status.self)
        query.text = try listing.searchText()
        if let cursor = parameters["cursor"] {
            guard let after = Int64(cursor), after > 0 else { throw RegistryError.invalid("cursor", "分页游标无效。") }
            query.after = after
        }
        if let limit = parameters["limit"] {
            guard let value = Int(limit), DataAssetQuery.limitRange.contains(value) else {
                throw RegistryError.invalid("limit", "每页条数须为 1 至 200 之间的整数。")
            }
            query.limit = value
        }
        return query
    }
}

extension DataAssetPage: ResponseEncodable {}
extension DataAssetDetail: ResponseEncodable {}
extension AssetLevelRegister: ResponseEncodable {}
