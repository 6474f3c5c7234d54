import Foundation
import Hummingbird
import RegistryCore

/// 纠错 (A45.1) as the authorities supervise it and the providers handle it: the reports with their handling deadline
/// and state — a reviewer's of the providers in its division, a clerk's of its institution —, each report's page, and
/// the provider's steps: verify, then handle with feedback or reject with the reason. Each step calls
/// ``ErrorReportWorkflow``, as the API does.
struct ErrorReportPagesController: Sendable {
    static let list = "/supervision/error-reports"

    let site: WebSite
    let database: RegistryDatabase

    var workflow: ErrorReportWorkflow { ErrorReportWorkflow(database: database) }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.list), use: showList)
        router.get("/supervision/error-reports/{id}", use: show)
        router.post("/supervision/error-reports/{id}/verify") { request, context in
            try await step(request, context) { id, input, actor in
                _ = try await workflow.verify(id, note: FormShape.optionalText(input.note), by: actor)
                return "verifying"
            }
        }
        router.post("/supervision/error-reports/{id}/close") { request, context in
            try await step(request, context) { id, input, actor in
                let handled = input.decision == "handled"
                _ = try await workflow.close(
                    id,
                    handled ? .handled(feedback: input.feedback ?? "") : .rejected(reason: input.rejectionReason ?? ""),
                    by: actor
                )
                return handled ? "handled" : "rejected"
            }
        }
    }

    /// `GET /supervision/error-reports?state=received`.
    @Sendable func showList(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer, .clerk)
        let state = request.uri.queryParameters["state"].flatMap { ErrorReportState(rawValue: String($0)) }
        let reports = try await ErrorReportWorkflow(database: database.readReplica).supervisedReports(state: state, by: actor)
        return try site.render(ErrorReportsPage(reports, state: state, role: actor.role), for: request, context: context)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer, .clerk)
        let report = try await workflow.report(try Self.id(context), by: actor)
        let notice = ErrorReportPage.notice(request.uri.queryParameters["done"].map(String.init))
        return try site.render(ErrorReportPage(report, actor: actor, notice: notice), for: request, context: context)
    }

    /// A step posted from a report's page: back to it with the step's notice; a refusal shows the page with it beside
    /// its field.
    private func step(
        _ request: Request,
        _ context: WebRequestContext,
        _ action: (UUID, ErrorReportStepInput, Principal) async throws -> String
    ) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer, .clerk)
        let id = try Self.id(context)
        let input = try context.form.decode(ErrorReportStepInput.self)
        let report = try await workflow.report(id, by: actor)
        return try await site.submit(
            request,
            context: context,
            reshow: { ErrorReportPage(report, actor: actor, notice: nil, input: input, errors: $0) },
            {
                .redirect(to: ErrorReportPage.path(of: id) + "?done=\(try await action(id, input, actor))")
            }
        )
    }

    /// The id in the path; one that is not an id is not found.
    static func id(_ context: WebRequestContext) throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw RegistryError.notFound("纠错") }
        return id
    }
}
