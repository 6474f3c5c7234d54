import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import RegistryCore
import RegistryServer
import RegistryWeb
import TestSupport
import Testing

/// A registry with the web workspace over a fresh test database, on a clock pinned to 2026-09-01 09:00: 新城区卫健委
/// with its clerk, 新城区's authority with its reviewer, and a committee member — each with a login and the password
/// ``WebWorld/password``.
struct WebWorld: Sendable {
    static let password = "correct-horse-battery-staple"
    static let day = CivilDate(iso: "2026-09-01")!
    static func uscc(_ first17: String) -> String { first17 + String(UnifiedSocialCreditCode.checkCharacter(for: first17)!) }
    static let health = uscc("12150102MB0000201")
    static let authority = uscc("11150102MB0000205")
    /// One hash for every test account: bcrypt at cost 12 takes a quarter of a second.
    static let passwordHash = Task { try await PasswordHasher().hash(password) }

    let test: TestDatabase
    let database: RegistryDatabase
    let site: WebSite
    let accounts: [String: Account]

    static func make() async throws -> WebWorld {
        let test = try await TestDatabase.make()
        let database = RegistryDatabase(client: test.client, clock: RegistryClock(pinnedTo: day))
        database.clock.pin(day, at: ClockTime(hour: 9, minute: 0))
        let hash = try await passwordHash.value
        let accounts = try await database.write(AuditContext(role: "test", action: "fixture")) { connection in
            let bureau = NewInstitution(uscc: health, name: "新城区卫生健康委员会", divisionCode: "150102", kind: .publicInstitution)
            try InstitutionStore().create(bureau, on: connection)
            let office = NewInstitution(uscc: authority, name: "新城区数据局", divisionCode: "150102", kind: .publicDataAuthority)
            try InstitutionStore().create(office, on: connection)
            let people: [(String, NewAccount)] = [
                ("clerk", NewAccount(role: .clerk, displayName: "卫健委登记员", institution: health)),
                ("reviewer", NewAccount(role: .reviewer, displayName: "新城区审核员", institution: authority)),
                ("committee", NewAccount(role: .committee, displayName: "评估委员")),
                ("admin", NewAccount(role: .admin, displayName: "管理员")),
            ]
            var accounts: [String: Account] = [:]
            for (login, new) in people {
                let (account, _) = try AccountStore().create(new, on: connection)
                try SignInStore().setLogin(try Login(login), of: account.id, on: connection)
                accounts[login] = try SignInStore().setPassword(hash, of: account.id, on: connection)
            }
            return accounts
        }
        let site = try await WebSite.load(from: try ProjectLayout.locate())
        return WebWorld(test: test, database: database, site: site, accounts: accounts)
    }

    /// Moves the registry's clock to `hour:minute` of `day`.
    func at(_ hour: Int, _ minute: Int, on day: CivilDate = WebWorld.day) {
        database.clock.pin(day, at: ClockTime(hour: hour, minute: minute))
    }

    /// Runs `body` against the real service — the API and the pages on one responder — with `extra` routes added to the
    /// pages (for testing what no page of the foundation exercises yet).
    func test<Value>(
        secureCookies: Bool = false,
        log: LogLines = LogLines(),
        extra: (Router<WebRequestContext>) -> Void = { _ in },
        _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let router = buildWebRouter(database: database, site: site, configuration: WebConfiguration(secureCookies: secureCookies))
        extra(router)
        let logger = Logger(label: "registry-web-test") { _ in LogLines.Handler(lines: log) }
        // Many tests hash passwords at once on two cores: no request is cut off by the deadline (HTTPLimitsTests tests it).
        let app = buildApplication(
            ServerConfiguration(host: "127.0.0.1", port: 0, requestTimeout: .seconds(600)),
            database: database,
            logger: logger,
            pages: router.buildResponder()
        )
        return try await app.test(.router, body)
    }

    /// The actions of the audit rows written so far, in order.
    func auditActions() async throws -> [String] {
        try await database.read { connection in
            try connection.query("select action from audit_log order by seq").map { try $0.decode("action", as: String.self) }
        }
    }

    func drop() async throws {
        try await test.drop()
    }
}

/// The log lines of a test's service, with their metadata.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var text: String { lock.withLock { lines.joined(separator: "\n") } }

    struct Handler: LogHandler {
        let lines: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            lines.lock.withLock { lines.lines.append("\(event.level) \(event.message) \(merged)") }
        }
    }
}

