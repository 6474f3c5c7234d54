import Hummingbird
import Logging
import NIOCore
import RegistryCore
import ServiceLifecycle

/// The one service on one port: the API (`/api/…` and `/healthz`) answered by its router, every other path by the
/// pages' responder. Each side keeps its own request context and middleware, so the API's bearer tokens, JSON errors
/// and parameter checks never meet the pages' sessions, form tokens and HTML errors.
public struct ServiceResponder<API: HTTPResponder, Pages: HTTPResponder>: HTTPResponder
where
    API.Context: InitializableFromSource<ApplicationRequestContextSource>,
    Pages.Context: InitializableFromSource<ApplicationRequestContextSource>
{
    /// A connection's request, before one side makes its own context of it, with a random request id.
    public struct Context: InitializableFromSource {
        let channel: any Channel
        let logger: Logger

        public init(source: ApplicationRequestContextSource) {
            channel = source.channel
            logger = RequestIdentity.randomized(source.logger)
        }

        var source: ApplicationRequestContextSource { ApplicationRequestContextSource(channel: channel, logger: logger) }
    }

    let api: API
    let pages: Pages
    /// How long a request may take before it is answered for (``ServerConfiguration/requestTimeout``).
    let deadline: Duration

    public func respond(to request: Request, context: Context) async throws -> Response {
        let deadline = self.deadline
        return try await RequestDeadline.respond(to: request, within: deadline, logger: context.logger) { [api, pages] in
            if ServicePaths.isAPI(request.uri.path) {
                return try await api.respond(to: request, context: API.Context(source: context.source))
            }
            // The API's router logs its own requests; the pages' are logged here, in the same form.
            return try await RequestLog.logged(request, logger: context.logger) {
                try await pages.respond(to: request, context: Pages.Context(source: context.source))
            }
        }
    }
}

/// Which side of the service a path belongs to.
enum ServicePaths {
    /// Whether a path belongs to the API.
    static func isAPI(_ path: String) -> Bool {
        path == "/healthz" || path == "/api" || path.hasPrefix("/api/")
    }
}

/// The registry's HTTP application over `database` with the pages of `pages` beside the API, on one port; `/healthz`
/// asks `health` (a small pool of its own) when given; searches of the open catalog with words are answered by
/// `searchIndex` when it is current. `services` run beside the server and stop after it, the last first (the pools go
/// first in the list, so they close last).
public func buildApplication<Pages: HTTPResponder>(
    _ configuration: ServerConfiguration,
    database: RegistryDatabase,
    health: RegistryDatabase? = nil,
    searchIndex: OpenCatalogSearchIndex? = nil,
    logger: Logger,
    pages: Pages,
    services: [any Service] = []
) -> some ApplicationProtocol where Pages.Context: InitializableFromSource<ApplicationRequestContextSource> {
    Application(
        responder: ServiceResponder(
            api: buildRouter(database: database, health: health, throttle: configuration.tokenThrottle, searchIndex: searchIndex)
                .buildResponder(),
            pages: pages,
            deadline: configuration.requestTimeout
        ),
        server: configuration.server,
        configuration: configuration.application,
        services: services,
        logger: logger
    )
}
