import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import RegistryCore
import TestSupport
import Testing

@testable import RegistryServer

/// A registry application over a fresh test database, with an admin token and a log that tests can read.
///
/// Lists and reports read through a second pool whose sessions are read-only, as on a streaming replica
/// (`registry serve --read-database-url`): by default on the same database, so every API test also proves that no
/// write is routed to the read pool. Both pools connect as the service's own role (`registry_service`, no DDL, no write
/// to the audit trail: `sql/0050_least_privilege.sql`), as `registry serve` does; the fixtures' `database.client` is the
/// superuser's.
struct TestRegistry {
    let database: TestDatabase
    let registry: RegistryDatabase
    let adminToken: String
    let log: LogCapture

    /// `reads` says where lists and reports read, given the new test database: that database itself unless given;
    /// `interactive` gives the primary's sessions the service's request limits (`PostgresConfiguration.forRequests()`).
    static func make(
        maxConnections: Int = 4,
        reads: (TestDatabase) -> PostgresConfiguration = { $0.asService },
        interactive: Bool = false
    ) async throws -> TestRegistry {
        let database = try await TestDatabase.make(maxConnections: maxConnections)
        let readPool = PostgresClient(
            configuration: reads(database).readingOnly(as: "registry-tests-reads"),
            maxConnections: maxConnections
        )
        let service = interactive ? database.asService.forRequests() : database.asService
        let primary = PostgresClient(configuration: service, maxConnections: maxConnections)
        let registry = RegistryDatabase(primary: primary, reads: readPool)
        let (_, token) = try await registry.write(AuditContext(role: "test", action: "account.create")) {
            try AccountStore().create(NewAccount(role: .admin, displayName: "测试管理员"), on: $0)
        }
        return TestRegistry(database: database, registry: registry, adminToken: token.value, log: LogCapture())
    }

    func application(
        tokenFailureLimit: Int,
        tokenFailureWindow: Duration,
        searchIndex: OpenCatalogSearchIndex? = nil
    ) -> some ApplicationProtocol {
        var logger = Logger(label: "registry-test") { _ in log.handler }
        logger.logLevel = .info
        // Hundreds of tests share two cores here: no request of theirs is cut off by the deadline, which HTTPLimitsTests
        // tests on its own.
        let configuration = ServerConfiguration(
            host: "127.0.0.1",
            port: 0,
            tokenFailureLimit: tokenFailureLimit,
            tokenFailureWindow: tokenFailureWindow,
            requestTimeout: .seconds(600)
        )
        return buildApplication(configuration, database: registry, searchIndex: searchIndex, logger: logger)
    }

    /// Runs `body` against the real router; searches of the open catalog with words are answered by `searchIndex`
    /// while it is current, when given.
    func test<Value>(
        _ setup: TestingSetup = .router,
        tokenFailureLimit: Int = FailedTokenThrottle.defaultLimit,
        tokenFailureWindow: Duration = FailedTokenThrottle.defaultWindow,
        searchIndex: OpenCatalogSearchIndex? = nil,
        _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        try await application(tokenFailureLimit: tokenFailureLimit, tokenFailureWindow: tokenFailureWindow, searchIndex: searchIndex)
            .test(setup, body)
    }

    func drop() async throws {
        try await registry.client.shutdown()
        try await registry.reads.shutdown()
        try await database.drop()
    }
}

/// Collects every log line and its metadata, to prove what never appears in logs.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var text: String {
        lock.withLock { lines.joined(separator: "\n") }
    }

    var handler: some LogHandler { CapturingHandler(capture: self) }

    fileprivate func append(_ line: String) {
        lock.withLock { lines.append(line) }
    }

    private struct CapturingHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append("\(event.level) \(event.message) \(merged)")
        }
    }
}

/// The `{"error": {…}}` body of a refusal.
struct ErrorBody: Decodable {
    struct Detail: Decodable {
        var code: String
        var message: String
        var field: String?
        var article: String?
    }

    var error: Detail
}

/// Reads the API's JSON with the server's own decoder (`RegistryJSON` in `RegistryRequestContext.swift`): snake_case keys
/// become Swift names with `ID` (`data_user_id` → `dataUserID`), timestamps are ISO-8601, so a test body names its fields
/// as a registry model does and a model type from `RegistryCore` decodes as it was encoded.
enum APIJSON {
    static var decoder: JSONDecoder { RegistryJSON.decoder }
    typealias SwiftKey = RegistryJSON.SwiftKey
}

