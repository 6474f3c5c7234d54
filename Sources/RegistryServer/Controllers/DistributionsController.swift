import Foundation
import HTTPTypes
import Hummingbird
import RegistryCore

/// Distributions and coverage of catalog items (A28.1): described by the catalog's keeper in a draft version and
/// reviewed with it (A10.3), refreshed by the providing institution's clerk (A16.1), read by anyone for the open
/// catalog. Who may do what is decided by ``DistributionWorkflow``.
struct DistributionsController {
    let database: RegistryDatabase

    var workflow: DistributionWorkflow { DistributionWorkflow(database: database) }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/open-catalog/{id}/distributions", use: openOffer)
        group.get("/catalog-versions/{id}/items/{item}/distributions", use: offer)
        group.post("/catalog-versions/{id}/items/{item}/distributions", use: add)
        group.delete("/catalog-versions/{id}/items/{item}/distributions/{distribution}", use: remove)
        group.put("/catalog-versions/{id}/items/{item}/coverage", use: setCoverage)
        group.post("/catalog-items/{id}/distributions", use: refresh)
    }

    /// `GET /api/v1/open-catalog/{id}/distributions` (public): coverage, and distributions of an unconditional item.
    @Sendable func openOffer(_ request: Request, context: RegistryRequestContext) async throws -> ItemDistributions {
        try await DistributionWorkflow(database: database.readReplica).openOffer(item: try ListingQuery.pathID(context))
    }

    /// `GET /api/v1/catalog-versions/{id}/items/{item}/distributions` (whoever may read the catalog).
    @Sendable func offer(_ request: Request, context: RegistryRequestContext) async throws -> ItemDistributions {
        let (version, item) = try CatalogController.versionAndItem(context)
        return try await workflow.offer(item: item, version: version, by: try context.requirePrincipal())
    }

    /// `POST /api/v1/catalog-versions/{id}/items/{item}/distributions` (the catalog's keeper, draft only).
    @Sendable func add(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<Distribution> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: NewDistribution.self, context: context)
        let (version, item) = try CatalogController.versionAndItem(context)
        return EditedResponse(status: .created, response: try await workflow.add(input, item: item, version: version, by: actor))
    }

    /// `DELETE /api/v1/catalog-versions/{id}/items/{item}/distributions/{distribution}` (the catalog's keeper).
    @Sendable func remove(_ request: Request, context: RegistryRequestContext) async throws -> HTTPResponse.Status {
        let (version, item) = try CatalogController.versionAndItem(context)
        let distribution = try ListingQuery.pathID(context, "distribution")
        try await workflow.remove(distribution, item: item, version: version, by: try context.requirePrincipal())
        return .noContent
    }

    /// `PUT /api/v1/catalog-versions/{id}/items/{item}/coverage` (the catalog's keeper, draft only).
    @Sendable func setCoverage(_ request: Request, context: RegistryRequestContext) async throws -> ItemDistributions {
        let actor = try context.requirePrincipal()
        let coverage = try await request.decodeBody(as: ItemCoverage.self, context: context)
        let (version, item) = try CatalogController.versionAndItem(context)
        return try await workflow.setCoverage(coverage, item: item, version: version, by: actor)
    }

    /// `POST /api/v1/catalog-items/{id}/distributions` (a clerk of the catalog's institution): a refresh (A16.1).
    @Sendable func refresh(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<Distribution> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: NewDistribution.self, context: context)
        return EditedResponse(status: .created, response: try await workflow.refresh(input, item: try ListingQuery.pathID(context), by: actor))
    }
}

extension Distribution: ResponseEncodable {}
extension ItemDistributions: ResponseEncodable {}
