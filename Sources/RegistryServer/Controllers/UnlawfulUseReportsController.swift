import Foundation
import Hummingbird
import RegistryCore

/// Reports of unlawful use (A46.1): filing by anyone with an account, investigation and conclusion by the authority of
/// the report's division. The reporter is never shown (匿名举报人). Who may do what is decided by
/// ``UnlawfulUseReportWorkflow``.
struct UnlawfulUseReportsController {
    let database: RegistryDatabase

    var workflow: UnlawfulUseReportWorkflow { UnlawfulUseReportWorkflow(database: database) }
    /// The workflow over the read replica, for the lists that may lag the primary by the replication delay.
    var listings: UnlawfulUseReportWorkflow { UnlawfulUseReportWorkflow(database: database.readReplica) }

    struct Reports: ResponseEncodable { var reports: [UnlawfulUseReport] }
    struct OutcomeBody: Decodable { var outcome: String? }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.post("/unlawful-use-reports", use: file)
        group.get("/unlawful-use-reports", use: list)
        group.get("/unlawful-use-reports/{id}", use: detail)
        group.post("/unlawful-use-reports/{id}/investigate", use: investigate)
        group.post("/unlawful-use-reports/{id}/conclude", use: conclude)
    }

    /// `POST /api/v1/unlawful-use-reports` (any account but the audit authority's).
    @Sendable func file(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<UnlawfulUseReport> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: NewUnlawfulUseReport.self, context: context)
        return EditedResponse(status: .created, response: try await workflow.file(input, by: actor))
    }

    /// `GET /api/v1/unlawful-use-reports?state=`: a reviewer's division and below; anyone else's own reports.
    @Sendable func list(_ request: Request, context: RegistryRequestContext) async throws -> Reports {
        let actor = try context.requirePrincipal()
        let state = try ListingQuery(request).value("state", as: UnlawfulUseReportState.self)
        return Reports(reports: try await listings.reports(state: state, by: actor))
    }

    /// `GET /api/v1/unlawful-use-reports/{id}`.
    @Sendable func detail(_ request: Request, context: RegistryRequestContext) async throws -> UnlawfulUseReport {
        try await workflow.report(try ListingQuery.pathID(context), by: try context.requirePrincipal())
    }

    /// `POST /api/v1/unlawful-use-reports/{id}/investigate` (a reviewer of the report's authority).
    @Sendable func investigate(_ request: Request, context: RegistryRequestContext) async throws -> UnlawfulUseReport {
        let actor = try context.requirePrincipal()
        let note = try await request.decodeOptionalBody(as: ShareRequestsController.NoteBody.self, context: context)?.note
        return try await workflow.investigate(try ListingQuery.pathID(context), note: note, by: actor)
    }

    /// `POST /api/v1/unlawful-use-reports/{id}/conclude` (a reviewer of the report's authority), with the outcome.
    @Sendable func conclude(_ request: Request, context: RegistryRequestContext) async throws -> UnlawfulUseReport {
        let actor = try context.requirePrincipal()
        let outcome = try await request.decodeOptionalBody(as: OutcomeBody.self, context: context)?.outcome
        return try await workflow.conclude(try ListingQuery.pathID(context), outcome: outcome ?? "", by: actor)
    }
}

extension UnlawfulUseReport: ResponseEncodable {}
