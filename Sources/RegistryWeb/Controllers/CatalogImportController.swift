import Foundation
import Hummingbird
import RegistryCore

/// `/catalog/import` (导入): a clerk uploads a ledger of catalog items (CSV or JSON Lines) into the institution's
/// draft catalog version, through the importer the command line uses (A10.1–A10.3).
///
/// The upload is kept as an import job and answered at once with the job's page (POST-redirect-GET); the service's
/// import runner reads the file and stores it in chunks in the background (``CatalogImportJobs``). The job's page shows
/// the progress and reloads itself until the job has ended, then shows the stored rows and the refused lines. Only the
/// clerks of the job's institution see it.
struct CatalogImportController: Sendable {
    /// The largest file accepted: a ledger of some 40,000 rows.
    static let maxFileSize = 20 << 20
    static let path = "/catalog/import"
    /// Seconds between two reloads of a job's page while it runs.
    static let refreshSeconds = 2

    let site: WebSite
    let database: RegistryDatabase

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.path), use: show)
        router.post(RouterPath(stringLiteral: Self.path), use: upload)
        router.get(RouterPath(stringLiteral: Self.path + "/jobs/{id}"), use: showJob)
    }

    static func path(of job: UUID) -> String {
        "\(path)/jobs/\(job.uuidString.lowercased())"
    }

    @Sendable func show(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.clerk)
        let institution = try context.actor().institution ?? ""
        return try site.render(try await form(of: institution), for: request, context: context)
    }

    /// Keeps the file as a job of the clerk's institution and sends the clerk to the job's page.
    @Sendable func upload(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.clerk)
        let actor = try context.actor()
        let input = try context.form.decode(CatalogImportInput.self)
        let file = context.form.file("file")
        return try await site.submit(
            request,
            context: context,
            reshow: { try await form(of: actor.institution ?? "", input: input, errors: $0) },
            {
                let (bytes, format) = try CatalogImportInput.check(file)
                let jobs = CatalogImportJobs(clock: database.clock)
                // A file of up to 20 MB travels to the database in this statement: the long budget.
                let id = try await database.write(actor.audit(CatalogImportJobs.auditAction), budget: .long) { connection in
                    try jobs.queue(
                        file: bytes,
                        filename: file?.filename ?? "",
                        format: format,
                        allOrNothing: input.allOrNothing,
                        institution: actor.institution ?? "",
                        actor: actor,
                        on: connection
                    )
                }
                return .redirect(to: Self.path(of: id))
            }
        )
    }

    /// A job of the clerk's institution: its progress while it runs (the page reloads itself), its result once ended.
    @Sendable func showJob(_ request: Request, context: WebRequestContext) async throws -> Response {
        try context.require(.clerk)
        let institution = try context.actor().institution ?? ""
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw RegistryError.notFound("导入任务") }
        let page = try await database.read { connection -> CatalogImportJobPage? in
            let jobs = CatalogImportJobs()
            guard let job = try jobs.job(id, of: institution, on: connection) else { return nil }
            guard job.isFinished else { return CatalogImportJobPage(job) }
            let problems = try jobs.problems(of: id, limit: CatalogImportResult.shownProblems, on: connection)
            return CatalogImportJobPage(job, problems: problems, problemCount: try jobs.problemCount(of: id, on: connection))
        }
        guard let page else { throw RegistryError.notFound("导入任务") }
        return try site.render(page, for: request, context: context)
    }

    /// The form, with the institution's latest jobs.
    private func form(
        of institution: String,
        input: CatalogImportInput = CatalogImportInput(),
        errors: FormErrors = FormErrors()
    ) async throws -> CatalogImportPage {
        let jobs = try await database.read { try CatalogImportJobs().recent(of: institution, on: $0) }
        return CatalogImportPage(input: input, jobs: jobs, errors: errors)
    }
}