/// A browser for tests: keeps the cookies the service sets and sends them back, and fills in the form token.
final class Browser: @unchecked Sendable {
    private let lock = NSLock()
    private var jar: [String: String] = [:]
    let client: any TestClientProtocol

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    var cookies: [String: String] {
        lock.withLock { jar }
    }

    /// GET `uri`.
    @discardableResult
    func get(_ uri: String) async throws -> TestResponse {
        try await send(uri, .get, body: nil, contentType: nil)
    }

    /// POST a form to `uri`; `csrf` is the token of the page `from`, fetched first, unless given.
    @discardableResult
    func post(_ uri: String, _ fields: [String: String], csrf: String? = nil, from page: String = "/sign-in") async throws -> TestResponse {
        var fields = fields
        if fields["csrf"] == nil { fields["csrf"] = try await csrfToken(from: page) }
        let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await send(uri, .post, body: ByteBuffer(string: body), contentType: "application/x-www-form-urlencoded")
    }

    /// POST `fields` and a file as `multipart/form-data` to `uri`; `csrf` is the token of the page `from` unless given
    /// (`""` sends none).
    @discardableResult
    func upload(
        _ uri: String,
        _ fields: [String: String] = [:],
        file: (name: String, filename: String, bytes: [UInt8]),
        csrf: String? = nil,
        from page: String
    ) async throws -> TestResponse {
        var fields = fields
        var token = csrf ?? ""
        if csrf == nil { token = try await csrfToken(from: page) }
        if !token.isEmpty { fields["csrf"] = token }
        let boundary = "----registry-test-\(UUID().uuidString)"
        var body: [UInt8] = []
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\n".utf8)
        body += Array("Content-Type: application/octet-stream\r\n\r\n".utf8) + file.bytes + Array("\r\n--\(boundary)--\r\n".utf8)
        return try await send(uri, .post, body: ByteBuffer(bytes: body), contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// The form token a page carries.
    func csrfToken(from page: String) async throws -> String {
        let html = try await get(page).text
        guard let match = html.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/) else { return "" }
        return String(match.1)
    }

    /// Signs in as `login` and expects to land on the workspace.
    func signIn(_ login: String, password: String = WebWorld.password, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let response = try await post("/sign-in", ["login": login, "password": password])
        #expect(response.status == .seeOther, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.headers[.location] == "/workspace", sourceLocation: sourceLocation)
    }

    private func send(_ uri: String, _ method: HTTPRequest.Method, body: ByteBuffer?, contentType: String?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        let cookie = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        if !cookie.isEmpty { headers[.cookie] = cookie }
        if let contentType { headers[.contentType] = contentType }
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
        keep(response.headers[values: .setCookie])
        return response
    }

    private func keep(_ setCookies: [String]) {
        lock.withLock {
            for header in setCookies {
                let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                let name = String(pair[0])
                let value = pair.count > 1 ? String(pair[1]) : ""
                if value.isEmpty || header.contains("Max-Age=0") { jar[name] = nil } else { jar[name] = value }
            }
        }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

/// Validates pages with HTML Tidy, as the reports are (RP.1–RP.3): no errors, `lang="zh-CN"`, a label for every
/// input, select and text area, and under 100 KB with the stylesheet.
enum PageValidation {
    static func check(_ html: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(html.contains("<html lang=\"zh-CN\">"), "\(name): lang", sourceLocation: sourceLocation)
        #expect(html.utf8.count + stylesheetBytes < 100_000, "\(name): HTML and CSS over 100 KB", sourceLocation: sourceLocation)
        for match in html.matches(of: /<(?:input|select|textarea) id="([^"]+)"/) {
            #expect(html.contains("<label for=\"\(match.1)\">"), "\(name): no label for \(match.1)", sourceLocation: sourceLocation)
        }
        let unlabelled = html.matches(of: /<(?:input|select|textarea) (?!id=")[^>]*>/).filter { !$0.0.contains("type=\"hidden\"") }
        #expect(unlabelled.isEmpty, "\(name): inputs without id and label", sourceLocation: sourceLocation)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("page-\(UUID().uuidString).html")
        try Data(html.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try run("/usr/bin/tidy", ["-q", "-e", "-utf8", "--show-warnings", "no", file.path])
        #expect(status < 2, "tidy found errors in \(name): \(output)", sourceLocation: sourceLocation)
    }

    private static let stylesheetBytes =
        (try? Data(contentsOf: ProjectLayout.locate().web.appendingPathComponent("static/registry.css")).count) ?? 0

    private static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
