import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import Logging
import NIOCore
import RegistryCore
import RegistryServer
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The service's HTTP limits and access log: a request past its deadline is answered for, in the way its
/// method allows; past the connection cap a further connection waits, unserved, until one closes; every request gets
/// one access-log line and a random id.
@Suite("HTTP limits and the access log")
struct HTTPLimitsTests {
    /// The service (API and pages on one responder) with a one-second request deadline, at most `maxConnections`
    /// connections, and pages that answer `/slow` after five seconds and `/fast` at once.
    static func application(_ registry: TestRegistry, maxConnections: Int = ServerConfiguration.defaultMaxConnections) -> some ApplicationProtocol {
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
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, requestTimeout: .seconds(1), maxConnections: maxConnections)
        return buildApplication(configuration, database: registry.registry, logger: logger, pages: pages.buildResponder())
    }

    /// ``application(_:maxConnections:)`` through the router, without a socket.
    static func test(_ registry: TestRegistry, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await application(registry).test(.router, body)
    }

    /// ``application(_:maxConnections:)`` served on a real port of 127.0.0.1 with its configuration whole — unlike
    /// HummingbirdTesting's `.live`, whose configuration drops the connection cap — until `body`, given the port, ends.
    static func serve(_ registry: TestRegistry, maxConnections: Int, _ body: @Sendable (Int) async throws -> Void) async throws {
        let (ports, reported) = AsyncStream.makeStream(of: Int.self)
        let app = ServedApplication(base: application(registry, maxConnections: maxConnections), reportPort: reported)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw RawHTTPConnectionError(operation: "serve", code: 0) }
            try await body(port)
        }
    }

    @Test("serve --max-http-connections 2: with two idle keep-alive connections open a third waits unserved until one closes")
    func connectionCap() async throws {
        let registry = try await TestRegistry.make()
        try await Self.serve(registry, maxConnections: 2) { port in
            // Two connections, each served one request and then kept open, idle.
            let first = try RawHTTPConnection(port: port)
            defer { first.close() }
            try first.send(RawHTTPConnection.keepAliveRequest)
            let firstAnswer = try await first.response(within: .seconds(120))
            #expect(firstAnswer?.hasPrefix("HTTP/1.1 200") == true, "the first connection is served: \(firstAnswer ?? "nothing")")
            let second = try RawHTTPConnection(port: port)
            defer { second.close() }
            try second.send(RawHTTPConnection.keepAliveRequest)
            let secondAnswer = try await second.response(within: .seconds(120))
            #expect(secondAnswer?.hasPrefix("HTTP/1.1 200") == true, "the second connection is served: \(secondAnswer ?? "nothing")")

            // Two connections open and idle: the cap is reached. The kernel completes a third connection in the listen
            // backlog, but the service does not accept it, so its request is not read, let alone answered.
            let third = try RawHTTPConnection(port: port)
            defer { third.close() }
            try third.send(RawHTTPConnection.keepAliveRequest)
            let early = try await third.response(within: .seconds(2))
            #expect(early == nil, "served past the cap: \(early ?? "")")

            // One closes: the third is accepted and served (a generous wait: the machine may be loaded).
            second.close()
            let late = try await third.response(within: .seconds(120))
            #expect(late?.hasPrefix("HTTP/1.1 200") == true, "the waiting connection is served once one closes: \(late ?? "nothing")")
            #expect(late?.hasSuffix("\r\n\r\nok") == true)
        }
        try await registry.drop()
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

/// A bare TCP connection to the service, as a client that keeps its connection open has it: a request sent, and the
/// response read without blocking the test's thread, or `nil` when none has come within a time.
final class RawHTTPConnection: @unchecked Sendable {
    /// `GET /fast`, keeping the connection open.
    static let keepAliveRequest = "GET /fast HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n"

    private var descriptor: Int32

    /// Connects to `127.0.0.1:port`; the connection completes in the kernel even when the service does not accept it.
    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawHTTPConnectionError(operation: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw RawHTTPConnectionError(operation: "connect", code: code)
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    /// Sends `text` whole (a request is far smaller than the socket's buffer).
    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw RawHTTPConnectionError(operation: "send", code: errno) }
    }

    /// The response (head and `Content-Length` body) once it is complete, or `nil` if it is not within `timeout`;
    /// looks every 20 ms, sleeping in between.
    func response(within timeout: Duration) async throws -> String? {
        let deadline = ContinuousClock.now + timeout
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[0..<count]
                if let text = String(bytes: received, encoding: .utf8), Self.isComplete(text) { return text }
                continue
            }
            if count == 0 { return nil }  // closed by the service
            guard errno == EAGAIN || errno == EWOULDBLOCK else { throw RawHTTPConnectionError(operation: "recv", code: errno) }
            if ContinuousClock.now >= deadline { return nil }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Whether `text` holds a whole response: its head, and as many bytes of body as it announces.
    private static func isComplete(_ text: String) -> Bool {
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<end.lowerBound].lowercased()
        let length =
            head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        return text[end.upperBound...].utf8.count >= length
    }

    /// Closes the connection; closing twice does nothing.
    func close() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)
        descriptor = -1
    }
}

/// A socket call of ``RawHTTPConnection`` that failed, with its `errno`.
struct RawHTTPConnectionError: Error, CustomStringConvertible {
    var operation: String
    var code: Int32
    var description: String { "\(operation) failed: errno \(code)" }
}

/// An application served as it is, reporting the port it listens on once the server runs. The registry's application
/// has no services or preludes of its own beside its server, so none are forwarded.
struct ServedApplication<Base: ApplicationProtocol>: ApplicationProtocol {
    typealias Responder = Base.Responder

    let base: Base
    let reportPort: AsyncStream<Int>.Continuation

    var responder: Responder { get async throws { try await base.responder } }
    var server: HTTPServerBuilder { base.server }
    var eventLoopGroup: any EventLoopGroup { base.eventLoopGroup }
    var configuration: ApplicationConfiguration { base.configuration }
    var logger: Logger { base.logger }

    @Sendable func onServerRunning(_ channel: any Channel) async {
        await base.onServerRunning(channel)
        if let port = channel.localAddress?.port { reportPort.yield(port) }
        reportPort.finish()
    }
}
