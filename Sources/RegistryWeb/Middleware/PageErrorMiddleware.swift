import HTTPTypes
import Hummingbird
import Logging
import RegistryCore

/// Turns every error of a page into what a person can act on: not signed in → the sign-in page; no right → the 403
/// page; nothing there → the 404 page; anything unexpected → a page with a reference number that is also in the log,
/// and no internals.
struct PageErrorMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    let site: WebSite

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as RegistryError where error.code == .unauthenticated {
            return .redirect(to: "/sign-in")
        } catch {
            let page = ErrorPage(error, reference: context.id)
            if page.reference != nil {
                context.logger.error(
                    "page failed",
                    metadata: [
                        "reference": "\(context.id)", "error.type": "\(type(of: error))",
                        "error": "\(RegistryError.loggableDescription(of: error))",
                    ]
                )
            }
            return try site.render(page, for: request, context: context, status: page.status)
        }
    }
}

/// The page of a request that could not be served: what happened in Chinese, and for an unexpected error the
/// reference number to quote (the request id, which the log line carries too).
struct ErrorPage: PageView {
    static let template = "error"
    var title: String
    var message: String
    /// Only for errors the log explains.
    var reference: String?
    var status: HTTPResponse.Status

    init(_ error: any Error, reference: String) {
        switch error {
        case let error as RegistryError: self.init(error, reference: reference)
        case let error as any HTTPResponseError: self.init(status: error.status)
        default: self.init(unexpected: reference)
        }
    }

    private init(_ error: RegistryError, reference: String) {
        switch error.code {
        case .internal, .unavailable: self.init(unexpected: reference)
        case .forbidden: self.init(title: "无权访问", message: error.message, status: .forbidden)
        case .notFound: self.init(title: "未找到", message: error.message, status: .notFound)
        case .tooManyRequests: self.init(title: "请稍后再试", message: error.message, status: .tooManyRequests)
        case .outcomeUnknown: self.init(title: "结果未知", message: error.message, status: .badGateway)
        case .payloadTooLarge: self.init(title: "内容过大", message: error.message, status: .contentTooLarge)
        default: self.init(title: "无法办理", message: error.message, status: .badRequest)
        }
    }

    private init(status: HTTPResponse.Status) {
        switch status.code {
        case 404: self.init(title: "页面不存在", message: "没有这个页面:请从工作台进入。", status: .notFound)
        case 405: self.init(title: "无法办理", message: "该页面不支持这种请求。", status: .methodNotAllowed)
        case 413: self.init(title: "内容过大", message: "提交的内容超过了上限。", status: .contentTooLarge)
        default: self.init(title: "无法办理", message: "请求无法处理。", status: status.code < 500 ? .badRequest : .internalServerError)
        }
    }

    private init(unexpected reference: String) {
        self.init(
            title: "系统出错",
            message: "处理请求时出现意外错误。请稍后再试;如仍出错,请把下面的参考编号告诉管理员。",
            status: .internalServerError
        )
        self.reference = reference
    }

    private init(title: String, message: String, status: HTTPResponse.Status) {
        self.title = title
        self.message = message
        self.status = status
    }
}
