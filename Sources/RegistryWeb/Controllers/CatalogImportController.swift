import Hummingbird
import RegistryCore

/// `/catalog/import` (导入): a clerk uploads a ledger of catalog items (CSV or JSON Lines) into the institution's
/// draft catalog version, through the importer the command line uses (A10.1–A10.3).
///
/// The import runs within the request, in one audited transaction, because the importer is one: it streams the file
/// through COPY and checks it set-based, at about 1,500 rows a second. The upload's limit (``maxFileSize``, some 4,000
/// rows) keeps it to a few seconds, and every statement stays within the request's statement timeout; a larger ledger
/// is imported in parts, or by an operator with `registry import catalog`.
struct CatalogImportController: Sendable {
    /// The largest file accepted.
    static let maxFileSize = 2 << 20
    static let path = "/catalog/import"

    let site: WebSite
    let database: RegistryDatabase

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.path), use: show)
        router.post(RouterPath(stringLiteral: Self.path), use: upload)
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.clerk)
        return try site.render(CatalogImportPage(), for: request, context: context)
    }

    /// Shows the import's report on the page it was sent from, beside the form for the next file: the report is the
    /// answer to this upload, kept nowhere else (the stored rows are in the draft version).
    @Sendable func upload(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.clerk)
        let actor = try context.actor()
        let input = try context.form.decode(CatalogImportInput.self)
        let file = context.form.file("file")
        return try await site.submit(request, context: context, reshow: { CatalogImportPage(input: input, errors: $0) }) {
            let (bytes, format) = try CatalogImportInput.check(file)
            let report = try await database.write(actor.audit(CatalogImportStore.auditAction)) { connection in
                try CatalogImportStore().importItems(
                    bytes: bytes, format: format, institution: actor.institution ?? "", allOrNothing: input.allOrNothing,
                    actor: actor, on: connection)
            }
            let page = CatalogImportPage(input: input, result: CatalogImportResult(report, filename: file?.filename ?? ""))
            return try site.render(page, for: request, context: context)
        }
    }
}
