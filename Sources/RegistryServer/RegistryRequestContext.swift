import Foundation
import Hummingbird
import RegistryCore

/// What a request carries through the router: its id, the authenticated account, and the JSON coders.
/// Per-request data only — services reach controllers through their initialisers.
public struct RegistryRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who presented the bearer token, once authenticated.
    public var actor: Principal?
    /// The client's IP address, when the connection has one (failed token checks are throttled per address).
    public let clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The largest request body accepted (1 MiB); larger bodies are refused with `payload_too_large`.
    public var maxUploadSize: Int { 1 << 20 }

    /// The id that ties the log line, the audit rows and the response header of one request together.
    public var requestID: String { id }

    public var requestDecoder: JSONDecoder { RegistryJSON.decoder }
    public var responseEncoder: JSONEncoder { RegistryJSON.encoder }

    /// The authenticated actor, whatever its role.
    public func requirePrincipal() throws -> Principal {
        guard let actor else { throw RegistryError(.unauthenticated, "请提供有效的访问令牌。") }
        return actor
    }

    /// The authenticated actor, when its role is one of `roles`.
    @discardableResult
    public func require(_ roles: Role...) throws -> Principal {
        let actor = try requirePrincipal()
        guard roles.contains(actor.role) else {
            throw RegistryError(.forbidden, "当前角色(\(actor.role.label))无权执行此操作。")
        }
        return actor
    }

    /// The audit context for a change made by this request's actor (A44.1).
    public func auditContext(_ action: String) throws -> AuditContext {
        try requirePrincipal().audit(action)
    }
}

/// JSON as the API speaks it: snake_case keys, ISO-8601 timestamps, sorted keys for stable output.
enum RegistryJSON {
    /// One encoder and one decoder for every request: their settings never change after this.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in SwiftKey(snakeCase: path.last!.stringValue) }
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// `data_user_id` → `dataUserID`: the reverse of `.convertToSnakeCase` for Swift's `…ID` property names.
    struct SwiftKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }

        init(snakeCase key: String) {
            let words = key.split(separator: "_", omittingEmptySubsequences: true)
            guard let first = words.first else {
                stringValue = key
                return
            }
            stringValue = String(first) + words.dropFirst().map { $0 == "id" ? "ID" : $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        }

        init?(stringValue: String) {
            self.stringValue = stringValue
        }

        init?(intValue: Int) {
            nil
        }
    }
}
