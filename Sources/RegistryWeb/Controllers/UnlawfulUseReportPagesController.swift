import Foundation
import Hummingbird
import RegistryCore

/// 举报 (A46.1) as the public data authorities handle it: the reports before the reviewer's authority and below it, each
/// report's page, and the authority's steps — investigate, then conclude with the outcome. Each step calls
/// ``UnlawfulUseReportWorkflow``, as the API does; the reporter is never shown.
struct UnlawfulUseReportPagesController: Sendable {
    static let list = "/supervision/unlawful-use-reports"

    let site: WebSite
    let database: RegistryDatabase

    var workflow: UnlawfulUseReportWorkflow { UnlawfulUseReportWorkflow(database: database) }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.list), use: showList)
        router.get("/supervision/unlawful-use-reports/{id}", use: show)
        router.post("/supervision/unlawful-use-reports/{id}/investigate") { request, context in
            try await step(request, context) { id, input, actor in
                _ = try await workflow.investigate(id, note: FormShape.optionalText(input.note), by: actor)
                return "investigating"
            }
        }
        router.post("/supervision/unlawful-use-reports/{id}/conclude") { request, context in
            try await step(request, context) { id, input, actor in
                _ = try await workflow.conclude(id, outcome: input.outcome ?? "", by: actor)
                return "concluded"
            }
        }
    }

    /// `GET /supervision/unlawful-use-reports?state=received`.
    @Sendable func showList(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer)
        let state = request.uri.queryParameters["state"].flatMap { UnlawfulUseReportState(rawValue: String($0)) }
        let reports = try await UnlawfulUseReportWorkflow(database: database.readReplica).reports(state: state, by: actor)
        let today = try await database.read { try RegistryClock.today(on: $0) }
        return try site.render(UnlawfulUseReportsPage(reports, state: state, today: today), for: request, context: context)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer)
        let report = try await workflow.report(try Self.id(context), by: actor)
        let (today, jurisdiction) = try await Self.dates(of: report, database)
        let notice = UnlawfulUseReportPage.notice(request.uri.queryParameters["done"].map(String.init))
        let page = UnlawfulUseReportPage(report, actor: actor, today: today, dataUserJurisdiction: jurisdiction, notice: notice)
        return try site.render(page, for: request, context: context)
    }

    /// Today, and the division a violation of the reported data user belongs to (A50.1) when the report names one.
    static func dates(of report: UnlawfulUseReport, _ database: RegistryDatabase) async throws -> (CivilDate, String?) {
        try await database.read { connection in
            let jurisdiction = report.subjectDataUser == nil ? nil : try ViolationStore().jurisdiction(institution: nil, item: nil, on: connection)
            return (try RegistryClock.today(on: connection), jurisdiction)
        }
    }

    /// A step posted from a report's page: back to it with the step's notice; a refusal shows the page with it beside
    /// its field.
    private func step(
        _ request: Request,
        _ context: WebRequestContext,
        _ action: (UUID, UnlawfulUseReportStepInput, Principal) async throws -> String
    ) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer)
        let id = try Self.id(context)
        let input = try context.form.decode(UnlawfulUseReportStepInput.self)
        let report = try await workflow.report(id, by: actor)
        let (today, jurisdiction) = try await Self.dates(of: report, database)
        return try await site.submit(
            request,
            context: context,
            reshow: {
                UnlawfulUseReportPage(report, actor: actor, today: today, dataUserJurisdiction: jurisdiction, notice: nil, input: input, errors: $0)
            },
            {
                .redirect(to: UnlawfulUseReportPage.path(of: id) + "?done=\(try await action(id, input, actor))")
            }
        )
    }

    /// The id in the path; one that is not an id is not found.
    static func id(_ context: WebRequestContext) throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw RegistryError.notFound("举报") }
        return id
    }
}
