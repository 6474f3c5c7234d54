import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import RegistryCore

/// How the HTTP service listens, and the limits that keep one client from holding it.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Failed token checks allowed per client address and `tokenFailureWindow` before further ones are refused (429).
    public var tokenFailureLimit: Int
    public var tokenFailureWindow: Duration
    /// A connection with nothing to read for this long (between requests, or in the middle of one) is closed.
    public var idleTimeout: Duration
    /// A request's head must be complete this long after its first byte, or the connection is closed.
    public var headerTimeout: Duration
    /// A request not answered within this is answered for it: 503 for a read; 502 `outcome_unknown` for a change,
    /// which may still complete. A response streamed after its head is not cut short.
    public var requestTimeout: Duration
    /// Connections open at once; further ones wait in the listen backlog until one closes.
    public var maxConnections: Int

    public static let defaultIdleTimeout = Duration.seconds(60)
    public static let defaultHeaderTimeout = Duration.seconds(10)
    public static let defaultRequestTimeout = Duration.seconds(30)
    public static let defaultMaxConnections = 512

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        tokenFailureLimit: Int = FailedTokenThrottle.defaultLimit,
        tokenFailureWindow: Duration = FailedTokenThrottle.defaultWindow,
        idleTimeout: Duration = defaultIdleTimeout,
        headerTimeout: Duration = defaultHeaderTimeout,
        requestTimeout: Duration = defaultRequestTimeout,
        maxConnections: Int = defaultMaxConnections
    ) {
        self.host = host
        self.port = port
        self.tokenFailureLimit = tokenFailureLimit
        self.tokenFailureWindow = tokenFailureWindow
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.requestTimeout = requestTimeout
        self.maxConnections = maxConnections
    }

    /// The throttle of failed token checks.
    var tokenThrottle: FailedTokenThrottle { FailedTokenThrottle(limit: tokenFailureLimit, window: tokenFailureWindow) }

    /// HTTP/1.1 with the idle and header timeouts.
    var server: HTTPServerBuilder {
        let headerTimeout = TimeAmount(self.headerTimeout)
        return .http1(
            configuration: .init(
                additionalChannelHandlers: [HeaderReadTimeout(timeout: headerTimeout)],
                idleTimeout: TimeAmount(idleTimeout)
            )
        )
    }

    /// The address, and the connection cap.
    var application: ApplicationConfiguration {
        .init(
            address: .hostname(host, port: port),
            serverName: "registry",
            availableConnectionsDelegate: MaximumAvailableConnections(maxConnections)
        )
    }
}

/// The registry's HTTP application over `database`; `/healthz` asks `health` (a small pool of its own) when given;
/// searches of the open catalog with words are answered by `searchIndex` when it is current.
public func buildApplication(
    _ configuration: ServerConfiguration,
    database: RegistryDatabase,
    health: RegistryDatabase? = nil,
    searchIndex: OpenCatalogSearchIndex? = nil,
    logger: Logger
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(database: database, health: health, throttle: configuration.tokenThrottle, searchIndex: searchIndex),
        server: configuration.server,
        configuration: configuration.application,
        logger: logger
    )
}

/// Every route of the API, behind logging, error mapping, authentication, the parameter gate and `Idempotency-Key`
/// replay (in that order, outermost first).
///
/// `/healthz` reads through `health` when given: a pool of its own, so that a write pool whose every connection is
/// busy never makes the service look down. `searchIndex`, when given, answers searches of the open catalog with words
/// while it is current.
public func buildRouter(
    database: RegistryDatabase,
    health: RegistryDatabase? = nil,
    throttle: FailedTokenThrottle = FailedTokenThrottle(),
    searchIndex: OpenCatalogSearchIndex? = nil
) -> Router<RegistryRequestContext> {
    let router = Router(context: RegistryRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ErrorMiddleware())
    let actors = PrincipalCache()
    router.add(middleware: AuthenticationMiddleware(database: database, cache: actors, throttle: throttle))
    router.add(middleware: ParameterGate(declared: OpenAPIController.declaredParameters))
    router.add(middleware: IdempotencyMiddleware<RegistryRequestContext>(keys: IdempotencyKeys(database: database)))

    HealthController(database: health ?? database).addRoutes(to: router)
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
    OpeningController(database: database, searchIndex: searchIndex).addRoutes(to: api)
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
