import Foundation
import Hummingbird
import Logging
import RegistryCore

/// The request deadline (``ServerConfiguration/requestTimeout``): a request whose response has not begun by then is
/// answered for, and its handler cancelled. A read gets 503 with `Retry-After`; a change gets 502 `outcome_unknown`,
/// never "please retry": its transaction may still commit (the database's own statement and lock timeouts end it
/// sooner in all but stuck cases). A retry with the same `Idempotency-Key` is safe either way.
enum RequestDeadline {
    static func respond(
        to request: Request,
        within deadline: Duration,
        logger: Logger,
        _ respond: @escaping @Sendable () async throws -> Response
    ) async throws -> Response {
        let answered = try await withThrowingTaskGroup(of: Response?.self) { group in
            group.addTask { try await respond() }
            group.addTask {
                try await Task.sleep(for: deadline)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        if let answered { return answered }
        logger.warning("request deadline passed: \(request.method) \(request.uri.path)", metadata: ["deadline": "\(deadline)"])
        return timedOut(request, logger: logger)
    }

    /// The answer given for a request past its deadline: JSON for the API, a short page for people.
    static func timedOut(_ request: Request, logger: Logger) -> Response {
        let reading = request.method == .get || request.method == .head
        let error =
            reading
            ? RegistryError(.unavailable, "请求处理超时,请稍后重试。")
            : RegistryError(.outcomeUnknown, "请求处理超时:本次操作可能已经生效。请先查询确认,或使用同一 Idempotency-Key 重试。")
        var response: Response
        if ServicePaths.isAPI(request.uri.path) {
            response = error.plainResponse()
        } else {
            let page = """
                <!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>请求超时</title>\
                <p>\(reading ? "请求处理超时,请稍后刷新。" : "请求处理超时:本次提交可能已经生效,请先查看结果,不要直接重复提交。")</p></html>
                """
            response = Response(
                status: error.status,
                headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: page))
            )
        }
        if reading { response.headers[.retryAfter] = String(RegistryError.unavailableRetryAfterSeconds) }
        response.headers[.requestID] = RequestIdentity.id(of: logger)
        return response
    }
}
