import Foundation
import Hummingbird
import RegistryCore
import Reports

/// The committees' reports over HTTP (RP.1): `text/markdown` or `text/html`, chosen by `format` or the Accept header,
/// byte-identical to what `registry report` writes. Wording and styles are read from `reports/` on each request, so an
/// authority's edits show without a restart.
struct ReportsController {
    let database: RegistryDatabase

    func addRoutes(to group: RouterGroup<RegistryRequestContext>) {
        group.get("/reports/assessment", use: assessment)
    }

    /// `GET /api/v1/reports/assessment?year=Y&division=CODE&format=md|html`: the published assessment for every
    /// account; an unpublished version for the committee and the scheme's authority only.
    @Sendable func assessment(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let actor = try context.requireActor()
        let query = ListingQuery(request)
        guard let text = query["year"], let year = Int(text) else { throw RegistryError.missing("year", "评估年度", article: "A39.1") }
        let division = query["division"] ?? "150000"
        let html = try Self.wantsHTML(request, query)
        let reports = try ProjectLayout.locate().reports
        let wording = try ReportWording(kind: "assessment", in: reports)
        let document = try await database.read { connection in
            let assessment = try AssessmentReport.latest(year: year, division: division, on: connection)
            if assessment.state != "published" { try AssessmentWorkflow.requireAssessor(of: assessment.scheme, actor, committee: true) }
            return try AssessmentReport(wording: wording).document(assessment, on: connection)
        }
        if html {
            let stylesheet = try String(contentsOf: reports.appendingPathComponent("style.css"), encoding: .utf8)
            return Self.response(HTMLRenderer(stylesheet: stylesheet).render(document), type: "text/html; charset=utf-8")
        }
        return Self.response(MarkdownRenderer().render(document), type: "text/markdown; charset=utf-8")
    }

    /// HTML when `format=html`, or when no format is given and the Accept header prefers `text/html`.
    static func wantsHTML(_ request: Request, _ query: ListingQuery) throws -> Bool {
        switch query["format"] {
        case "html": return true
        case "md": return false
        case nil: return request.headers[.accept]?.contains("text/html") ?? false
        default: throw RegistryError.invalid("format", "格式须为 md 或 html。")
        }
    }

    static func response(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
