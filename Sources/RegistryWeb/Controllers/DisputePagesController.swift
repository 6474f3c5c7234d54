import Foundation
import Hummingbird
import RegistryCore

/// 争议 (A47.1) as the public data authorities and the expert committee handle them: the disputes within the reader's
/// reach, each dispute's page with its history, and the steps — coordinate, refer to the expert committee, decide (the
/// authority), record the recommendation (the committee). Each step calls ``DisputeWorkflow``, as the API does.
struct DisputePagesController: Sendable {
    static let list = "/supervision/disputes"

    let site: WebSite
    let database: RegistryDatabase

    var workflow: DisputeWorkflow { DisputeWorkflow(database: database) }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.list), use: showList)
        router.get("/supervision/disputes/{id}", use: show)
        router.post("/supervision/disputes/{id}/coordinate") { request, context in
            try await step(request, context) { id, input, actor in
                _ = try await workflow.coordinate(id, note: FormShape.optionalText(input.note), by: actor)
                return "coordinating"
            }
        }
        router.post("/supervision/disputes/{id}/refer") { request, context in
            try await step(request, context) { id, input, actor in
                _ = try await workflow.refer(id, question: input.question ?? "", by: actor)
                return "referred"
            }
        }
        router.post("/supervision/disputes/{id}/recommend") { request, context in
            try await step(request, context) { id, input, actor in
                _ = try await workflow.recommend(id, input.recommendation ?? "", by: actor)
                return "recommended"
            }
        }
        router.post("/supervision/disputes/{id}/decide") { request, context in
            try await step(request, context) { id, input, actor in
                _ = try await workflow.decide(id, decision: input.decision ?? "", by: actor)
                return "decided"
            }
        }
    }

    /// `GET /supervision/disputes?state=filed` (reviewers of an authority, the expert committee).
    @Sendable func showList(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer, .committee)
        let state = request.uri.queryParameters["state"].flatMap { DisputeState(rawValue: String($0)) }
        let disputes = try await DisputeWorkflow(database: database.readReplica).disputes(state: state, by: actor)
        let today = try await database.read { try RegistryClock.today(on: $0) }
        return try site.render(DisputesPage(disputes, state: state, role: actor.role, today: today), for: request, context: context)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer, .committee)
        let detail = try await workflow.detail(try Self.id(context), by: actor)
        let today = try await database.read { try RegistryClock.today(on: $0) }
        let notice = DisputePage.notice(request.uri.queryParameters["done"].map(String.init))
        return try site.render(DisputePage(detail, actor: actor, today: today, notice: notice), for: request, context: context)
    }

    /// A step posted from a dispute's page: back to it with the step's notice; a refusal shows the page with it beside
    /// its field.
    private func step(
        _ request: Request,
        _ context: WebRequestContext,
        _ action: (UUID, DisputeStepInput, Principal) async throws -> String
    ) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer, .committee)
        let id = try Self.id(context)
        let input = try context.form.decode(DisputeStepInput.self)
        let detail = try await workflow.detail(id, by: actor)
        let today = try await database.read { try RegistryClock.today(on: $0) }
        return try await site.submit(
            request,
            context: context,
            reshow: { DisputePage(detail, actor: actor, today: today, notice: nil, input: input, errors: $0) },
            {
                .redirect(to: DisputePage.path(of: id) + "?done=\(try await action(id, input, actor))")
            }
        )
    }

    /// The id in the path; one that is not an id is not found.
    static func id(_ context: WebRequestContext) throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw RegistryError.notFound("争议") }
        return id
    }
}
