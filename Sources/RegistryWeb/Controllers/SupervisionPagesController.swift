import Foundation
import Hummingbird
import RegistryCore
import Reports

/// 监督 (A44.1–A51.1): the authorities' supervision pages. The compliance view lists the compliance report's findings
/// (RP.3) in the reviewer's division and below it, filterable by article and by the institution responsible, each with
/// its deadline and working days overdue — the same findings, the same readers, as the report. The violations
/// (A49.1–A51.1) of the division are listed with their rectification deadline and state, recorded and closed as
/// rectified or referred through ``ViolationWorkflow``, as the API does. The security overview (A36.1) shows which
/// institutions named their security officer and when each was last checked. The suspensions of data users' access in
/// force (A50.1) are listed with their reason and until when, each linked to the violation whose rectification lifts
/// it; any data user is found (masked, A13.1) and suspended through the same workflow. The sharing risk assessments
/// and security reviews (A35.2) are listed and recorded through ``SecurityRecords``.
struct SupervisionPagesController: Sendable {
    static let compliance = "/supervision/compliance"
    static let violations = "/supervision/violations"
    static let security = "/supervision/security"
    static let suspensions = "/supervision/suspensions"
    static let riskReviews = "/supervision/risk-reviews"
    static let pageSize = 100

    let site: WebSite
    let database: RegistryDatabase

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.compliance), use: complianceView)
        router.get(RouterPath(stringLiteral: Self.violations), use: violationList)
        router.get("/supervision/violations/new", use: newViolation)
        router.post(RouterPath(stringLiteral: Self.violations), use: recordViolation)
        router.get("/supervision/violations/{id}", use: violation)
        router.post("/supervision/violations/{id}/close", use: closeViolation)
        router.get(RouterPath(stringLiteral: Self.security), use: securityOverview)
        router.get(RouterPath(stringLiteral: Self.suspensions), use: suspensionList)
        router.get(RouterPath(stringLiteral: SuspendDataUserPage.path), use: newSuspension)
        router.post(RouterPath(stringLiteral: Self.suspensions), use: suspendDataUser)
        router.get(RouterPath(stringLiteral: Self.riskReviews), use: riskReviews)
        router.post(RouterPath(stringLiteral: Self.riskReviews), use: recordRiskReview)
    }

    /// `GET /supervision/suspensions`: the suspensions of access in force in the division (A50.1).
    @Sendable func suspensionList(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer)
        let entries = try await ViolationWorkflow(database: database.readReplica).suspensionsInDivision(by: actor)
        let today = try await database.read { try RegistryClock.today(on: $0) }
        return try site.render(SuspensionsPage(entries, today: today), for: request, context: context)
    }

    /// `GET /supervision/suspensions/new?q=WORD&account=ID`: finds any data user (masked, A13.1) and, once one is chosen,
    /// the form that suspends its access (A50.1).
    @Sendable func newSuspension(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer)
        let query = request.uri.queryParameters
        let word = query["q"].map(String.init) ?? ""
        let found = word.isEmpty ? nil : try await ViolationWorkflow(database: database.readReplica).dataUserAccounts(matching: word, by: actor)
        let chosen = try await suspensionCandidate(query["account"].map(String.init), by: actor)
        // A full identity number typed to search is shown back masked only (A13.1).
        let shown = (try? CitizenIdentityNumber(validating: word))?.masked ?? word
        return try site.render(SuspendDataUserPage(query: shown, found: found, chosen: chosen), for: request, context: context)
    }

    /// The data user's account `account` names, with the data a suspension may cover; none when not given.
    private func suspensionCandidate(_ account: String?, by actor: Principal) async throws -> (DataUserAccountEntry, [SuspensionItemChoice])? {
        guard let account, !account.isEmpty else { return nil }
        guard let id = UUID(uuidString: account), let found = try await violationWorkflow.suspensionCandidate(id, by: actor) else {
            throw RegistryError.notFound("数据利用主体")
        }
        return found
    }

    /// `POST /supervision/suspensions`: records the data user's violation of 第五十条, which suspends its access to the
    /// data concerned until rectified (A50.1) — ``ViolationWorkflow/record(_:by:)``, the API's workflow and audit.
    @Sendable func suspendDataUser(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer)
        let input = try context.form.decode(SuspensionInput.self)
        let chosen = try await suspensionCandidate(input.account, by: actor)
        return try await site.submit(
            request,
            context: context,
            reshow: { SuspendDataUserPage(chosen: chosen, input: input, errors: $0) },
            {
                do {
                    let recorded = try await violationWorkflow.record(try input.violation, by: actor)
                    return .redirect(to: ViolationPage.path(of: recorded.id) + "?done=suspended")
                } catch let error as RegistryError {
                    throw error.citingArticle50
                }
            }
        )
    }

    /// `GET /supervision/risk-reviews`: the division's sharing risk assessments and security reviews (A35.2).
    @Sendable func riskReviews(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer)
        let entries = try await SecurityRecords(database: database.readReplica).riskReviews(by: actor)
        let notice = request.uri.queryParameters["done"] == "recorded" ? "已记录。" : nil
        return try site.render(RiskReviewsPage(entries, notice: notice), for: request, context: context)
    }

    /// `POST /supervision/risk-reviews`: records a risk assessment or security review of an institution (A35.2).
    @Sendable func recordRiskReview(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer)
        let input = try context.form.decode(RiskReviewInput.self)
        let records = SecurityRecords(database: database)
        return try await site.submit(
            request,
            context: context,
            reshow: { RiskReviewsPage(try await records.riskReviews(by: actor), input: input, errors: $0) },
            {
                _ = try await records.record(try input.check, by: actor)
                return .redirect(to: Self.riskReviews + "?done=recorded")
            }
        )
    }

    /// `GET /supervision/security`: the division's institutions' security officers and checks (A36.1).
    @Sendable func securityOverview(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer)
        let entries = try await SecurityRecords(database: database.readReplica).overview(by: actor)
        return try site.render(SecurityOverviewPage(entries), for: request, context: context)
    }

    var violationWorkflow: ViolationWorkflow { ViolationWorkflow(database: database) }

    /// `GET /supervision/violations?state=open`: the division's violations, open ones first.
    @Sendable func violationList(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer)
        let state = request.uri.queryParameters["state"].flatMap { ViolationState(rawValue: String($0)) }
        let violations = try await ViolationWorkflow(database: database.readReplica).violationsInDivision(state: state, by: actor)
        return try site.render(ViolationsPage(violations, state: state), for: request, context: context)
    }

    /// `GET /supervision/violations/new[?report=ID]`: from a report of unlawful use naming a data user, that data user's.
    @Sendable func newViolation(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer)
        let (_, reported) = try await reportedDataUser(request.uri.queryParameters["report"].map(String.init), by: actor)
        return try site.render(NewViolationPage(reported: reported), for: request, context: context)
    }

    /// The data user a report of unlawful use names — its account, and how the form shows it — when `report` is given.
    private func reportedDataUser(_ report: String?, by actor: Principal) async throws -> (UUID?, NewViolationPage.ReportedDataUser?) {
        guard let report, !report.isEmpty else { return (nil, nil) }
        guard let id = UUID(uuidString: report) else { throw RegistryError.notFound("举报") }
        let found = try await UnlawfulUseReportWorkflow(database: database).report(id, by: actor)
        guard let account = found.subjectDataUserAccount, let user = found.subjectDataUser else {
            throw RegistryError.notFound("举报的数据利用主体")
        }
        let label = "\(DataUserLabel.masked(user))(举报第 \(found.number) 号)"
        return (account, NewViolationPage.ReportedDataUser(label: label, report: id.uuidString.lowercased()))
    }

    /// `POST /supervision/violations`: records a violation of an institution with its rectification deadline.
    @Sendable func recordViolation(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer)
        let input = try context.form.decode(ViolationInput.self)
        let (dataUser, reported) = try await reportedDataUser(input.report, by: actor)
        return try await site.submit(
            request,
            context: context,
            reshow: { NewViolationPage(input: input, reported: reported, errors: $0) },
            {
                let recorded = try await violationWorkflow.record(try input.violation(of: dataUser), by: actor)
                return .redirect(to: ViolationPage.path(of: recorded.id) + "?done=recorded")
            }
        )
    }

    @Sendable func violation(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer)
        let violation = try await violationWorkflow.violation(try Self.id(context), by: actor)
        let notice = ViolationPage.notice(request.uri.queryParameters["done"].map(String.init))
        return try site.render(ViolationPage(violation, notice: notice), for: request, context: context)
    }

    /// `POST /supervision/violations/{id}/close`: closed as rectified, or referred to the department named.
    @Sendable func closeViolation(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer)
        let id = try Self.id(context)
        let input = try context.form.decode(ViolationClosingInput.self)
        let current = try await violationWorkflow.violation(id, by: actor)
        return try await site.submit(
            request,
            context: context,
            reshow: { ViolationPage(current, notice: nil, input: input, errors: $0) },
            {
                _ = try await violationWorkflow.close(id, input.closing, by: actor)
                return .redirect(to: ViolationPage.path(of: id) + "?done=closed")
            }
        )
    }

    /// The id in the path; one that is not an id is not found.
    static func id(_ context: WebRequestContext) throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw RegistryError.notFound("违规记录") }
        return id
    }

    /// `GET /supervision/compliance?as_of=DATE&division=CODE&article=A23.2&institution=NAME&page=N`.
    @Sendable func complianceView(_ request: Request, context: WebRequestContext) async throws -> Response {
        let actor = try context.actor()
        try actor.require(.reviewer, .planner, .committee, .admin)
        let query = request.uri.queryParameters
        let division = FormShape.optionalText(query["division"].map(String.init)) ?? actor.division ?? "150000"
        let today = try await database.read { try RegistryClock.today(on: $0) }
        let day = try FormShape.optionalDate(query["as_of"].map(String.init), "as_of") ?? today
        let filter = ComplianceViewPage.Filter(
            day: day,
            division: division,
            article: FormShape.optionalText(query["article"].map(String.init)),
            institution: FormShape.optionalText(query["institution"].map(String.init)),
            page: max(1, query["page"].flatMap { Int(String($0)) } ?? 1)
        )
        let reports = try ReportService.located()
        let view = try await database.readReplica.read(budget: .long) { connection in
            try reports.complianceView(
                asOf: day,
                division: division,
                article: filter.article,
                institution: filter.institution,
                limit: Self.pageSize,
                offset: (filter.page - 1) * Self.pageSize,
                for: .principal(actor),
                on: connection
            )
        }
        return try site.render(ComplianceViewPage(view, filter: filter), for: request, context: context)
    }
}
