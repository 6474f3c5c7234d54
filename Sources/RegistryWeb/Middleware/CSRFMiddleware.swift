import Hummingbird
import NIOCore
import RegistryCore

/// Every POST of the workspace must carry the request's form token in its `csrf` field, or it gets the 403 page
/// before any handler runs; the form it posted is then on the context (``WebRequestContext/form``).
///
/// A form is read whole before its token is checked, so every body has a limit: a URL-encoded form
/// ``WebRequestContext/maxUploadSize``, a `multipart/form-data` one (a file upload, with the token as one of its
/// parts) the file limit of its path in `uploads` and as much again for the other inputs; a path not listed takes no
/// upload.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    /// The paths that take a file, and the largest file each accepts (in bytes).
    let uploads: [String: Int]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        var request = request
        let form = try await read(&request, context: context)
        let posted = try? form.decode(Token.self)
        guard let token = posted?.csrf, Self.same(token, context.csrfToken) else {
            throw RegistryError(.forbidden, "表单已失效或来源不明:请回到页面重新提交。")
        }
        var context = context
        context.form = form
        return try await next(request, context)
    }

    /// The posted form, read within the limit of its kind.
    private func read(_ request: inout Request, context: Context) async throws -> FormBody {
        guard let boundary = MultipartForm.boundary(of: request.headers[.contentType]) else {
            return FormBody(text: String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        }
        guard let fileLimit = uploads[request.uri.path] else {
            throw RegistryError(.invalidInput, "此页面不接受上传文件。")
        }
        do {
            return try MultipartForm.parse(Array(buffer: try await request.collectBody(upTo: fileLimit + context.maxUploadSize)), boundary: boundary)
        } catch is NIOTooManyBytesError {
            throw RegistryError(.payloadTooLarge, "上传的文件超过了 \(Figures.bytes(fileLimit)) 的上限:请分批上传。", field: "file")
        }
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
