import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import RegistryCore
import RegistryServer
import Testing

/// The service's HTTP limits and access log (issue 21): a request past its deadline is answered for, in the way its
/// method allows; every request gets one access-log line and a random id.
@Suite("HTTP limits and the access log")
struct HTTPLimitsTests {
    /// The service (API and pages on one responder) with a one-second request deadline and pages that answer
    /// `/slow` after five seconds and `/fast` at once.
    static func test(_ registry: TestRegistry, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let pages = Router(context: BasicRequestContext.self)
        pages.get("/fast") { _, _ in "ok" }
        pages.get("/slow") { _, _ -> String in
            try await Task.sleep(for: .seconds(5))
            return "late"
        }
        pages.post("/slow") { _, _ -> String in
            try await Task.sleep(for: .seconds(5))
            return "late"
        }
        var logger = Logger(label: "registry-test") { _ in registry.log.handler }
        logger.logLevel = .info
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, requestTimeout: .seconds(1))
        let app = buildApplication(configuration, database: registry.registry, logger: logger, pages: pages.buildResponder())
        try await app.test(.router, body)
    }

    @Test("past the deadline a read gets 503 with Retry-After and a change 502 outcome_unknown, never 'please retry'")
    func requestDeadline() async throws {
        let registry = try await TestRegistry.make()
        try await Self.test(registry) { client in
            let read = try await client.executeRequest(uri: "/slow", method: .get, headers: [:], body: nil)
            #expect(read.status == .serviceUnavailable)
            #expect(read.headers[.retryAfter] != nil)
            let change = try await client.executeRequest(uri: "/slow", method: .post, headers: [:], body: nil)
            #expect(change.status == .badGateway)
            #expect(change.headers[.retryAfter] == nil)
            #expect(String(buffer: change.body).contains("可能已经生效"))
            #expect(try await client.executeRequest(uri: "/fast", method: .get, headers: [:], body: nil).status == .ok)
        }
        #expect(registry.log.text.contains("request deadline passed: GET /slow"))
        try await registry.drop()
    }

    @Test("each request is logged once at info with a random 128-bit id, also sent as X-Request-Id")
    func accessLog() async throws {
        let registry = try await TestRegistry.make()
        try await Self.test(registry) { client in
            var ids: [String] = []
            for uri in ["/fast", "/fast", "/healthz"] {
                let response = try await client.executeRequest(uri: uri, method: .get, headers: [:], body: nil)
                ids.append(response.headers[.init("X-Request-Id")!] ?? "")
            }
            #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) }, "\(ids)")
            #expect(Set(ids).count == 3)
        }
        let lines = registry.log.text.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("info GET /fast 200") }.count == 2)
        #expect(lines.filter { $0.hasPrefix("info GET /healthz 200") }.count == 1)
        try await registry.drop()
    }
}
