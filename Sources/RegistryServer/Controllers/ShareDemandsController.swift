import Foundation
import Hummingbird
import RegistryCore

/// Demands for data outside the share catalog (A24.1, A25.1): filing, the authority's review, the source's reply and
/// delivery, withdrawal, one demand with its route and history, an institution's demands and the review queue of an
/// authority. Who may do what is decided by ``ShareDemandWorkflow``.
struct ShareDemandsController {
    let database: RegistryDatabase

    var workflow: ShareDemandWorkflow { ShareDemandWorkflow(database: database) }
    /// The workflow over the read replica, for the lists that may lag the primary by the replication delay.
    var listings: ShareDemandWorkflow { ShareDemandWorkflow(database: database.readReplica) }

    struct Demands: ResponseEncodable { var demands: [ShareDemand] }

    /// `{"forward": true, "source": USCC, "review_note": …}` or `{"forward": false, "review_note": reason}`.
    struct ReviewBody: Decodable {
        var forward: Bool
        var source: String?
        var reviewNote: String?

        var review: ShareDemandReview {
            forward ? .forward(source: source ?? "", note: reviewNote) : .reject(reason: reviewNote ?? "")
        }
    }

    /// `{"confirm": true, "delivery_date": DATE?}` — the date only when the data needs processing — or
    /// `{"confirm": false, "refusal_reason": …, "refusal_legal_basis": …}`.
    struct ReplyBody: Decodable {
        var confirm: Bool
        var deliveryDate: CivilDate?
        var refusalReason: String?
        var refusalLegalBasis: String?

        var reply: ShareDemandReply {
            confirm
                ? .confirm(processingUntil: deliveryDate)
                : .refuse(reason: refusalReason ?? "", legalBasis: refusalLegalBasis ?? "")
        }
    }

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.post("/share-demands", use: file)
        group.get("/share-demands", use: list)
        group.get("/share-demands/review-queue", use: reviewQueue)
        group.get("/share-demands/{id}", use: detail)
        group.post("/share-demands/{id}/review", use: review)
        group.post("/share-demands/{id}/reply", use: reply)
        group.post("/share-demands/{id}/deliver", use: deliver)
        group.post("/share-demands/{id}/withdraw", use: withdraw)
    }

    /// `POST /api/v1/share-demands` (a clerk of the requesting institution).
    @Sendable func file(_ request: Request, context: RegistryRequestContext) async throws -> EditedResponse<ShareDemandDetail> {
        let actor = try context.requirePrincipal()
        let input = try await request.decodeBody(as: NewShareDemand.self, context: context)
        return EditedResponse(status: .created, response: try await workflow.file(input, by: actor))
    }

    /// `GET /api/v1/share-demands?institution=&state=`: the demands an institution filed or answers.
    @Sendable func list(_ request: Request, context: RegistryRequestContext) async throws -> Demands {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        let institution = try ShareRequestsController.institution(query, actor)
        let state = try query.value("state", as: ShareDemandState.self)
        return Demands(demands: try await listings.demands(of: institution, state: state, by: actor))
    }

    /// `GET /api/v1/share-demands/review-queue`: the demands waiting for the caller's authority (a reviewer).
    @Sendable func reviewQueue(_ request: Request, context: RegistryRequestContext) async throws -> Demands {
        Demands(demands: try await listings.awaitingReview(by: try context.requirePrincipal()))
    }

    /// `GET /api/v1/share-demands/{id}`: the demand with its due dates, route and history.
    @Sendable func detail(_ request: Request, context: RegistryRequestContext) async throws -> ShareDemandDetail {
        try await workflow.detail(try ListingQuery.pathID(context), by: try context.requirePrincipal())
    }

    /// `POST /api/v1/share-demands/{id}/review` (a reviewer of the authority of the requester's division).
    @Sendable func review(_ request: Request, context: RegistryRequestContext) async throws -> ShareDemandDetail {
        let actor = try context.requirePrincipal()
        let body = try await request.decodeBody(as: ReviewBody.self, context: context)
        return try await workflow.review(try ListingQuery.pathID(context), body.review, by: actor)
    }

    /// `POST /api/v1/share-demands/{id}/reply` (a clerk of the source department).
    @Sendable func reply(_ request: Request, context: RegistryRequestContext) async throws -> ShareDemandDetail {
        let actor = try context.requirePrincipal()
        let body = try await request.decodeBody(as: ReplyBody.self, context: context)
        return try await workflow.reply(to: try ListingQuery.pathID(context), body.reply, by: actor)
    }

    /// `POST /api/v1/share-demands/{id}/deliver` (a clerk of the source department).
    @Sendable func deliver(_ request: Request, context: RegistryRequestContext) async throws -> ShareDemandDetail {
        let actor = try context.requirePrincipal()
        let note = try await request.decodeOptionalBody(as: ShareRequestsController.NoteBody.self, context: context)?.note
        return try await workflow.deliver(try ListingQuery.pathID(context), note: note, by: actor)
    }

    /// `POST /api/v1/share-demands/{id}/withdraw` (a clerk of the requesting institution).
    @Sendable func withdraw(_ request: Request, context: RegistryRequestContext) async throws -> ShareDemandDetail {
        let actor = try context.requirePrincipal()
        let reason = try await request.decodeOptionalBody(as: ShareRequestsController.NoteBody.self, context: context)?.note
        return try await workflow.withdraw(try ListingQuery.pathID(context), reason: reason, by: actor)
    }
}

extension ShareDemandDetail: ResponseEncodable {}
