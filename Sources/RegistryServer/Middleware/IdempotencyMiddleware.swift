import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RegistryCore

/// `Idempotency-Key` on the API's POSTs: a retry of a write gets the first response and changes nothing.
///
/// The same key (of the same account) with the same request — method, path with query, and body, compared by SHA-256 —
/// within ``IdempotencyKeys`` lifetime (24 h) is answered with the stored status, content type, location and body,
/// marked `Idempotent-Replayed: true`. The same key with a different request is `422` naming the header. Otherwise the
/// request runs with an ``IdempotencyClaim``: its write stores the key in its own transaction, and the response is
/// stored right after. A request whose key another one stored meanwhile (concurrent duplicates) waits a moment for
/// that response and replays it, or gets `409` when it is not there (the first still answering, or its response lost
/// to a crash after the commit: the write is done either way). Requests that change nothing store nothing, so a refused
/// request can be sent again with the same key. A response marked `Cache-Control: no-store` (a token shown once) or over
/// ``IdempotencyKeys/maxStoredBody`` is not stored: its retries get `409`. Without a token the header is ignored: the
/// route answers `401`.
///
/// The pages use it too (``IdempotentRequestContext``): each rendered form carries a key of its own, so a form sent
/// twice (a double click, a reload of the POST) creates one record and both answers are the same redirect.
public struct IdempotencyMiddleware<Context: IdempotentRequestContext>: RouterMiddleware {
    let keys: IdempotencyKeys
    /// Bytes a body may hold beyond the context's ``RequestContext/maxUploadSize``: the largest file a page takes, whose
    /// form an earlier middleware has already read within its own limit.
    let uploadAllowance: Int

    public init(keys: IdempotencyKeys, uploadAllowance: Int = 0) {
        self.keys = keys
        self.uploadAllowance = uploadAllowance
    }

    /// How often and how long a duplicate waits for the response of the request that holds its key.
    static var waitSteps: Int { 20 }
    static var waitStep: Duration { .milliseconds(100) }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let principal = context.idempotencyPrincipal,
            let sent = context.idempotencyKey(of: request)
        else {
            return try await next(request, context)
        }
        let key = try Self.validated(sent)
        var request = request
        let claim = IdempotencyClaim(
            principal: principal,
            key: key,
            requestHash: try await Self.hash(&request, context: context, limit: context.maxUploadSize + uploadAllowance),
            requestID: context.id
        )
        if let answer = try await replay(claim, waiting: false) { return answer }
        let response: Response
        do {
            response = try await IdempotencyClaim.$current.withValue(claim) { try await next(request, context) }
        } catch is IdempotencyKeyTaken {
            guard let answer = try await replay(claim, waiting: true) else { throw Context.responseUnavailable }
            return answer
        }
        guard claim.isCommitted else { return response }
        return try await store(response, of: claim, context: context)
    }

    /// The stored answer for `claim`'s key: the first response, or a refusal of a different request; `nil` when the key
    /// is free (and not `waiting`: after ``IdempotencyKeyTaken`` it is not). A key whose write committed without a
    /// response yet is waited for a moment, then answered `409`.
    private func replay(_ claim: IdempotencyClaim, waiting: Bool) async throws -> Response? {
        for step in 0... {
            if let record = try await keys.find(principal: claim.principal, key: claim.key) {
                guard record.requestHash == claim.requestHash else { throw Context.differentRequest }
                if let stored = record.response { return Self.response(replaying: stored) }
            } else if !waiting {
                return nil
            }
            guard step < Self.waitSteps else { throw Context.responseUnavailable }
            try await Task.sleep(for: Self.waitStep)
        }
        return nil
    }

    /// Stores a committed request's response for its retries, and returns it unchanged.
    private func store(_ response: Response, of claim: IdempotencyClaim, context: Context) async throws -> Response {
        var response = response
        let collected = CollectedBody()
        try await response.body.write(CollectingWriter(into: collected))
        let body = collected.buffer
        response.body = ResponseBody(byteBuffer: body)
        // A secret shown once (`Cache-Control: no-store`, a new token) is never stored; its retries get 409.
        guard body.readableBytes <= IdempotencyKeys.maxStoredBody, response.headers[.cacheControl] != "no-store" else {
            return response
        }
        let stored = StoredResponse(
            status: Int(response.status.code),
            contentType: response.headers[.contentType],
            location: response.headers[.location],
            body: Array(body.readableBytesView)
        )
        do {
            try await keys.complete(claim, with: stored)
        } catch {
            // The write is committed: its response still goes out; retries of it get 409.
            context.logger.warning(
                "could not store the response of an Idempotency-Key",
                metadata: ["error": "\(RegistryError.loggableDescription(of: error))"]
            )
        }
        return response
    }

    static func response(replaying stored: StoredResponse) -> Response {
        var headers: HTTPFields = [.idempotentReplayed: "true"]
        if let contentType = stored.contentType { headers[.contentType] = contentType }
        if let location = stored.location { headers[.location] = location }
        return Response(
            status: HTTPResponse.Status(code: stored.status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: stored.body))
        )
    }

    /// A key is 1 to 255 visible ASCII characters (a UUID is typical).
    static func validated(_ header: String) throws -> String {
        guard (1...255).contains(header.utf8.count), header.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw Context.malformedKey
        }
        return header
    }

    /// SHA-256 over the method, the path with its query, and the body (collected, and kept for the handler).
    static func hash(_ request: inout Request, context: Context, limit: Int) async throws -> [UInt8] {
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw RegistryError(.payloadTooLarge, "请求内容过大(上限 \(limit / 1024) KiB)。")
        }
        var hasher = SHA256()
        hasher.update(data: Array("\(request.method.rawValue)\n\(request.uri.description)\n".utf8))
        hasher.update(data: Array(body.readableBytesView))
        return Array(hasher.finalize())
    }
}

