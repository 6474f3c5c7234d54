import Foundation
import Hummingbird
import RegistryCore

/// 目录外数据需求 (A24.1, A25.1): a clerk files a demand; a reviewer of the authority of the requester's division names
/// the source department or rejects it; a clerk of that source confirms or refuses, then delivers; the requester
/// follows. Each step calls ``ShareDemandWorkflow``, as the API does.
struct ShareDemandPagesController: Sendable {
    let site: WebSite
    let database: RegistryDatabase

    var workflow: ShareDemandWorkflow { ShareDemandWorkflow(database: database) }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/sharing/demands", use: list)
        router.get("/sharing/demands/new", use: showNew)
        router.post("/sharing/demands", use: file)
        router.get("/sharing/reviews", use: reviews)
        router.get("/sharing/demands/{id}", use: show)
        router.post("/sharing/demands/{id}/review") { request, context in
            try await step(request, context) { id, input, actor in
                let review = input.review
                _ = try await workflow.review(id, review, by: actor)
                if case .forward = review { return "forwarded" }
                return "rejected"
            }
        }
        router.post("/sharing/demands/{id}/reply") { request, context in
            try await step(request, context) { id, input, actor in
                let reply = try input.reply
                _ = try await workflow.reply(to: id, reply, by: actor)
                if case .confirm = reply { return "confirmed" }
                return "refused"
            }
        }
        router.post("/sharing/demands/{id}/deliver") { request, context in
            try await step(request, context) { id, input, actor in
                _ = try await workflow.deliver(id, note: FormShape.optionalText(input.deliveryNote), by: actor)
                return "delivered"
            }
        }
    }

    @Sendable func list(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.clerk)
        let institution = actor.institution ?? ""
        let demands = try await ShareDemandWorkflow(database: database.readReplica).demands(of: institution, state: nil, by: actor)
        let due = try await ShareRequestWorkflow(database: database).openObligations(of: institution, by: actor)
        let boxes = SharingBoxes(
            incoming: demands.filter { $0.assignedSource == institution }.map { SharingRow($0, counterpart: $0.requesterName, due: due[$0.id]) },
            outgoing: demands.filter { $0.requester == institution }.map { SharingRow($0, counterpart: $0.sourceName ?? "—", due: due[$0.id]) }
        )
        return try site.render(ShareDemandsPage(boxes: boxes), for: request, context: context)
    }

    @Sendable func showNew(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.clerk)
        return try site.render(NewShareDemandPage(), for: request, context: context)
    }

    @Sendable func file(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.clerk)
        let input = try context.form.decode(ShareDemandInput.self)
        return try await site.submit(
            request,
            context: context,
            reshow: { NewShareDemandPage(input: input, errors: $0) },
            {
                let filed = try await workflow.file(try input.demand, by: actor)
                return .redirect(to: "/sharing/demands/\(filed.demand.id.uuidString.lowercased())?done=filed")
            }
        )
    }

    /// `GET /sharing/reviews`: the demands waiting for the reviewer's authority.
    @Sendable func reviews(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer)
        let demands = try await ShareDemandWorkflow(database: database.readReplica).awaitingReview(by: actor)
        return try site.render(ShareDemandReviewsPage(demands), for: request, context: context)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        let detail = try await workflow.detail(try SharingPath.id(context), by: actor)
        let notice = SharingNotice.text(request.uri.queryParameters["done"].map(String.init))
        let page = ShareDemandPage(detail, actor: actor, sources: try await sources(detail.demand), notice: notice)
        return try site.render(page, for: request, context: context)
    }

    // MARK: Helpers

    /// A step on a demand posted from its page: on success back to the page with the step's notice, on a refusal the
    /// page again with the input kept and the refusal beside its field.
    private func step(
        _ request: Request,
        _ context: WebRequestContext,
        _ action: (UUID, ShareDemandStepInput, Principal) async throws -> String
    ) async throws -> Response {
        let actor = try context.actor()
        let id = try SharingPath.id(context)
        let input = try context.form.decode(ShareDemandStepInput.self)
        let detail = try await workflow.detail(id, by: actor)
        let sources = try await sources(detail.demand)
        return try await site.submit(
            request,
            context: context,
            reshow: { ShareDemandPage(detail, actor: actor, sources: sources, input: input, errors: $0) },
            {
                let done = try await action(id, input, actor)
                return .redirect(to: "/sharing/demands/\(id.uuidString.lowercased())?done=\(done)")
            }
        )
    }

    /// The departments the reviewer may name as source while the demand awaits review: the institutions of the
    /// authority's division, the requester excepted.
    private func sources(_ demand: ShareDemand) async throws -> [Institution] {
        guard demand.state == .submitted else { return [] }
        return try await database.readReplica.read { connection in
            try InstitutionStore().list(inDivision: demand.authorityDivision, on: connection).filter { $0.uscc != demand.requester }
        }
    }
}
