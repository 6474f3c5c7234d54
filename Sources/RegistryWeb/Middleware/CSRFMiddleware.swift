import Hummingbird
import RegistryCore

/// Every POST of the workspace must carry the request's form token in its `csrf` field, or it gets the 403 page
/// before any handler runs; the form it posted is then on the context (``WebRequestContext/form``).
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        var request = request
        let body = String(buffer: try await request.collectBody(upTo: context.maxUploadSize))
        let posted = try? URLEncodedFormDecoder().decode(Token.self, from: body)
        guard let token = posted?.csrf, Self.same(token, context.csrfToken) else {
            throw RegistryError(.forbidden, "表单已失效或来源不明:请回到页面重新提交。")
        }
        var context = context
        context.form = FormBody(text: body)
        return try await next(request, context)
    }

    private struct Token: Decodable {
        var csrf: String?
    }

    /// Compares in time independent of where the strings differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        guard a.count == b.count, !a.isEmpty else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
