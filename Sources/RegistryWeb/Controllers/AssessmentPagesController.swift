import Foundation
import Hummingbird
import RegistryCore
import Reports

/// 年度评估 (A39.1, A41.1, A42.1) and the compliance report (RP.3): the committee and the authorities' reviewers list a
/// year's schemes and their computations, sort the score table by any indicator, drill down from a score to the
/// records behind it; committee members adjust a score with a remark (previewed as the report renders it); a reviewer
/// of the scheme's authority publishes; the reports are read in the page and downloaded. Each step calls
/// ``AssessmentWorkflow``, as the API does.
struct AssessmentPagesController: Sendable {
    static let list = "/assessments"
    static let compliance = "/compliance-report"

    let site: WebSite
    let database: RegistryDatabase

    var workflow: AssessmentWorkflow { AssessmentWorkflow(database: database) }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.list), use: showList)
        router.get("/assessments/{id}", use: show)
        router.get("/assessments/{id}/score", use: showScore)
        router.post("/assessments/{id}/score", use: adjust)
        router.post("/assessments/{id}/publish", use: publish)
        router.get("/assessments/{id}/report", use: report)
        router.get(RouterPath(stringLiteral: Self.compliance), use: complianceReport)
    }

    /// `GET /assessments?year=Y&division=CODE`: the year's schemes with their computed versions.
    @Sendable func showList(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.committee, .reviewer)
        let year = try await OpenPlanPagesController.year(request, database)
        let division = FormShape.optionalText(request.uri.queryParameters["division"].map(String.init))
        let schemes = try await AssessmentWorkflow(database: database.readReplica).schemes(year: year, division: division, by: actor)
        return try site.render(AssessmentsPage(year: year, division: division ?? "", schemes: schemes), for: request, context: context)
    }

    /// `GET /assessments/{id}?sort=CODE&order=asc|desc&page=N`: the score table.
    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.committee, .reviewer)
        let query = request.uri.queryParameters
        let key = query["sort"].map(String.init) ?? "rank"
        let sort = AssessmentPage.Sort(
            key: key,
            ascending: query["order"].map { $0 == "asc" } ?? AssessmentPage.defaultAscending(key),
            page: query["page"].flatMap { Int(String($0)) } ?? 1
        )
        let page = try await scoreTable(try Self.id(context), sort: sort, actor: actor, notice: AssessmentPage.notice(query["done"].map(String.init)))
        return try site.render(page, for: request, context: context)
    }

    /// `GET /assessments/{id}/score?institution=USCC&indicator=CODE`: one score, the records behind it, and the
    /// committee's adjustment.
    @Sendable func showScore(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.committee, .reviewer)
        let query = request.uri.queryParameters
        let input = ScoreAdjustmentInput(
            institution: query["institution"].map(String.init),
            indicator: query["indicator"].map(String.init),
            done: query["done"].map(String.init)
        )
        return try site.render(try await scorePage(input, actor: actor, id: try Self.id(context)), for: request, context: context)
    }

    /// `POST /assessments/{id}/score`: previews the remark (`action=preview`, nothing stored) or saves the adjustment.
    @Sendable func adjust(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.committee, .reviewer)
        let id = try Self.id(context)
        let input = try context.form.decode(ScoreAdjustmentInput.self)
        if input.action == "preview" {
            return try site.render(try await scorePage(input, actor: actor, id: id, preview: true), for: request, context: context)
        }
        return try await site.submit(
            request,
            context: context,
            reshow: { try await scorePage(input, actor: actor, id: id, errors: $0) },
            {
                _ = try await workflow.adjust(
                    id,
                    institution: input.institution ?? "",
                    indicator: input.indicator ?? "",
                    to: try input.adjustedValue(),
                    remark: FormShape.optionalText(input.remark),
                    by: actor
                )
                return .redirect(to: ScorePage.path(id, input.institution ?? "", input.indicator ?? "") + "&done=adjusted")
            }
        )
    }

    /// `POST /assessments/{id}/publish`: the final version, frozen.
    @Sendable func publish(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.committee, .reviewer)
        let id = try Self.id(context)
        let reshow = { (errors: FormErrors) in
            try await scoreTable(id, sort: AssessmentPage.Sort(key: "rank", ascending: true, page: 1), actor: actor, notice: nil, errors: errors)
        }
        return try await site.submit(request, context: context, reshow: reshow) {
            _ = try await workflow.publish(id, by: actor)
            return .redirect(to: Self.path(of: id) + "?done=published")
        }
    }

    /// `GET /assessments/{id}/report?format=md|html`: the assessment report (RP.1) of this version, in the page or
    /// downloaded.
    @Sendable func report(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.committee, .reviewer)
        let id = try Self.id(context)
        let assessment = try await workflow.assessment(id, by: actor)
        let reports = try ReportService.located()
        let document = try await database.readReplica.read(budget: .long) { connection in
            try reports.assessment(assessment, on: connection)
        }
        let name = "assessment-\(assessment.scheme.year)-\(assessment.scheme.division)"
        if let format = request.uri.queryParameters["format"].map(String.init) {
            return try ReportDownload.response(document, format: format, name: name, reports: reports)
        }
        let page = ReportPage(
            title: "\(assessment.scheme.year)年度公共数据管理评估报告(第 \(assessment.version) 版)",
            document: document,
            downloads: ReportDownload.links(Self.path(of: id) + "/report?", ["md", "html"]),
            picker: nil,
            missing: ""
        )
        return try site.render(page, for: request, context: context)
    }

    /// `GET /compliance-report?as_of=DATE&division=CODE&format=md|html|csv`: the compliance report (RP.3) of any past
    /// day, in the page or downloaded with its CSV appendix.
    @Sendable func complianceReport(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.committee, .reviewer, .planner, .admin)
        let query = request.uri.queryParameters
        let division = FormShape.optionalText(query["division"].map(String.init)) ?? actor.division ?? "150000"
        let today = try await database.read { try RegistryClock.today(on: $0) }
        let day = try FormShape.optionalDate(query["as_of"].map(String.init), "as_of") ?? today
        let reports = try ReportService.located()
        let format = query["format"].map(String.init)
        if format == "csv" {
            let csv = try await database.readReplica.read(budget: .long) { connection in
                var data = Data()
                try reports.complianceFindings(asOf: day, division: division, for: .principal(actor), on: connection) { data.append($0) }
                return data
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                    .contentDisposition: "attachment; filename=\"\(ComplianceFindingsCSV.fileName(asOf: day, division: division))\"",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: csv))
            )
        }
        let document = try await database.readReplica.read(budget: .long) { connection in
            try reports.compliance(asOf: day, division: division, for: .principal(actor), on: connection)
        }
        if let format {
            return try ReportDownload.response(document, format: format, name: "compliance-\(day.iso)-\(division)", reports: reports)
        }
        let picker = ReportPage.Picker(
            action: Self.compliance,
            fields: [FormField("as_of", label: "截止日期", type: "date", value: day.iso, hint: "可选择任何已过去的日期。", errors: FormErrors())],
            hidden: [.init(name: "division", value: division)]
        )
        let page = ReportPage(
            title: "公共数据管理合规报告",
            document: document,
            downloads: ReportDownload.links("\(Self.compliance)?as_of=\(day.iso)&division=\(division)", ["md", "html", "csv"]),
            picker: picker,
            missing: ""
        )
        return try site.render(page, for: request, context: context)
    }

    // MARK: Helpers

    /// The score table's page `sort` asks for, ordered in the database.
    private func scoreTable(
        _ id: UUID,
        sort: AssessmentPage.Sort,
        actor: Principal,
        notice: String?,
        errors: FormErrors = FormErrors()
    ) async throws -> AssessmentPage {
        let (assessment, table) = try await AssessmentWorkflow(database: database.readReplica)
            .table(id, order: sort.order, page: sort.page, size: AssessmentPage.pageSize, by: actor)
        let canPublish =
            assessment.state != "published" && (try? AssessmentWorkflow.requireAssessor(of: assessment.scheme, actor, committee: false)) != nil
        return AssessmentPage(assessment, table: table, sort: sort, canPublish: canPublish, notice: notice, errors: errors)
    }

    private func scorePage(
        _ input: ScoreAdjustmentInput,
        actor: Principal,
        id: UUID,
        preview: Bool = false,
        errors: FormErrors = FormErrors()
    ) async throws -> ScorePage {
        let institution = (input.institution ?? "").uppercased()
        let indicator = input.indicator ?? ""
        let (assessment, evidence) = try await workflow.evidence(id, institution: institution, indicator: indicator, by: actor)
        return ScorePage(
            assessment,
            institution: institution,
            indicator: indicator,
            evidence: evidence,
            actor: actor,
            input: input,
            preview: preview,
            errors: errors
        )
    }

    static func path(of id: UUID) -> String {
        "\(list)/\(id.uuidString.lowercased())"
    }

    /// The id in the path; one that is not an id is not found.
    static func id(_ context: WebRequestContext) throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw RegistryError.notFound("评估结果") }
        return id
    }
}
