import Foundation
import Hummingbird
import RegistryCore
import Reports

/// 开放计划 (A26.1, A29.1): a planner of the authority of the region or a league/city lists the division's plan of a
/// year, drafts it (priorities; items picked from the published catalog with target open type and day), publishes it,
/// amends it with a reason (a new version), follows its progress and reads the open-plan report (RP.2). Each step calls
/// ``OpenPlanWorkflow``, as the API does.
struct OpenPlanPagesController: Sendable {
    static let list = "/plans"
    /// Results of a catalog search per page.
    static let searchPageSize = 20

    let site: WebSite
    let database: RegistryDatabase

    var workflow: OpenPlanWorkflow { OpenPlanWorkflow(database: database) }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.list), use: showList)
        router.post(RouterPath(stringLiteral: Self.list), use: create)
        router.get("/plans/report", use: report)
        router.get("/plans/{id}", use: show)
        router.get("/plans/{id}/progress", use: progress)
        router.post("/plans/{id}/items", use: setItem)
        router.post("/plans/{id}/items/{item}/remove") { request, context in
            try await step(request, context) { id, actor in
                _ = try await workflow.removeItem(try Self.id(context, "item"), of: id, by: actor)
                return "removed"
            }
        }
        router.post("/plans/{id}/publish") { request, context in
            try await step(request, context) { id, actor in
                _ = try await workflow.publish(id, by: actor)
                return "published"
            }
        }
    }

    /// `GET /plans?year=Y`: every version of the division's plan of the year, and the form that starts the plan or
    /// its amendment.
    @Sendable func showList(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.planner)
        let year = try await Self.year(request, database)
        let versions = try await workflow.versions(year: year, by: actor)
        return try site.render(OpenPlansPage(year: year, versions: versions), for: request, context: context)
    }

    /// `POST /plans`: starts the plan of the year, or its amendment when a version is published.
    @Sendable func create(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.planner)
        let input = try context.form.decode(OpenPlanInput.self)
        let year = Int(input.year ?? "") ?? 0
        let reshow = { (errors: FormErrors) async throws -> OpenPlansPage in
            OpenPlansPage(year: year, versions: (try? await workflow.versions(year: year, by: actor)) ?? [], input: input, errors: errors)
        }
        return try await site.submit(request, context: context, reshow: reshow) {
            let plan = try await workflow.create(
                NewOpenPlan(year: year, priorities: input.priorities ?? "", amendmentNote: FormShape.optionalText(input.amendmentNote)),
                by: actor
            )
            return .redirect(to: Self.path(of: plan.id))
        }
    }

    /// `GET /plans/{id}?q=WORDS&item=ID`: the plan, its items livelihood first, and — while it is a draft — the catalog
    /// search and the form that adds the item picked.
    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.planner)
        let detail = try await workflow.detail(try Self.id(context), by: actor)
        let query = request.uri.queryParameters
        let input = OpenPlanItemInput(item: query["item"].map(String.init))
        let page = try await editor(
            detail,
            actor: actor,
            search: query["q"].map(String.init),
            input: input,
            notice: OpenPlanPage.notice(query["done"].map(String.init))
        )
        return try site.render(page, for: request, context: context)
    }

    /// `POST /plans/{id}/items`: adds (or replaces) the item picked, with its target open type and day.
    @Sendable func setItem(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.planner)
        let id = try Self.id(context)
        let input = try context.form.decode(OpenPlanItemInput.self)
        let detail = try await workflow.detail(id, by: actor)
        return try await site.submit(
            request,
            context: context,
            reshow: { try await editor(detail, actor: actor, search: nil, input: input, errors: $0) },
            {
                _ = try await workflow.setItem(try input.item(year: detail.plan.year), of: id, by: actor)
                return .redirect(to: Self.path(of: id) + "?done=added")
            }
        )
    }

    /// `GET /plans/{id}/progress?as_of=DATE`: on time, late, overdue and pending, per item and per institution, with a
    /// chart.
    @Sendable func progress(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.planner)
        let day = try FormShape.optionalDate(request.uri.queryParameters["as_of"].map(String.init), "as_of")
        let detail = try await workflow.detail(try Self.id(context), asOf: day, by: actor)
        let names = try await institutionNames(Set(detail.items.map(\.institution)))
        return try site.render(OpenPlanProgressPage(detail, names: names), for: request, context: context)
    }

    /// `GET /plans/report?year=Y&as_of=DATE&format=md|html`: the open-plan report (RP.2) of the planner's division in
    /// the page, or downloaded.
    @Sendable func report(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.planner)
        let division = actor.division ?? ""
        let year = try await Self.year(request, database)
        let day =
            try FormShape.optionalDate(request.uri.queryParameters["as_of"].map(String.init), "as_of") ?? CivilDate(iso: "\(year)-12-31").existing()
        let reports = try ReportService.located()
        let document: ReportDocument?
        do {
            document = try await database.readReplica.read(budget: .long) { connection in
                try reports.openPlan(year: year, division: division, asOf: day, for: .principal(actor), on: connection)
            }
        } catch let error as RegistryError where error.code == .notFound {
            document = nil
        }
        let base = "/plans/report?year=\(year)&as_of=\(day.iso)"
        if let format = request.uri.queryParameters["format"].map(String.init), let document {
            return try ReportDownload.response(document, format: format, name: "open-plan-\(year)-\(division)", reports: reports)
        }
        let page = ReportPage(
            title: "\(year)年度公共数据开放计划报告",
            document: document,
            downloads: ReportDownload.links(base, ["md", "html"]),
            picker: ReportPage.Picker(action: "/plans/report", year: String(year), asOf: day.iso),
            missing: "本年度尚未公布开放计划。"
        )
        return try site.render(page, for: request, context: context)
    }

    // MARK: Helpers

    /// The editor of a plan: with a catalog search while it is a draft, and the add form of the item picked.
    private func editor(
        _ detail: OpenPlanDetail,
        actor: Principal,
        search: String?,
        input: OpenPlanItemInput,
        notice: String? = nil,
        errors: FormErrors = FormErrors()
    ) async throws -> OpenPlanPage {
        let names = try await institutionNames(Set(detail.items.map(\.institution)))
        guard detail.plan.state == .draft else { return OpenPlanPage(detail, names: names, notice: notice, errors: errors) }
        var results: [CatalogItemSummary] = []
        if let words = try SearchText(validating: search ?? "", field: "q")?.text {
            results = try await CatalogWorkflow(database: database.readReplica).publishedItems(
                CatalogItemFilter(divisionCode: actor.division, text: words),
                after: nil,
                limit: Self.searchPageSize,
                by: actor
            ).items
        }
        var picked: CatalogItem?
        if let text = input.item, let id = UUID(uuidString: text) {
            picked = try await CatalogWorkflow(database: database).item(id, by: actor)
        }
        let allNames = try await institutionNames(Set(results.map(\.institution) + (picked.map { [$0.institution] } ?? [])))
        return OpenPlanPage(
            detail,
            names: names.merging(allNames) { first, _ in first },
            notice: notice,
            search: search ?? "",
            results: results,
            picked: picked,
            input: input,
            errors: errors
        )
    }

    /// A step posted from the plan's page: back to it with the step's notice; a refusal shows the page with it.
    private func step(
        _ request: Request,
        _ context: WebRequestContext,
        _ action: (UUID, Principal) async throws -> String
    ) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.planner)
        let id = try Self.id(context)
        let detail = try await workflow.detail(id, by: actor)
        return try await site.submit(
            request,
            context: context,
            reshow: { try await editor(detail, actor: actor, search: nil, input: OpenPlanItemInput(), errors: $0) },
            {
                .redirect(to: Self.path(of: id) + "?done=\(try await action(id, actor))")
            }
        )
    }

    private func institutionNames(_ usccs: Set<String>) async throws -> [String: String] {
        try await database.readReplica.read { connection in
            try Dictionary(
                usccs.map { ($0, try InstitutionStore().get(uscc: $0, on: connection)?.name ?? $0) },
                uniquingKeysWith: { first, _ in first }
            )
        }
    }

    static func path(of id: UUID) -> String {
        "/plans/\(id.uuidString.lowercased())"
    }

    /// The id in the path; one that is not an id is not found.
    static func id(_ context: WebRequestContext, _ name: String = "id") throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require(name)) else { throw RegistryError.notFound("开放计划") }
        return id
    }

    /// `?year=` when it is a year, else this year of the registry's clock.
    static func year(_ request: Request, _ database: RegistryDatabase) async throws -> Int {
        if let text = request.uri.queryParameters["year"], let year = Int(text), (2000...2100).contains(year) { return year }
        return try await database.read { try RegistryClock.today(on: $0) }.year
    }
}
