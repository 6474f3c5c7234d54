import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOHTTP1
import Postgres
import RegistryCore
import RegistryServer
import TestSupport
import Testing

@Suite("The HTTP API's contract: routes, OpenAPI, errors, limits")
struct APIContractTests {
    @Test("the OpenAPI document names exactly the routes the router serves")
    func openAPIMatchesRouter() async throws {
        let database = try await TestDatabase.make(maxConnections: 1)
        let router = buildRouter(database: RegistryDatabase(client: database.client))
        let served = Set(router.routes.map { "\($0.method.rawValue) \(Self.openAPIPath($0.path.description))" })

        let document = try OpenAPIDocument.resource()
        #expect(document.openapi == "3.1.0")
        let paths = document.paths
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })

        #expect(served.subtracting(documented).isEmpty, "routes missing from openapi.json")
        #expect(documented.subtracting(served).isEmpty, "openapi.json names routes that do not exist")
        try await database.drop()
    }

    @Test("every $ref of the OpenAPI document names a schema it defines")
    func openAPIReferencesResolve() throws {
        let url = ProjectDirectory.url.appendingPathComponent("Sources/RegistryServer/Resources/openapi.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        let document = try JSONDecoder().decode(OpenAPIDocument.self, from: Data(text.utf8))
        let components = document.components
        #expect(Set(components.keys) == ["schemas", "securitySchemes"])
        let schemas = Set(try #require(components["schemas"]).keys)
        let prefix = "\"$ref\": \"#/components/schemas/"
        let referenced = text.components(separatedBy: prefix).dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(Set(referenced).subtracting(schemas).isEmpty, "unresolved $ref")
    }

    /// `/divisions/:code` or `/divisions/{code}` → `/divisions/{code}`.
    static func openAPIPath(_ path: String) -> String {
        let normalised = path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
        return normalised.hasPrefix("/") ? normalised : "/" + normalised
    }

    @Test("the OpenAPI document is served")
    func openAPIServed() async throws {
        let registry = try await TestRegistry.make()
        try await registry.test { client in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let document = try response.decode(OpenAPIDocument.self)
                #expect(document.openapi == "3.1.0")
            }
        }
        try await registry.drop()
    }

    @Test("/healthz checks the database and says whether the calendar needs an operator (W.3)")
    func health() async throws {
        let registry = try await TestRegistry.make()
        try await registry.test { client in
            for (day, calendar) in [("2026-09-01", "ok"), ("2026-12-05", "ending_soon"), ("2027-01-04", "provisional_in_use")] {
                registry.registry.clock.pin(CivilDate(iso: day)!)
                try await client.execute(uri: "/healthz", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.text.contains("\"database\":\"ok\""))
                    #expect(response.text.contains("\"calendar\":\"\(calendar)\""), "\(day): \(response.text)")
                    #expect(response.headers[HTTPField.Name("X-Request-Id")!] != nil)
                }
            }
        }
        // The service says so in its log, and warns when its clock is pinned (W.4).
        var logger = Logger(label: "registry-test") { _ in registry.log.handler }
        logger.logLevel = .info
        await CalendarWatch(database: registry.registry, logger: logger).check()
        #expect(registry.log.text.contains("the registry's clock is pinned: today is 2027-01-04"))
        #expect(registry.log.text.contains("working-day calendar: 2027年起的期限按暂定日历计算"))
        try await registry.drop()
    }

    @Test("a search is bounded in words and characters, with a clear 400, on every free-text filter")
    func searchBounded() async throws {
        let registry = try await TestRegistry.make()
        try await registry.test { client in
            let long = Array(repeating: "数据", count: 5_000).joined(separator: "%20")
            try await client.execute(uri: "/api/v1/catalog-items?q=\(long)", method: .get, headers: .bearer(registry.adminToken)) { response throws in
                #expect(response.status == .uriTooLong)
                #expect(try response.decode(ErrorBody.self).error.code == "uri_too_long", "the JSON envelope, not a bare status")
            }
            for path in ["/api/v1/catalog-items", "/api/v1/institutions", "/api/v1/data-assets"] {
                for query in [String(repeating: "a", count: 101), Array(repeating: "w", count: 11).joined(separator: "%20")] {
                    try await client.execute(uri: "\(path)?q=\(query)", method: .get, headers: .bearer(registry.adminToken)) { response throws in
                        #expect(response.status == .badRequest, "\(path)")
                        let error = try response.decode(ErrorBody.self).error
                        #expect(error.field == "q" && error.message.contains("检索词过长"), "\(path): \(error.message)")
                    }
                }
                let ten = Array(repeating: "w", count: 10).joined(separator: "%20")
                try await client.execute(uri: "\(path)?q=\(ten)", method: .get, headers: .bearer(registry.adminToken)) { response throws in
                    #expect(response.status != .badRequest, "\(path): ten words are fine")
                }
            }
        }
        try await registry.drop()
    }

    @Test("parameters are what the OpenAPI document declares — unknown, malformed or NUL-bearing ones are 400; other methods 405")
    func parametersDeclared() async throws {
        let registry = try await TestRegistry.make()
        let admin = HTTPFields.bearer(registry.adminToken)
        try await registry.test { client in
            for (uri, field) in [
                ("/api/v1/divisions/150000zzz", "code"), ("/api/v1/catalog-items?bogus=1", "bogus"),
                ("/api/v1/catalog-items?limit=abc", "limit"), ("/api/v1/catalog-items?q=%00", "q"),
                ("/api/v1/catalog-items/not-a-uuid", "id"),
            ] {
                try await client.execute(uri: uri, method: .get, headers: admin) { response throws in
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect(try response.decode(ErrorBody.self).error.field == field, "\(uri)")
                }
            }
            try await client.execute(uri: "/api/v1/divisions/150000", method: .get, headers: admin) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/catalog-items?bogus=1", method: .get) { response throws in
                #expect(response.status == .unauthorized, "authentication comes first")
            }
            try await client.execute(uri: "/api/v1/catalog-items", method: .put, headers: admin) { response throws in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
                #expect(try response.decode(ErrorBody.self).error.code == "method_not_allowed")
            }
            // A NUL byte in a JSON string is refused naming the field, and nothing is stored.
            let body = ByteBuffer(json: #"{"role": "committee", "display_name": "评估\u0000委员"}"#)
            try await client.execute(uri: "/api/v1/accounts", method: .post, headers: admin, body: body) { response throws in
                #expect(response.status == .badRequest)
                #expect(try response.decode(ErrorBody.self).error.field == "display_name")
            }
            // A field of the wrong type is named as the API names it.
            let typed = ByteBuffer(json: #"{"item_id": 1}"#)
            try await client.execute(uri: "/api/v1/share-requests", method: .post, headers: admin, body: typed) { response throws in
                #expect(try response.decode(ErrorBody.self).error.field?.hasPrefix("item_i_d") == false)
            }
        }
        let stored = try await registry.registry.read {
            try $0.query("select count(*)::int as n from account where display_name like '评估%'").first!.decode("n", as: Int.self)
        }
        #expect(stored == 0)
        try await registry.drop()
    }

    @Test("one bad request never ends the process: inputs that once reached a force unwrap get a refusal, and the server answers on")
    func inputsThatOnceCrashed() async throws {
        let registry = try await TestRegistry.make()
        try await registry.test { client in
            for sort in [",", "%2C%2C"] {
                try await client.execute(uri: "/api/3/action/package_search?sort=\(sort)", method: .get) { response throws in
                    #expect(response.status == .conflict, "sort=\(sort)")
                    #expect(String(buffer: response.body).contains("Search Query Error"), "sort=\(sort)")
                }
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
        try await registry.drop()
    }

    @Test("an API session's statements stop after a few seconds; reports and exports get a longer budget")
    func statementBudget() async throws {
        let registry = try await TestRegistry.make()
        let pool = PostgresClient(configuration: registry.database.configuration.forRequests(), maxConnections: 1)
        let database = RegistryDatabase(client: pool)
        let request = try await database.read { try $0.query("select current_setting('statement_timeout') as t").first!.decode("t", as: String.self) }
        #expect(request == PostgresConfiguration.requestStatementTimeout)
        let long = try await database.read(budget: .long) {
            try $0.query("select current_setting('statement_timeout') as t").first!.decode("t", as: String.self)
        }
        #expect(long == StatementBudget.longTimeout)
        let after = try await database.read { try $0.query("select current_setting('statement_timeout') as t").first!.decode("t", as: String.self) }
        #expect(after == request, "the long budget ends with its transaction")
        try await pool.shutdown()
        try await registry.drop()
    }

    @Test("errors are JSON with code, message, field and article")
    func errorShape() async throws {
        let registry = try await TestRegistry.make()
        try await registry.test { client in
            try await client.execute(uri: "/api/v1/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
                let code = try response.decode(ErrorBody.self).error.code
                #expect(code == "not_found")
            }
            try await client.execute(uri: "/api/v1/calendar/due?working_days=5", method: .get) { response in
                #expect(response.status == .badRequest)
                let error = try response.decode(ErrorBody.self).error
                #expect(error.code == "invalid_input")
                #expect(error.field == "from")
            }
            try await client.execute(uri: "/api/v1/calendar/due?from=2060-12-29&working_days=5", method: .get) { response in
                #expect(response.status == .unprocessableContent)
                let error = try response.decode(ErrorBody.self).error
                #expect(error.code == "rule_violation")
                #expect(error.article == "W.2")
                #expect(error.message.contains("2061"))
            }
            try await client.execute(
                uri: "/api/v1/identifiers/check",
                method: .post,
                headers: .json,
                body: ByteBuffer(json: "{\"code\": 5}")
            ) { response in
                #expect(response.status == .badRequest)
                let error = try response.decode(ErrorBody.self).error
                #expect(error.code == "invalid_input")
                #expect(error.field == "code")
            }
            try await client.execute(
                uri: "/api/v1/identifiers/check",
                method: .post,
                headers: .json,
                body: ByteBuffer(json: "not json")
            ) { response in
                #expect(response.status == .badRequest)
                let code = try response.decode(ErrorBody.self).error.code
                #expect(code == "invalid_input")
            }
        }
        try await registry.drop()
    }

    @Test("a body over 1 MiB is refused with payload_too_large")
    func bodyLimit() async throws {
        let registry = try await TestRegistry.make()
        let huge = "{\"code\": \"" + String(repeating: "1", count: 2 << 20) + "\"}"
        try await registry.test { client in
            try await client.execute(
                uri: "/api/v1/identifiers/check",
                method: .post,
                headers: .json,
                body: ByteBuffer(json: huge)
            ) { response in
                #expect(response.status == .contentTooLarge)
                let code = try response.decode(ErrorBody.self).error.code
                #expect(code == "payload_too_large")
            }
        }
        try await registry.drop()
    }

    @Test("the deadline API counts working days (W.1)")
    func calendarDue() async throws {
        let registry = try await TestRegistry.make()
        try await registry.test { client in
            try await client.execute(uri: "/api/v1/calendar/due?from=2024-09-30&working_days=5", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("\"due\":\"2024-10-12\""))
            }
        }
        try await registry.drop()
    }

    @Test("200 concurrent HTTP requests over a pool of 8 connections all succeed")
    func concurrentRequests() async throws {
        let registry = try await TestRegistry.make(maxConnections: 8)
        let statuses = try await registry.test(.live) { client in
            let port = try #require(client.port)
            // Patient timeouts: on a loaded 2-core machine 200 requests may queue for a while; none may fail.
            var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(600), read: .seconds(600)))
            configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 32
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            do {
                let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                    for index in 0..<200 {
                        group.addTask {
                            let day = 1 + index % 28
                            let from = "2025-02-\(day < 10 ? "0" : "")\(day)"
                            let request = HTTPClientRequest(
                                url: "http://127.0.0.1:\(port)/api/v1/calendar/due?from=\(from)&working_days=\(1 + index % 15)"
                            )
                            let response = try await http.execute(request, timeout: .seconds(600))
                            _ = try await response.body.collect(upTo: 1 << 16)
                            return response.status.code
                        }
                    }
                    return try await group.reduce(into: [UInt]()) { $0.append($1) }
                }
                try await http.shutdown()
                return statuses
            } catch {
                try await http.shutdown()
                throw error
            }
        }
        #expect(statuses.count == 200)
        #expect(statuses.allSatisfy { $0 == 200 })
        try await registry.drop()
    }
}
