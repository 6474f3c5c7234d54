import Hummingbird
import Logging
import RegistryCore

/// How the HTTP service listens.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Failed token checks allowed per client address and minute before further ones are refused (429).
    public var tokenFailureLimit: Int

    public init(host: String = "127.0.0.1", port: Int = 8080, tokenFailureLimit: Int = FailedTokenThrottle.defaultLimit) {
        self.host = host
        self.port = port
        self.tokenFailureLimit = tokenFailureLimit
    }
}

/// The registry's HTTP application over `database`.
public func buildApplication(
    _ configuration: ServerConfiguration, database: RegistryDatabase, logger: Logger
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(database: database, tokenFailureLimit: configuration.tokenFailureLimit),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "registry"),
        logger: logger
    )
}

/// Every route of the API, behind logging, error mapping and authentication (in that order, outermost first).
public func buildRouter(
    database: RegistryDatabase, tokenFailureLimit: Int = FailedTokenThrottle.defaultLimit
) -> Router<RegistryRequestContext> {
    let router = Router(context: RegistryRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ErrorMiddleware())
    let actors = ActorCache()
    router.add(middleware: AuthenticationMiddleware(database: database, cache: actors, throttle: FailedTokenThrottle(limit: tokenFailureLimit)))
    router.add(middleware: ParameterGate(declared: OpenAPIController.declaredParameters))

    HealthController(database: database).addRoutes(to: router)
    let api = router.group("/api/v1")
    OpenAPIController().addRoutes(to: api)
    IdentifierController().addRoutes(to: api)
    CalendarController(database: database).addRoutes(to: api)
    PlacesController(database: database).addRoutes(to: api)
    AccountsController(database: database, actors: actors).addRoutes(to: api)
    AuditController(database: database).addRoutes(to: api)
    SupplyController(database: database).addRoutes(to: api)
    ProjectsController(database: database).addRoutes(to: api)
    EvaluationsController(database: database).addRoutes(to: api)
    InstitutionsController(database: database).addRoutes(to: api)
    AssetsController(database: database).addRoutes(to: api)
    CatalogController(database: database).addRoutes(to: api)
    ClassificationController(database: database).addRoutes(to: api)
    ShareRequestsController(database: database).addRoutes(to: api)
    ShareDemandsController(database: database).addRoutes(to: api)
    OpenPlansController(database: database).addRoutes(to: api)
    OpeningController(database: database).addRoutes(to: api)
    DistributionsController(database: database).addRoutes(to: api)
    DCATController(database: database).addRoutes(to: api)
    CKANController(database: database).addRoutes(to: router)
    SupervisionController(database: database).addRoutes(to: api)
    AssessmentController(database: database).addRoutes(to: api)
    ReportsController(database: database).addRoutes(to: api)
    ErrorReportsController(database: database).addRoutes(to: api)
    UnlawfulUseReportsController(database: database).addRoutes(to: api)
    DisputesController(database: database).addRoutes(to: api)
    AuditAccessController(database: database).addRoutes(to: api)
    return router
}
