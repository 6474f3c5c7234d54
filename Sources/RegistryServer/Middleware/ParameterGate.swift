import HTTPTypes
import Hummingbird
import RegistryCore

/// Holds every API request to what the OpenAPI document declares (``DeclaredParameters``), before a handler runs: a
/// method the path does not declare is `405` with `Allow`; an undeclared query parameter, or a path or query value
/// that does not fit its schema (or holds a NUL byte), is `400 invalid_input` naming the parameter. Authentication
/// comes first: a secured route called without a token is left to its handler, which answers `401`. An address
/// longer than ``maximumURILength`` is `414 uri_too_long`.
struct ParameterGate: RouterMiddleware {
    typealias Context = RegistryRequestContext
    let declared: DeclaredParameters

    /// The longest request address (path and query) accepted, in bytes.
    static let maximumURILength = 8 * 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.description.utf8.count <= Self.maximumURILength else {
            throw RegistryError(.uriTooLong, "请求地址过长(上限 \(Self.maximumURILength / 1024) KiB):请缩短查询条件。")
        }
        guard let (template, values) = declared.template(for: request.uri.path) else {
            return try await next(request, context)
        }
        let method = request.method == .head ? "GET" : request.method.rawValue
        guard let operation = template.operations[method] else {
            var response = try RegistryError(.methodNotAllowed, "该路径不支持 \(request.method.rawValue) 方法。")
                .response(from: request, context: context)
            response.headers[.allow] = template.operations.keys.sorted().joined(separator: ", ")
            return response
        }
        if operation.secured, context.actor == nil {
            return try await next(request, context)
        }
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            if let problem = operation.path[name]?.problem(with: value) { throw RegistryError.invalid(name, "\(name) \(problem)") }
        }
        for (key, value) in request.uri.queryParameters {
            guard let parameter = operation.query[String(key)] else {
                throw RegistryError.invalid(String(key), "未知的查询参数 \(key):该接口不接受此参数。")
            }
            if let problem = parameter.problem(with: value) { throw RegistryError.invalid(String(key), "\(key) \(problem)") }
        }
        return try await next(request, context)
    }
}
