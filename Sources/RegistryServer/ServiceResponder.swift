import Hummingbird
import Logging
import NIOCore
import RegistryCore

/// The one service on one port: the API (`/api/…` and `/healthz`) answered by its router, every other path by the
/// pages' responder. Each side keeps its own request context and middleware, so the API's bearer tokens, JSON errors
/// and parameter checks never meet the pages' sessions, form tokens and HTML errors.
public struct ServiceResponder<API: HTTPResponder, Pages: HTTPResponder>: HTTPResponder
where
    API.Context: InitializableFromSource<ApplicationRequestContextSource>,
    Pages.Context: InitializableFromSource<ApplicationRequestContextSource>
{
    /// A connection's request, before one side makes its own context of it.
    public struct Context: InitializableFromSource {
        let channel: any Channel
        let logger: Logger

        public init(source: ApplicationRequestContextSource) {
            channel = source.channel
            logger = source.logger
        }

        var source: ApplicationRequestContextSource { ApplicationRequestContextSource(channel: channel, logger: logger) }
    }

    let api: API
    let pages: Pages

    public func respond(to request: Request, context: Context) async throws -> Response {
        if Self.isAPI(request.uri.path) {
            return try await api.respond(to: request, context: API.Context(source: context.source))
        }
        return try await pages.respond(to: request, context: Pages.Context(source: context.source))
    }

    /// Whether a path belongs to the API.
    static func isAPI(_ path: String) -> Bool {
        path == "/healthz" || path == "/api" || path.hasPrefix("/api/")
    }
}

/// The registry's HTTP application over `database` with the pages of `pages` beside the API, on one port.
public func buildApplication<Pages: HTTPResponder>(
    _ configuration: ServerConfiguration, database: RegistryDatabase, logger: Logger, pages: Pages
) -> some ApplicationProtocol where Pages.Context: InitializableFromSource<ApplicationRequestContextSource> {
    Application(
        responder: ServiceResponder(
            api: buildRouter(database: database, tokenFailureLimit: configuration.tokenFailureLimit).buildResponder(), pages: pages),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "registry"),
        logger: logger
    )
}
