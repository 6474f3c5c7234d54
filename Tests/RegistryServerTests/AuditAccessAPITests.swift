import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import RegistryCore
import RegistryServer
import TestSupport
import Testing

/// The audit authority's access over HTTP (A29.2): auditors only, every read recorded, nothing written, personal data
/// masked (A13.1).
@Suite("Audit authority access over HTTP: auditors read everything, change nothing, every read recorded (A29.2)")
struct AuditAccessAPITests {
    typealias World = CatalogAPITests.World

    static let citizenID = "11010519491231002X"

    /// The catalog world with 卫健委's catalog published and one share request filed, plus an auditor (`auditor`) and a
    /// natural person registered as data user (`citizen`).
    struct AuditWorld {
        let world: World
        let callers: Callers
        let item: String
        let request: String

        static func make() async throws -> AuditWorld {
            let world = try await World.make()
            let tokens = try await world.registry.registry.write(AuditContext(role: "test", action: "fixture")) { connection in
                let person = NewDataUser(kind: .naturalPerson, name: "张三", citizenID: AuditAccessAPITests.citizenID)
                let accounts = [
                    "auditor": NewAccount(role: .auditor, displayName: "自治区审计厅"),
                    "citizen": NewAccount(role: .dataUser, displayName: "张三", dataUser: person),
                ]
                return try accounts.mapValues { try AccountStore().create($0, on: connection).1.value }
            }
            let (item, request) = try await world.registry.test { client in
                let (open, restricted) = try await ShareRequestsAPITests.publish(world, client)
                let filed = try await world.call(
                    client,
                    .post,
                    "/api/v1/share-requests",
                    as: "educationClerk",
                    ShareRequestsAPITests.body(item: restricted),
                    expect: .created,
                    decoding: FiledRequest.self
                )
                return (open, filed.request.id)
            }
            return AuditWorld(world: world, callers: Callers(tokens: world.callers.tokens.merging(tokens) { $1 }), item: item, request: request)
        }

        /// The reads recorded so far: dataset, row count, parameters and request id, in order.
        func readLog() async throws -> [[String]] {
            try await world.registry.registry.read { connection in
                try connection.query(
                    "select dataset, row_count::text as n, parameters::text as p, http_request_id from audit_read_log order by id"
                ).map { row in
                    try ["dataset", "n", "p", "http_request_id"].map { try row.decode($0, as: String.self) }
                }
            }
        }

        /// Every token hash and citizen-number digest stored, in hex.
        func storedSecrets() async throws -> [String] {
            try await world.registry.registry.read { connection in
                try connection.query(
                    """
                    select encode(token_hash, 'hex') as secret from account
                    union all select encode(citizen_id_digest, 'hex') from data_user where citizen_id_digest is not null
                    """
                ).map { try $0.decode("secret", as: String.self) }
            }
        }
    }

    @Test("A29.2: the datasets and their pages are for auditors only — every other role 403, no token 401")
    func auditorsOnly() async throws {
        let audit = try await AuditWorld.make()
        let c = audit.callers
        let others: [(String?, HTTPResponse.Status)] = [
            (nil, .unauthorized), ("healthClerk", .forbidden), ("xinchengReviewer", .forbidden), ("regionReviewer", .forbidden),
            ("committee", .forbidden), ("admin", .forbidden), ("dataUser", .forbidden), ("citizen", .forbidden),
        ]
        try await audit.world.registry.test { client in
            try await c.expect(client, .get, "/api/v1/audit-access", nil, others + [("auditor", .ok)])
            try await c.expect(client, .get, "/api/v1/audit-access/share-requests", nil, others + [("auditor", .ok)])
            try await c.expect(client, .get, "/api/v1/audit-access/registry_secret", nil, [("auditor", .badRequest)])
            try await c.expect(client, .get, "/api/v1/audit-access/accounts?limit=501", nil, [("auditor", .badRequest)])
            let listed = try await c.send(client, .get, "/api/v1/audit-access", as: "auditor").decode(DatasetList.self).datasets
            #expect(listed.map(\.name) == AuditDataset.allCases.map(\.rawValue))
            #expect(listed.first?.label == "机构")
            let share = try await c.send(client, .get, "/api/v1/share-lists/demand", as: "auditor")
            #expect(share.status == .forbidden, "an auditor reads through the recorded audit access only")
            // The chain itself: the audit authority verifies it as the admin and the committee do.
            try await c.expect(
                client,
                .get,
                "/api/v1/audit/verify",
                nil,
                [
                    ("auditor", .ok), ("admin", .ok), ("committee", .ok), ("healthClerk", .forbidden), ("dataUser", .forbidden), (nil, .unauthorized),
                ]
            )
        }
        #expect(try await audit.readLog().map(\.first) == ["share-requests"])
        try await audit.world.registry.drop()
    }