/// A request context whose POSTs may carry a key against duplicates (``IdempotencyMiddleware``).
public protocol IdempotentRequestContext: RequestContext {
    /// The account whose keys the request uses; `nil` (no one signed in) honours no key.
    var idempotencyPrincipal: UUID? { get }
    /// The key the request sent, if any: the API's `Idempotency-Key` header, a page's hidden form input.
    func idempotencyKey(of request: Request) -> String?
    /// The refusals, in this side's words: the key used for a different request, a key that is not 1–255 visible ASCII
    /// characters, and a key whose write is done but whose response cannot be given again.
    static var differentRequest: RegistryError { get }
    static var malformedKey: RegistryError { get }
    static var responseUnavailable: RegistryError { get }
}

extension RegistryRequestContext: IdempotentRequestContext {
    public var idempotencyPrincipal: UUID? { actor?.account.id }

    public func idempotencyKey(of request: Request) -> String? {
        request.headers[.idempotencyKey]
    }

    public static var differentRequest: RegistryError {
        RegistryError(.ruleViolation, "该 Idempotency-Key 已用于另一个内容不同的请求;新的请求请使用新的键。", field: "Idempotency-Key")
    }

    public static var malformedKey: RegistryError {
        RegistryError.invalid("Idempotency-Key", "须为 1 至 255 个可见 ASCII 字符(如 UUID)。")
    }

    public static var responseUnavailable: RegistryError {
        RegistryError(
            .conflict,
            "使用该 Idempotency-Key 的请求已经执行,其响应暂不可用;请查询结果,不要用新的键重复提交。",
            field: "Idempotency-Key"
        )
    }
}

/// A response body collected to be stored.
private final class CollectedBody {
    var buffer = ByteBuffer()
}

/// Writes a response body into a ``CollectedBody``.
private struct CollectingWriter: ResponseBodyWriter {
    let into: CollectedBody

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        into.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}