/// A created or read record of which a test needs only its `id`.
struct Identified: Decodable {
    var id: String
}

/// A member of a list that a test only counts: none of its fields are read.
struct Counted: Decodable {}

/// The parts of the OpenAPI document (`openapi.json`) that tests check: its version, its operations by path and method
/// with their security and declared responses, and its components by name.
struct OpenAPIDocument: Decodable {
    /// One operation: `security` is present when it names who may call it; `responses` by status code.
    struct Operation: Decodable {
        var security: [JSONText]?
        var responses: [String: JSONText]?
    }

    var openapi: String
    /// Operations by path, then by lower-case method (`get`, `post` …).
    var paths: [String: [String: Operation]]
    /// Components by kind (`schemas`, `securitySchemes`), then by name.
    var components: [String: [String: JSONText]]

    /// The document in the service's resources.
    static func resource() throws -> OpenAPIDocument {
        let url = ProjectDirectory.url.appendingPathComponent("Sources/RegistryServer/Resources/openapi.json")
        return try JSONDecoder().decode(OpenAPIDocument.self, from: Data(contentsOf: url))
    }
}

/// Any JSON value read back as text (`key: value` members, values in order), for tests that search a body's rows for what
/// must never appear in them, whatever their fields.
struct JSONText: Decodable, CustomStringConvertible {
    var description: String

    init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: APIJSON.SwiftKey.self) {
            let members = try object.allKeys.map { key in
                let value = try object.decode(JSONText.self, forKey: key)
                return "\(key.stringValue): \(value)"
            }
            description = "{" + members.joined(separator: ", ") + "}"
        } else if var array = try? decoder.unkeyedContainer() {
            var values: [String] = []
            while !array.isAtEnd { values.append(try array.decode(JSONText.self).description) }
            description = "[" + values.joined(separator: ", ") + "]"
        } else {
            let value = try decoder.singleValueContainer()
            if value.decodeNil() {
                description = "null"
            } else if let text = try? value.decode(String.self) {
                description = text
            } else if let flag = try? value.decode(Bool.self) {
                description = "\(flag)"
            } else {
                let number = try value.decode(Double.self)
                description = "\(number)"
            }
        }
    }
}

extension TestResponse {
    /// The body decoded as `type`, with the API's key and date conventions (`APIJSON`).
    func decode<Value: Decodable>(_ type: Value.Type = Value.self) throws -> Value {
        try APIJSON.decoder.decode(Value.self, from: Data(body.readableBytesView))
    }

    var text: String { String(buffer: body) }
}

extension HTTPFields {
    static func bearer(_ token: String) -> HTTPFields {
        [.authorization: "Bearer \(token)", .contentType: "application/json"]
    }

    static let json: HTTPFields = [.contentType: "application/json"]
}

extension ByteBuffer {
    init(json: String) {
        self.init(string: json)
    }
}

/// The callers of a test by name (`"clerk"`, `"admin"` …) with their tokens, and the requests tests send as them.
struct Callers: Sendable {
    let tokens: [String: String]

    /// Sends a request as `caller` (`nil` sends no token).
    func send(
        _ client: any TestClientProtocol,
        _ method: HTTPRequest.Method,
        _ uri: String,
        as caller: String?,
        _ body: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = .json
        if let caller { headers = .bearer(tokens[caller]!) }
        return try await client.executeRequest(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(json: $0) })
    }

    /// Expects each caller to get its status, and every refusal to carry an error body.
    func expect(
        _ client: any TestClientProtocol,
        _ method: HTTPRequest.Method,
        _ uri: String,
        _ body: String? = nil,
        _ cases: [(String?, HTTPResponse.Status)],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        for (caller, status) in cases {
            let response = try await send(client, method, uri, as: caller, body)
            #expect(response.status == status, "\(method) \(uri) as \(caller ?? "nobody"): \(response.text)", sourceLocation: sourceLocation)
            if status.code >= 400 {
                let code = try? response.decode(ErrorBody.self).error.code
                #expect(code != nil, "\(method) \(uri) as \(caller ?? "nobody"): no error body", sourceLocation: sourceLocation)
            }
        }
    }
}
