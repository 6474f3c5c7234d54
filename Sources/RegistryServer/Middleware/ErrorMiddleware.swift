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
                context.logger.error("request failed", metadata: ["error.type": "\(type(of: error))", "error": "\(RegistryError.loggableDescription(of: error))"])
            }
            return try mapped.response(from: request, context: context)
        }
    }

    static func map(_ error: any Error) -> RegistryError {
        switch error {
        case let error as HTTPError:
            return map(error)
        case let error as DecodingError:
            return map(error)
        default:
            return RegistryError(mapping: error)
        }
    }

    private static func map(_ error: HTTPError) -> RegistryError {
        switch error.status.code {
        case 404: RegistryError(.notFound, "未找到请求的资源。")
        case 405: RegistryError(.notFound, "该资源不支持此请求方法。")
        case 413: RegistryError(.payloadTooLarge, "请求内容过大(上限 1 MiB)。")
        case 401: RegistryError(.unauthenticated, "请提供有效的访问令牌。")
        case 400..<500: RegistryError(.invalidInput, "请求内容不是有效的 JSON,或字段类型不正确。")
        default: RegistryError(.internal, "内部错误。")
        }
    }

    private static func map(_ error: DecodingError) -> RegistryError {
        let (path, message): ([any CodingKey], String) =
            switch error {
            case .keyNotFound(let key, let context): (context.codingPath + [key], "缺少必填项。")
            case .valueNotFound(_, let context): (context.codingPath, "缺少必填项。")
            case .typeMismatch(_, let context): (context.codingPath, "字段类型不正确。")
            case .dataCorrupted(let context): (context.codingPath, "请求内容不是有效的 JSON,或字段值无法识别。")
            @unknown default: ([], "请求内容无法解析。")
            }
        let field = path.map { $0.intValue.map(String.init) ?? snakeCase($0.stringValue) }.joined(separator: ".")
        return RegistryError(.invalidInput, message, field: field.isEmpty ? nil : field)
    }

    private static func snakeCase(_ key: String) -> String {
        key.reduce(into: "") { result, character in
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
    }
}
