import Foundation
import HTTPTypes
import Hummingbird
import RegistryCore

extension RegistryError: HTTPResponseError {
    /// The HTTP status for each kind of refusal.
    public var status: HTTPResponse.Status {
        switch code {
        case .invalidInput: .badRequest
        case .ruleViolation: .unprocessableContent
        case .notFound: .notFound
        case .conflict: .conflict
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .payloadTooLarge: .contentTooLarge
        case .tooManyRequests: .tooManyRequests
        case .methodNotAllowed: .methodNotAllowed
        case .uriTooLong: .uriTooLong
        case .unavailable: .serviceUnavailable
        // Not 503: the change may be stored, so the client must look before it sends it again.
        case .outcomeUnknown: .badGateway
        case .internal: .internalServerError
        }
    }

    /// Seconds a client waits before retrying after a 503 (the database busy or unreachable).
    static let unavailableRetryAfterSeconds = 5

    /// `{"error": {"code", "message", "field", "article"}}`.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        plainResponse()
    }

    /// The error response, outside any request context.
    func plainResponse() -> Response {
        // The envelope holds strings only: encoding it cannot fail.
        let body = (try? RegistryJSON.encoder.encode(ErrorEnvelope(error: .init(self)))) ?? Data()
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if code == .unauthenticated { headers[.wwwAuthenticate] = "Bearer" }
        if code == .unavailable { headers[.retryAfter] = String(Self.unavailableRetryAfterSeconds) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// The JSON shape of every error response.
struct ErrorEnvelope: Codable {
    struct Body: Codable {
        var code: String
        var message: String
        var field: String?
        var article: String?

        init(_ error: RegistryError) {
            code = error.code.rawValue
            message = error.message
            field = error.field
            article = error.article
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(message, forKey: .message)
            try container.encode(field, forKey: .field)
            try container.encode(article, forKey: .article)
        }
    }

    var error: Body
}
