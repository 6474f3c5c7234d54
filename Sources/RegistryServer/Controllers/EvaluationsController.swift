import Foundation
import Hummingbird
import RegistryCore

/// Periodic evaluations of share and open attributes and the conversions that follow them (A22.1, A29.1).
struct EvaluationsController {
    let database: RegistryDatabase

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/attribute-evaluations", use: evaluations)
        group.post("/attribute-evaluations", use: evaluate)
        group.get("/attribute-conversions", use: conversions)
        group.post("/attribute-conversions", use: convert)
    }

    /// `GET /api/v1/attribute-evaluations[?item_id=&kind=&institution=&division=&limit=&offset=]`.
    @Sendable func evaluations(
        _ request: Request,
        context: RegistryRequestContext
    ) async throws -> ListingResult<AttributeEvaluation> {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        return try await EvaluationWorkflow(database: database.readReplica).evaluations(try filter(query), page: try query.page(), by: actor)
    }

    /// `POST /api/v1/attribute-evaluations` (the item's clerk).
    @Sendable func evaluate(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<AttributeEvaluation> {
        let actor = try context.require(.clerk)
        let evaluation = try await request.decodeBody(as: NewAttributeEvaluation.self, context: context)
        let recorded = try await EvaluationWorkflow(database: database).evaluate(evaluation, by: actor)
        return EditedResponse(status: .created, response: recorded)
    }

    /// `GET /api/v1/attribute-conversions[?item_id=&kind=&institution=&division=&limit=&offset=]`.
    @Sendable func conversions(
        _ request: Request,
        context: RegistryRequestContext
    ) async throws -> ListingResult<AttributeConversion> {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        return try await EvaluationWorkflow(database: database.readReplica).conversions(try filter(query), page: try query.page(), by: actor)
    }

    /// `POST /api/v1/attribute-conversions` (the item's clerk).
    @Sendable func convert(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<AttributeConversion> {
        let actor = try context.require(.clerk)
        let conversion = try await request.decodeBody(as: NewAttributeConversion.self, context: context)
        let recorded = try await EvaluationWorkflow(database: database).convert(conversion, by: actor)
        return EditedResponse(status: .created, response: recorded)
    }

    private func filter(_ query: ListingQuery) throws -> EvaluationStore.Filter {
        EvaluationStore.Filter(
            oversight: try query.oversight(),
            itemID: try query.uuid("item_id"),
            kind: try query.value("kind", as: EvaluatedAttribute.self)
        )
    }
}

extension AttributeEvaluation: ResponseEncodable {}
extension AttributeConversion: ResponseEncodable {}
