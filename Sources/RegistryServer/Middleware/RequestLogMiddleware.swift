import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// One log line per request: request id, method, path without its query, status and duration. Never the query
/// string, the body, or a token — any of them could carry personal data or secrets (A13.1). Who changed what is
/// the audit trail's job (A44.1), joined to this line by the request id.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await RequestLog.logged(request, logger: context.logger) { try await next(request, context) }
    }
}

/// The access log (one `info` line per request, rotated by the operator's journal) and the `X-Request-Id` header.
enum RequestLog {
    /// Runs `respond`, gives its response the request id, and logs the line.
    static func logged(_ request: Request, logger: Logger, _ respond: () async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await respond()
        response.headers[.requestID] = RequestIdentity.id(of: logger)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info(
            "\(request.method) \(request.uri.path) \(response.status.code)",
            metadata: ["http.duration_ms": "\(String(format: "%.1f", milliseconds))"]
        )
        return response
    }
}

/// Each request's id: 128 random bits in hex, in the logger's `hb.request.id` (where the request context reads its `id`),
/// so that no id tells how many requests came before it.
enum RequestIdentity {
    static let metadataKey = "hb.request.id"

    static func randomized(_ logger: Logger) -> Logger {
        var logger = logger
        var generator = SystemRandomNumberGenerator()
        let bits = (generator.next() as UInt64, generator.next() as UInt64)
        logger[metadataKey: metadataKey] = "\(hex(bits.0))\(hex(bits.1))"
        return logger
    }

    static func id(of logger: Logger) -> String {
        logger[metadataKey: metadataKey]?.description ?? ""
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-Id")!
}