    @Test("A29.2: an auditor reads each dataset; each read leaves exactly one audit_read_log row with its dataset and row count")
    func everyDatasetReadAndRecorded() async throws {
        let audit = try await AuditWorld.make()
        try await audit.world.registry.test { client in
            var expected: [[String]] = []
            for dataset in AuditDataset.allCases {
                let response = try await audit.callers.send(client, .get, "/api/v1/audit-access/\(dataset.rawValue)?limit=500", as: "auditor")
                #expect(response.status == .ok, "\(dataset): \(response.text)")
                let body = try response.decode(DatasetPage.self)
                let items = body.items
                #expect(items.count == body.total, "\(dataset)")
                let requestID = response.headers[HTTPField.Name("X-Request-Id")!] ?? ""
                expected.append([dataset.rawValue, "\(items.count)", #"{"limit": 500, "offset": 0}"#, requestID])
                #expect(try await audit.readLog() == expected, "\(dataset)")
            }
            let page = try await audit.callers.send(client, .get, "/api/v1/audit-access/audit-log?limit=2&offset=3", as: "auditor")
            #expect(try page.decode(AuditLogPage.self).items.map(\.seq) == ["4", "5"])
            #expect(try await audit.readLog().last?[1...2] == ["2", #"{"limit": 2, "offset": 3}"#])
        }
        let counts = try await audit.readLog().map { ($0[0], Int($0[1])!) }
        for dataset in ["institutions", "catalog-items", "catalog-versions", "share-requests", "demand-list", "accounts", "data-users", "audit-log"] {
            #expect(counts.first { $0.0 == dataset }!.1 > 0, "\(dataset) has rows to read")
        }
        let chained = try await audit.world.registry.registry.read { connection in
            try connection.query("select count(*) as n from audit_log where entity = 'audit_read_log' and action = 'audit_access.read'")
                .first!.decode("n", as: Int.self)
        }
        #expect(chained == AuditDataset.allCases.count + 1, "each read is in the audit trail too (A44.1)")
        try await audit.world.registry.drop()
    }

    @Test("A29.2 / A13.1: no response carries a token hash, a citizen-number digest or an unmasked citizen number")
    func personalDataMasked() async throws {
        let audit = try await AuditWorld.make()
        let bodies = try await audit.world.registry.test { client in
            var bodies: [String] = []
            for dataset in AuditDataset.allCases {
                bodies.append(try await audit.callers.send(client, .get, "/api/v1/audit-access/\(dataset.rawValue)?limit=500", as: "auditor").text)
            }
            return bodies
        }
        let secrets = try await audit.storedSecrets()
        #expect(secrets.count == 12, "11 tokens and one digest")
        for body in bodies {
            for forbidden in ["token_hash", "citizen_id_digest", Self.citizenID, Self.citizenID.lowercased()] + secrets {
                #expect(!body.contains(forbidden), "\(forbidden.prefix(12))… in \(body.prefix(80))")
            }
        }
        let users = bodies[AuditDataset.allCases.firstIndex(of: .dataUsers)!]
        #expect(users.contains("\"citizen_id_masked\":\"110105********002X\""))
        try await audit.world.registry.drop()
    }

    @Test("A29.2: an auditor's writes are refused (403) and change nothing")
    func auditorWritesRefused() async throws {
        let audit = try await AuditWorld.make()
        let before = try await audit.world.snapshot()
        let request = "/api/v1/share-requests/\(audit.request)"
        let institution = """
            {"uscc": "\(World.uscc("12150102MB0000299"))", "name": "新城区审计局", "division_code": "150102", "kind": "public_institution"}
            """
        let writes: [(HTTPRequest.Method, String, String?)] = [
            (.post, "/api/v1/catalogs", #"{"kind": "institutional"}"#),
            (.post, "/api/v1/share-requests", ShareRequestsAPITests.body(item: audit.item)),
            (.post, "\(request)/reply", #"{"approve": true}"#),
            (.post, "\(request)/withdraw", nil),
            (.post, "/api/v1/institutions", institution),
            (.put, "/api/v1/institutions/\(World.health)/security-officer", #"{"name": "李四", "title": "主任"}"#),
            (.post, "/api/v1/accounts", #"{"role": "auditor", "display_name": "审计"}"#),
            (.post, "/api/v1/it-projects", ProjectsAPITests.project),
            (.post, "/api/v1/catalog-items/\(audit.item)/refreshes", #"{"refreshed_on": "2026-11-01"}"#),
        ]
        try await audit.world.registry.test { client in
            for (method, uri, body) in writes {
                try await audit.callers.expect(client, method, uri, body, [("auditor", .forbidden)])
            }
        }
        #expect(try await audit.world.snapshot() == before)
        #expect(try await audit.readLog().isEmpty)
        try await audit.world.registry.drop()
    }

    @Test("A29.2: the OpenAPI document names the datasets the router serves")
    func openAPIDatasets() throws {
        let url = ProjectDirectory.url.appendingPathComponent("Sources/RegistryServer/Resources/openapi.json")
        let schemas = try JSONDecoder().decode(OpenAPISchemas.self, from: Data(contentsOf: url)).components.schemas
        let dataset = schemas.auditDataset.properties?["name"]
        #expect(dataset?.enum == AuditDataset.allCases.map(\.rawValue))
        let roles = schemas.role.enum
        #expect(roles == Role.allCases.map(\.rawValue))
    }
}

/// A share request as filed: its id.
private struct FiledRequest: Decodable {
    var request: Identified
}

/// `GET /audit-access`: the datasets an auditor may read, by name and label.
private struct DatasetList: Decodable {
    struct Dataset: Decodable {
        var name: String
        var label: String
    }

    var datasets: [Dataset]
}

/// A page of an audit dataset: its rows, counted, and the total.
private struct DatasetPage: Decodable {
    var items: [Counted]
    var total: Int
}

/// A page of `GET /audit-access/audit-log`: each row's sequence number.
private struct AuditLogPage: Decodable {
    struct Row: Decodable {
        var seq: String
    }

    var items: [Row]
}

/// The schemas of `openapi.json` that name the audit datasets and the roles.
private struct OpenAPISchemas: Decodable {
    /// A JSON Schema, as far as its enumerated values and its properties.
    struct Schema: Decodable {
        var `enum`: [String]?
        var properties: [String: Schema]?
    }

    struct Schemas: Decodable {
        var auditDataset: Schema
        var role: Schema

        enum CodingKeys: String, CodingKey {
            case auditDataset = "AuditDataset"
            case role = "Role"
        }
    }

    struct Components: Decodable {
        var schemas: Schemas
    }

    var components: Components
}
