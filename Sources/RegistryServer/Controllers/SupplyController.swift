import Foundation
import Hummingbird
import RegistryCore

/// Supply of public data: one datum, one source (A13.2), duplicate collection (A13.3), the base databases (A18.1),
/// the freshness of items' data (A16.1) and the aggregation of electronic licences into their base database (A18.2).
struct SupplyController {
    let database: RegistryDatabase

    struct BaseDatabases: ResponseEncodable {
        var baseDatabases: [BaseDatabaseHoldings]
    }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/base-databases") { _, _ in
            BaseDatabases(baseDatabases: try await BaseDataSourceWorkflow(database: database.readReplica).baseDatabases())
        }
        group.get("/base-data-sources", use: listSources)
        group.post("/base-data-sources", use: claim)
        group.post("/base-data-sources/{id}/resolve", use: resolve)
        group.get("/duplicate-collection", use: duplicateCollection)
        group.get("/stale-items", use: staleItems)
        group.post("/catalog-items/{id}/refreshes", use: recordRefresh)
        group.post("/catalog-items/{id}/licence-aggregations", use: recordLicenceAggregation)
        group.get("/catalog-items/{id}/licence-aggregations", use: licenceAggregations)
    }

    /// `GET /api/v1/base-data-sources[?base_data_kind_code=&status=&institution=&division=&limit=&offset=]`.
    @Sendable func listSources(_ request: Request, context: RegistryRequestContext) async throws -> ListingResult<BaseDataSourceClaim> {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        let filter = BaseDataSourceStore.Filter(
            oversight: try query.oversight(),
            baseDataKindCode: query["base_data_kind_code"],
            status: try query.value("status", as: BaseDataSourceStatus.self)
        )
        return try await BaseDataSourceWorkflow(database: database.readReplica).list(filter, page: try query.page(), by: actor)
    }

    /// `POST /api/v1/base-data-sources`: 201 with the accepted claim; a competing claim is recorded as a conflict
    /// and refused (422, A13.2) naming the existing source.
    @Sendable func claim(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<BaseDataSourceClaim> {
        let actor = try context.require(.clerk, .reviewer)
        let claim = try await request.decodeBody(as: NewBaseDataSourceClaim.self, context: context)
        let recorded = try await BaseDataSourceWorkflow(database: database).claim(claim, by: actor)
        return EditedResponse(status: .created, response: recorded)
    }

    /// `POST /api/v1/base-data-sources/{id}/resolve` (the division's reviewer): `{"decision": "accept"|"dismiss"}`.
    @Sendable func resolve(_ request: Request, context: RegistryRequestContext) async throws -> BaseDataSourceClaim {
        let actor = try context.require(.reviewer)
        let id = try ListingQuery.pathID(context)
        let resolution = try await request.decodeBody(as: BaseDataSourceResolution.self, context: context)
        return try await BaseDataSourceWorkflow(database: database).resolve(id, resolution, by: actor)
    }

    /// `GET /api/v1/duplicate-collection[?institution=&division=&limit=&offset=]` (A13.3).
    @Sendable func duplicateCollection(
        _ request: Request,
        context: RegistryRequestContext
    ) async throws -> ListingResult<DuplicateCollection> {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        return try await BaseDataSourceWorkflow(database: database.readReplica)
            .duplicateCollection(try query.oversight(), page: try query.page(), by: actor)
    }

    /// `GET /api/v1/stale-items[?as_of=YYYY-MM-DD&institution=&division=&limit=&offset=]` (A16.1).
    @Sendable func staleItems(_ request: Request, context: RegistryRequestContext) async throws -> ListingResult<StaleItem> {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        return try await FreshnessWorkflow(database: database.readReplica)
            .staleItems(asOf: try query.date("as_of"), try query.oversight(), page: try query.page(), by: actor)
    }

    /// `POST /api/v1/catalog-items/{id}/refreshes` (the item's clerk): `{"refreshed_on": "YYYY-MM-DD", "note": …}`.
    @Sendable func recordRefresh(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<DataRefresh> {
        let actor = try context.require(.clerk)
        let item = try ListingQuery.pathID(context)
        let refresh = try await request.decodeBody(as: NewDataRefresh.self, context: context)
        let recorded = try await FreshnessWorkflow(database: database).recordRefresh(refresh, item: item, by: actor)
        return EditedResponse(status: .created, response: recorded)
    }
}

extension SupplyController {
    struct LicenceAggregations: ResponseEncodable { var aggregations: [LicenceAggregation] }

    /// `POST /api/v1/catalog-items/{id}/licence-aggregations` (a clerk of the item's institution; A18.2):
    /// `{"aggregated_at": …, "licence_count": N, "source_system": …}`.
    @Sendable func recordLicenceAggregation(
        _ request: Request,
        context: RegistryRequestContext
    ) async throws -> EditedResponse<LicenceAggregation> {
        let actor = try context.requirePrincipal()
        let item = try ListingQuery.pathID(context)
        let input = try await request.decodeBody(as: NewLicenceAggregation.self, context: context)
        let recorded = try await LicenceAggregationWorkflow(database: database).record(input, item: item, by: actor)
        return EditedResponse(status: .created, response: recorded)
    }

    /// `GET /api/v1/catalog-items/{id}/licence-aggregations` (A18.2): the item's aggregations, the latest first.
    @Sendable func licenceAggregations(_ request: Request, context: RegistryRequestContext) async throws -> LicenceAggregations {
        let actor = try context.requirePrincipal()
        let item = try ListingQuery.pathID(context)
        return LicenceAggregations(aggregations: try await LicenceAggregationWorkflow(database: database).aggregations(of: item, by: actor))
    }
}

extension ListingResult: ResponseEncodable {}
extension BaseDataSourceClaim: ResponseEncodable {}
extension DataRefresh: ResponseEncodable {}
extension LicenceAggregation: ResponseEncodable {}
