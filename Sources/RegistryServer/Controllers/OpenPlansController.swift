import Foundation
import Hummingbird
import RegistryCore

/// Annual open plans (A26.1): planners (and institutions' clerks, for their own plans) draft, fill, amend and publish;
/// anyone reads the published plans in force and their progress, without an account. Who may do what is decided by
/// ``OpenPlanWorkflow``.
struct OpenPlansController {
    let database: RegistryDatabase

    var workflow: OpenPlanWorkflow { OpenPlanWorkflow(database: database) }
    /// The workflow over the read replica, for the lists that may lag the primary by the replication delay.
    var listings: OpenPlanWorkflow { OpenPlanWorkflow(database: database.readReplica) }

    struct Plans: ResponseEncodable { var plans: [OpenPlan] }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.post("/open-plans", use: create)
        group.get("/open-plans", use: list)
        group.get("/open-plans/{id}", use: detail)
        group.put("/open-plans/{id}/items", use: setItem)
        group.delete("/open-plans/{id}/items/{item}", use: removeItem)
        group.post("/open-plans/{id}/publish", use: publish)
    }

    /// `POST /api/v1/open-plans`: a plan for the year, or an amendment of the published one.
    @Sendable func create(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<OpenPlan> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: NewOpenPlan.self, context: context)
        return EditedResponse(status: .created, response: try await workflow.create(input, by: actor))
    }

    /// `GET /api/v1/open-plans?year=Y`: the published plans in force (public).
    @Sendable func list(_ request: Request, context: RegistryRequestContext) async throws -> Plans {
        let query = ListingQuery(request)
        guard let text = query["year"], let year = Int(text) else {
            throw RegistryError.missing("year", "计划年度", article: "A26.1")
        }
        return Plans(plans: try await listings.plansInForce(year: year))
    }

    /// `GET /api/v1/open-plans/{id}?as_of=DATE`: a plan with its items' progress, livelihood items first.
    @Sendable func detail(_ request: Request, context: RegistryRequestContext) async throws -> OpenPlanDetail {
        let day = try ListingQuery(request).date("as_of")
        return try await workflow.detail(try ListingQuery.pathID(context), asOf: day, by: context.actor)
    }

    /// `PUT /api/v1/open-plans/{id}/items`: adds or replaces an item of a draft plan.
    @Sendable func setItem(_ request: Request, context: RegistryRequestContext) async throws -> OpenPlanDetail {
        let actor = try context.requirePrincipal()
        let item = try await request.decodeBody(as: NewOpenPlanItem.self, context: context)
        return try await workflow.setItem(item, of: try ListingQuery.pathID(context), by: actor)
    }

    /// `DELETE /api/v1/open-plans/{id}/items/{item}`: removes an item from a draft plan.
    @Sendable func removeItem(_ request: Request, context: RegistryRequestContext) async throws -> OpenPlanDetail {
        let actor = try context.requirePrincipal()
        let item = try ListingQuery.pathID(context, "item")
        return try await workflow.removeItem(item, of: try ListingQuery.pathID(context), by: actor)
    }

    /// `POST /api/v1/open-plans/{id}/publish`.
    @Sendable func publish(_ request: Request, context: RegistryRequestContext) async throws -> OpenPlanDetail {
        try await workflow.publish(try ListingQuery.pathID(context), by: try context.requirePrincipal())
    }
}

extension OpenPlan: ResponseEncodable {}
extension OpenPlanDetail: ResponseEncodable {}
