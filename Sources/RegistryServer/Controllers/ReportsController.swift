import Foundation
import Hummingbird
import Postgres
import RegistryCore
import Reports

/// The committees' reports over HTTP (RP.1): `text/markdown` or `text/html`, chosen by `format` or the Accept header,
/// and the compliance report's CSV appendix as `text/csv` — byte-identical to what `registry report` writes. Who may
/// read each report, and its wording, are the ``ReportService``'s.
struct ReportsController {
    let database: RegistryDatabase

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/reports/assessment", use: assessment)
        group.get("/reports/compliance", use: compliance)
        group.get("/reports/open-plan", use: openPlan)
    }

    /// `GET /api/v1/reports/assessment?year=Y&division=CODE&format=md|html`: the published assessment for every
    /// account; an unpublished version for the committee and the scheme's authority only.
    @Sendable func assessment(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        guard let text = query["year"], let year = Int(text) else { throw RegistryError.missing("year", "评估年度", article: "A39.1") }
        let division = query["division"] ?? "150000"
        let html = try Self.wantsHTML(request, query)
        let reports = try ReportService.located()
        let document = try await database.readReplica.read(budget: .long) { connection in
            try reports.assessment(year: year, division: division, for: .principal(actor), on: connection)
        }
        return try Self.render(document, html: html, reports: reports)
    }

    /// `GET /api/v1/reports/compliance?as_of=DATE&division=CODE&format=md|html|csv` (RP.3): for the committee, the admin
    /// and staff of the authorities over the division; `csv` is the report's appendix with every finding, streamed.
    @Sendable func compliance(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        guard let day = try query.date("as_of") else { throw RegistryError.missing("as_of", "截止日期", article: "RP.3") }
        let division = query["division"] ?? "150000"
        if query["format"] == "csv" { return try await complianceFindings(asOf: day, division: division, for: actor) }
        let html = try Self.wantsHTML(request, query, accepted: "md、html 或 csv")
        let reports = try ReportService.located()
        let document = try await database.readReplica.read(budget: .long) { connection in
            try reports.compliance(asOf: day, division: division, for: .principal(actor), on: connection)
        }
        return try Self.render(document, html: html, reports: reports)
    }

    /// The compliance report's CSV appendix as `text/csv`, the bytes `registry report compliance` writes, sent as the
    /// cursor yields them.
    private func complianceFindings(asOf day: CivilDate, division: String, for actor: Principal) async throws -> Response {
        let database = database.readReplica
        let reports = try ReportService.located()
        let body = StreamedBody { sink in
            try await database.read(budget: .long) { connection in
                try reports.complianceFindings(asOf: day, division: division, for: .principal(actor), on: connection, to: sink)
            }
        }
        try await body.start()
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(ComplianceFindingsCSV.fileName(asOf: day, division: division))\""
        return Response(status: .ok, headers: headers, body: body.responseBody)
    }

    /// `GET /api/v1/reports/open-plan?year=Y&division=CODE&as_of=DATE&format=md|html` (RP.2): the published plan, for
    /// every account.
    @Sendable func openPlan(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let query = ListingQuery(request)
        guard let text = query["year"], let year = Int(text) else { throw RegistryError.missing("year", "计划年度", article: "A26.1") }
        guard let division = query["division"] else { throw RegistryError.missing("division", "行政区划", article: "A26.1") }
        guard let day = try query.date("as_of") ?? CivilDate(year: year, month: 12, day: 31) else {
            throw RegistryError.invalid("year", "计划年度须为有效年份。", article: "A26.1")
        }
        let html = try Self.wantsHTML(request, query)
        let reports = try ReportService.located()
        let document = try await database.readReplica.read(budget: .long) { connection in
            try reports.openPlan(year: year, division: division, asOf: day, for: .principal(actor), on: connection)
        }
        return try Self.render(document, html: html, reports: reports)
    }

    /// The document as Markdown, or as HTML with the stylesheet of `reports/`.
    static func render(_ document: ReportDocument, html: Bool, reports: ReportService) throws -> Response {
        guard html else { return response(reports.markdown(document), type: "text/markdown; charset=utf-8") }
        return response(try reports.html(document), type: "text/html; charset=utf-8")
    }

    /// HTML when `format=html`, or when no format is given and the Accept header prefers `text/html`; any other format
    /// is refused naming `accepted`, the formats of the route.
    static func wantsHTML(_ request: Request, _ query: ListingQuery, accepted: String = "md 或 html") throws -> Bool {
        switch query["format"] {
        case "html": return true
        case "md": return false
        case nil: return request.headers[.accept]?.contains("text/html") ?? false
        default: throw RegistryError.invalid("format", "格式须为 \(accepted)。")
        }
    }

    static func response(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
