import Hummingbird
import RegistryCore
import RegistryServer

/// How the workspace runs: cookies over TLS only when it is served behind TLS.
public struct WebConfiguration: Sendable {
    /// `Secure` on the cookies (`serve --secure-cookies`).
    public var secureCookies: Bool

    public init(secureCookies: Bool = false) {
        self.secureCookies = secureCookies
    }
}

/// Every page of the workspace, behind (outermost first) the security headers, the error pages, the session, the
/// error pages again (now with who is signed in), the form token check, and the form key against duplicates. The
/// portal's searches with words are answered by `searchIndex` when it is current.
public func buildWebRouter(
    database: RegistryDatabase,
    site: WebSite,
    configuration: WebConfiguration = WebConfiguration(),
    searchIndex: OpenCatalogSearchIndex? = nil
) -> Router<
    WebRequestContext
> {
    let router = Router(context: WebRequestContext.self)
    let cookies = WebCookies(secure: configuration.secureCookies)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: PageErrorMiddleware(site: site))
    router.add(middleware: SessionMiddleware(database: database, cookies: cookies))
    router.add(middleware: PageErrorMiddleware(site: site))
    let uploads = [
        CatalogImportController.path: CatalogImportController.maxFileSize,
        DataUserPagesController.objectionPath: ObjectionEvidenceFile.maxSize,
    ]
    router.add(middleware: CSRFMiddleware(uploads: uploads))
    // An upload's form was read within its path's limit just above: its key hashes the whole of it.
    router.add(
        middleware: IdempotencyMiddleware<WebRequestContext>(keys: IdempotencyKeys(database: database), uploadAllowance: uploads.values.max() ?? 0)
    )

    StylesheetController(site: site).addRoutes(to: router)
    let service = SignInService(database: database, passwords: site.passwords)
    SignInController(site: site, service: service, cookies: cookies).addRoutes(to: router)
    WorkspaceController(site: site, database: database).addRoutes(to: router)
    CatalogPagesController(site: site, database: database).addRoutes(to: router)
    CatalogImportController(site: site, database: database).addRoutes(to: router)
    DataAssetPagesController(site: site, database: database).addRoutes(to: router)
    ShareRequestPagesController(site: site, database: database).addRoutes(to: router)
    ShareDemandPagesController(site: site, database: database).addRoutes(to: router)
    ShareListPagesController(site: site, database: database).addRoutes(to: router)
    // Planners, the assessment committee and the authorities' supervision
    OpenPlanPagesController(site: site, database: database).addRoutes(to: router)
    AssessmentPagesController(site: site, database: database).addRoutes(to: router)
    SupervisionPagesController(site: site, database: database).addRoutes(to: router)
    ErrorReportPagesController(site: site, database: database).addRoutes(to: router)
    UnlawfulUseReportPagesController(site: site, database: database).addRoutes(to: router)
    DisputePagesController(site: site, database: database).addRoutes(to: router)
    AdminPagesController(site: site, database: database).addRoutes(to: router)
    // The public open data portal and the data users' pages (A28.1–A28.3, A50.1).
    PortalController(site: site, database: database, searchIndex: searchIndex).addRoutes(to: router)
    DataUserPagesController(site: site, database: database, service: service, cookies: cookies).addRoutes(to: router)
    return router
}
