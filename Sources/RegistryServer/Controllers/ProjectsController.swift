import Foundation
import Hummingbird
import RegistryCore

/// IT projects paid with public money and their compliance findings (A12.1).
struct ProjectsController {
    let database: RegistryDatabase

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/it-projects", use: list)
        group.post("/it-projects", use: register)
        group.patch("/it-projects/{id}", use: recordSteps)
        group.put("/it-projects/{id}/dates", use: correctDates)
        group.get("/it-project-findings", use: findings)
    }

    /// `GET /api/v1/it-projects[?institution=&division=&limit=&offset=]`.
    @Sendable func list(_ request: Request, context: RegistryRequestContext) async throws -> ListingResult<ITProject> {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        return try await ITProjectWorkflow(database: database.readReplica).list(try query.oversight(), page: try query.page(), by: actor)
    }

    /// `POST /api/v1/it-projects` (the institution's clerk).
    @Sendable func register(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<ITProject> {
        let actor = try context.require(.clerk)
        let project = try await request.decodeBody(as: NewITProject.self, context: context)
        let registered = try await ITProjectWorkflow(database: database).register(project, by: actor)
        return EditedResponse(status: .created, response: registered)
    }

    /// `PATCH /api/v1/it-projects/{id}` (the institution's clerk): records later steps.
    @Sendable func recordSteps(_ request: Request, context: RegistryRequestContext) async throws -> ITProject {
        let actor = try context.require(.clerk)
        let id = try ListingQuery.pathID(context)
        let steps = try await request.decodeBody(as: ITProjectSteps.self, context: context)
        return try await ITProjectWorkflow(database: database).record(steps, project: id, by: actor)
    }

    /// `PUT /api/v1/it-projects/{id}/dates` (the institution's clerk): corrects every date, with the reason.
    @Sendable func correctDates(_ request: Request, context: RegistryRequestContext) async throws -> ITProject {
        let actor = try context.require(.clerk)
        let id = try ListingQuery.pathID(context)
        let dates = try await request.decodeBody(as: ITProjectDates.self, context: context)
        return try await ITProjectWorkflow(database: database).correct(dates, project: id, by: actor)
    }

    /// `GET /api/v1/it-project-findings[?institution=&division=&limit=&offset=]`: missing or late steps (A12.1).
    @Sendable func findings(_ request: Request, context: RegistryRequestContext) async throws -> ListingResult<ITProjectFinding> {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        return try await ITProjectWorkflow(database: database.readReplica).findings(try query.oversight(), page: try query.page(), by: actor)
    }
}

extension ITProject: ResponseEncodable {}
