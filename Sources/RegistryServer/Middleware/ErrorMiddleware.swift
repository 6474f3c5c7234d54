import Hummingbird
import Logging
import RegistryCore

/// Turns every error into the registry's JSON error shape. Errors the registry does not know become a bare
/// `internal` error: their text stays in the log and never reaches the client.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let mapped = Self.map(error)
            if mapped.code == .internal || mapped.code == .unavailable {
                context.logger.error(
                    "request failed",
                    metadata: ["error.type": "\(type(of: error))", "error": "\(RegistryError.loggableDescription(of: error))"]
                )
            }
            return try mapped.response(from: request, context: context)
        }
    }

    static func map(_ error: any Error) -> RegistryError {
        switch error {
        case let error as RegistryError: error
        case let error as DecodingError: error.registryError
        case let error as any HTTPResponseError: map(status: error.status)
        default: RegistryError(mapping: error)
        }
    }

    /// Errors raised by the HTTP layer itself (no such route, body too large …).
    private static func map(status: HTTPResponse.Status) -> RegistryError {
        switch status.code {
        case 404: RegistryError(.notFound, "未找到请求的资源。")
        case 405: RegistryError(.notFound, "该资源不支持此请求方法。")
        case 413: RegistryError(.payloadTooLarge, "请求内容过大。")
        case 401: RegistryError(.unauthenticated, "请提供有效的访问令牌。")
        case 400..<500: RegistryError(.invalidInput, "请求内容不是有效的 JSON,或字段类型不正确。")
        default: RegistryError(.internal, "内部错误。")
        }
    }
}
