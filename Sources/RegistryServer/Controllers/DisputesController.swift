import Foundation
import Hummingbird
import RegistryCore

/// Disputes (A47.1): filing by a party, coordination, referral to the expert committee, its recommendation and the
/// authority's decision, with the history of every step. Who may do what is decided by ``DisputeWorkflow``.
struct DisputesController {
    let database: RegistryDatabase

    var workflow: DisputeWorkflow { DisputeWorkflow(database: database) }
    /// The workflow over the read replica, for the lists that may lag the primary by the replication delay.
    var listings: DisputeWorkflow { DisputeWorkflow(database: database.readReplica) }

    struct Disputes: ResponseEncodable { var disputes: [Dispute] }
    struct QuestionBody: Decodable { var question: String? }
    struct RecommendationBody: Decodable { var recommendation: String? }
    struct DecisionBody: Decodable { var decision: String? }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.post("/disputes", use: file)
        group.get("/disputes", use: list)
        group.get("/disputes/{id}", use: detail)
        group.post("/disputes/{id}/coordinate", use: coordinate)
        group.post("/disputes/{id}/refer", use: refer)
        group.post("/disputes/{id}/recommend", use: recommend)
        group.post("/disputes/{id}/decide", use: decide)
    }

    /// `POST /api/v1/disputes` (a clerk of a party institution, or a party data user).
    @Sendable func file(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<DisputeDetail> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: NewDispute.self, context: context)
        return EditedResponse(status: .created, response: try await workflow.file(input, by: actor))
    }

    /// `GET /api/v1/disputes?state=`: within the caller's reach (see ``DisputeWorkflow/disputes(state:by:)``).
    @Sendable func list(_ request: Request, context: RegistryRequestContext) async throws -> Disputes {
        let actor = try context.requirePrincipal()
        let state = try ListingQuery(request).value("state", as: DisputeState.self)
        return Disputes(disputes: try await listings.disputes(state: state, by: actor))
    }

    /// `GET /api/v1/disputes/{id}`: the dispute, its parties and its history.
    @Sendable func detail(_ request: Request, context: RegistryRequestContext) async throws -> DisputeDetail {
        try await workflow.detail(try ListingQuery.pathID(context), by: try context.requirePrincipal())
    }

    /// `POST /api/v1/disputes/{id}/coordinate` (a reviewer of the authority): `{"note": …}`.
    @Sendable func coordinate(_ request: Request, context: RegistryRequestContext) async throws -> DisputeDetail {
        let actor = try context.requirePrincipal()
        let note = try await request.decodeOptionalBody(as: ShareRequestsController.NoteBody.self, context: context)?.note
        return try await workflow.coordinate(try ListingQuery.pathID(context), note: note, by: actor)
    }

    /// `POST /api/v1/disputes/{id}/refer` (a reviewer of the authority): `{"question": …}`.
    @Sendable func refer(_ request: Request, context: RegistryRequestContext) async throws -> DisputeDetail {
        let actor = try context.requirePrincipal()
        let question = try await request.decodeOptionalBody(as: QuestionBody.self, context: context)?.question
        return try await workflow.refer(try ListingQuery.pathID(context), question: question ?? "", by: actor)
    }

    /// `POST /api/v1/disputes/{id}/recommend` (an account of the expert committee): `{"recommendation": …}`.
    @Sendable func recommend(_ request: Request, context: RegistryRequestContext) async throws -> DisputeDetail {
        let actor = try context.requirePrincipal()
        let text = try await request.decodeOptionalBody(as: RecommendationBody.self, context: context)?.recommendation
        return try await workflow.recommend(try ListingQuery.pathID(context), text ?? "", by: actor)
    }

    /// `POST /api/v1/disputes/{id}/decide` (a reviewer of the authority): `{"decision": …}`.
    @Sendable func decide(_ request: Request, context: RegistryRequestContext) async throws -> DisputeDetail {
        let actor = try context.requirePrincipal()
        let decision = try await request.decodeOptionalBody(as: DecisionBody.self, context: context)?.decision
        return try await workflow.decide(try ListingQuery.pathID(context), decision: decision ?? "", by: actor)
    }
}

extension DisputeDetail: ResponseEncodable {}
