import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// One log line per request: request id, method, path without its query, status and duration. Never the query
/// string, the body, or a token — any of them could carry personal data or secrets (A13.1). Who changed what is
/// the audit trail's job (A44.1), joined to this line by the request id.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[.requestID] = context.id
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "\(request.method) \(request.uri.path) \(response.status.code)",
            metadata: ["http.duration_ms": "\(String(format: "%.1f", milliseconds))"]
        )
        return response
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-Id")!
}
